/**
 * What schema completion may offer at the cursor, read from the tokens of the statement being
 * typed (which does not parse yet): the project's SQL scanner (rules/tokens.ts) skips comments
 * and keeps string literals, quoted identifiers and dollar bodies whole, so a statement spread
 * over lines, with comments between its words, quoted or schema-qualified names, `ONLY` or
 * `IF EXISTS`, reads the same as one written on a line.
 */
import { scan, type Token } from '../rules/tokens';
import { tokenName } from './events';

/** A name as its parts (`["app", "users"]`), unquoted and folded as PostgreSQL reads them. */
export type QualifiedName = string[];

export type CompletionContext =
  | { kind: 'none' }
  /** Tables, views and schemas; with `schema`, that schema's relations only (`app.`). */
  | { kind: 'relations'; schema?: string }
  /** The columns of a table named in the statement. */
  | { kind: 'columns'; table: QualifiedName }
  /** In an expression: the statement's table's columns (when it has one) and functions. */
  | { kind: 'expression'; table?: QualifiedName }
  | { kind: 'types' }
  | { kind: 'functions' }
  /** After `name.`: a schema's relations, or the columns of a table (or of the table an alias stands for). */
  | { kind: 'qualified'; qualifier: QualifiedName; table?: QualifiedName }
  /** Inside a string literal: the values of the enum `ALTER TYPE … ADD VALUE` names, else of the enums the statement names. */
  | { kind: 'enum values'; type?: QualifiedName; names: string[]; table?: QualifiedName };

const isName = (t: Token | undefined) => !!t && /^[A-Z_"\u0080-\uffff]/.test(t.upper);

/** Keywords that may stand before an alias's own name (`FROM users`): no table an alias stands for. */
const NOT_A_TABLE = new Set(['FROM', 'JOIN', 'LATERAL', 'UPDATE', 'INTO', 'ONLY', 'TABLE', 'ON', 'SET', 'WHERE', 'SELECT', 'AND', 'OR', 'USING', 'AS', 'BY', 'REFERENCES', 'TRUNCATE', 'INDEX', 'COLUMN', 'EXISTS', 'DELETE', 'INSERT', 'ALTER', 'DROP', 'RENAME', 'NOT', 'IN']);
/** Tokens after which an expression's operand comes. */
const OPERAND_AFTER = new Set(['SELECT', 'WHERE', 'AND', 'OR', 'NOT', '=', '<', '>', '<=', '>=', '<>', '!=', '+', '-', '*', '/', '||', ',', 'DEFAULT', 'ON', 'BY', 'HAVING', 'WHEN', 'THEN', 'ELSE', 'RETURNING', 'IN', 'CHECK', 'USING']);

/** The context at `offset`, for the statement that starts at `start` (after the previous `;`). */
export function completionContext(text: string, start: number, offset: number): CompletionContext {
  const all = scan(text, start, offset);
  const last = all[all.length - 1];
  const gap = text.slice(last?.end ?? start, offset);
  if (/--[^\n]*$/.test(gap) || gap.replace(/\/\*[^]*?\*\//g, '').includes('/*')) return { kind: 'none' };
  const c = new Reader(text, all);
  if (last && last.end === offset && last.upper.startsWith("'")) return openString(last.upper) ? c.enumValues() : { kind: 'none' };
  // The word being typed is the completion's prefix: the editor filters on it.
  if (last && last.end === offset && (isName(last) || /^[0-9]/.test(last.upper))) c.tokens.pop();
  if (c.upper(-1) === '.') {
    const qualifier = c.nameBefore(c.tokens.length - 2);
    if (!qualifier) return { kind: 'none' };
    c.tokens.length = qualifier.start;
    return { kind: 'qualified', qualifier: qualifier.parts, table: c.aliasTarget(qualifier.parts) };
  }
  return c.context();
}

/** `'abc` is open, `'abc'` and `'it''s'` are closed: the quotes after the first pair up unless one closes the string. */
function openString(raw: string): boolean {
  return (raw.slice(1).match(/'/g)?.length ?? 0) % 2 === 0;
}

class Reader {
  constructor(
    private readonly text: string,
    readonly tokens: Token[],
  ) {}

  /** A token's text (upper-cased), counted from the end when negative. */
  upper(i: number): string | undefined {
    return this.tokens[i < 0 ? this.tokens.length + i : i]?.upper;
  }

  /** The qualified name starting at token i, and the index after it. */
  nameAt(i: number): { parts: QualifiedName; next: number } | undefined {
    if (!isName(this.tokens[i])) return undefined;
    const parts = [tokenName(this.text, this.tokens[i])];
    let j = i + 1;
    while (this.upper(j) === '.' && isName(this.tokens[j + 1])) {
      parts.push(tokenName(this.text, this.tokens[j + 1]));
      j += 2;
    }
    return { parts, next: j };
  }

  /** The qualified name ending at token i, and its first token's index. */
  nameBefore(i: number): { parts: QualifiedName; start: number } | undefined {
    if (!isName(this.tokens[i])) return undefined;
    const parts = [tokenName(this.text, this.tokens[i])];
    let j = i;
    while (this.upper(j - 1) === '.' && isName(this.tokens[j - 2])) {
      parts.unshift(tokenName(this.text, this.tokens[j - 2]));
      j -= 2;
    }
    return { parts, start: j };
  }

  /** Skips optional words in order (`ONLY`, `IF EXISTS`) at i. */
  skip(i: number, ...optional: string[][]): number {
    for (const words of optional) if (words.every((w, k) => this.upper(i + k) === w)) i += words.length;
    return i;
  }

  /** The table the statement is about: its INSERT/UPDATE/DELETE/ALTER TABLE target, an index's, trigger's or policy's table, or the first FROM's. */
  statementTable(): QualifiedName | undefined {
    const u = (i: number) => this.upper(i);
    let i = -1;
    if (u(0) === 'INSERT' && u(1) === 'INTO') i = 2;
    else if (u(0) === 'UPDATE') i = this.skip(1, ['ONLY']);
    else if (u(0) === 'DELETE' && u(1) === 'FROM') i = this.skip(2, ['ONLY']);
    else if (u(0) === 'ALTER' && u(1) === 'TABLE') i = this.skip(2, ['IF', 'EXISTS'], ['ONLY']);
    else if (u(0) === 'CREATE') {
      const on = this.tokens.findIndex((t) => t.depth === 0 && t.upper === 'ON');
      if (on > 0 && this.tokens.slice(0, on).some((t) => ['INDEX', 'TRIGGER', 'POLICY'].includes(t.upper))) i = this.skip(on + 1, ['ONLY']);
    }
    if (i < 0) {
      const from = this.tokens.findIndex((t) => t.upper === 'FROM');
      if (from >= 0) i = this.skip(from + 1, ['ONLY']);
    }
    return i >= 0 ? this.nameAt(i)?.parts : undefined;
  }

  /** The table an alias (or a table's own name) stands for: `… FROM app.users u` for `u`. */
  aliasTarget(qualifier: QualifiedName): QualifiedName | undefined {
    if (qualifier.length !== 1) return qualifier;
    for (let i = 1; i < this.tokens.length; i++) {
      if (!isName(this.tokens[i]) || tokenName(this.text, this.tokens[i]) !== qualifier[0]) continue;
      const end = this.upper(i - 1) === 'AS' ? i - 2 : i - 1;
      const named = this.nameBefore(end);
      if (named && !(named.parts.length === 1 && NOT_A_TABLE.has(this.tokens[end].upper))) return named.parts;
    }
    return qualifier;
  }

  enumValues(): CompletionContext {
    const u = (i: number) => this.upper(i);
    const names = this.tokens.filter(isName).map((t) => tokenName(this.text, t));
    if (u(0) === 'ALTER' && u(1) === 'TYPE') return { kind: 'enum values', type: this.nameAt(2)?.parts, names };
    return { kind: 'enum values', names, table: this.statementTable() };
  }

  /** The innermost parenthesis still open at the cursor, or -1. */
  private openParen(): number {
    const open: number[] = [];
    this.tokens.forEach((t, i) => {
      if (t.upper === '(') open.push(i);
      else if (t.upper === ')') open.pop();
    });
    return open.length ? open[open.length - 1] : -1;
  }

  context(): CompletionContext {
    const n = this.tokens.length;
    const u = (i: number) => this.upper(i);
    if (u(-1) === ':' && u(-2) === ':') return { kind: 'types' };
    if (u(-1) === 'TYPE' && u(-2) !== 'CREATE') return { kind: 'types' };
    if ((u(-1) === 'FUNCTION' || u(-1) === 'PROCEDURE') && u(-2) === 'EXECUTE') return { kind: 'functions' };
    const paren = this.openParen();
    if (paren >= 0) {
      const inside = this.parenContext(paren);
      if (inside) return inside;
    } else {
      const top = this.topLevelContext();
      if (top) return top;
    }
    return OPERAND_AFTER.has(u(-1) ?? '') || (paren >= 0 && paren === n - 1) ? { kind: 'expression', table: this.statementTable() } : { kind: 'none' };
  }

  /** Inside the parenthesis at token `paren`: a column list of a named table, or a new table's column definitions. */
  private parenContext(paren: number): CompletionContext | undefined {
    const u = (i: number) => this.upper(i);
    // `ON [ONLY] t [USING method] (`, `INSERT INTO t (`, `REFERENCES t (`.
    let end = paren - 1;
    if (u(end - 1) === 'USING') end -= 2;
    const named = this.nameBefore(end);
    if (named) {
      const before = this.skipBack(named.start - 1, ['ONLY'], ['IF', 'NOT', 'EXISTS']);
      const head = u(before);
      if (head === 'REFERENCES' || (head === 'INTO' && u(before - 1) === 'INSERT')) return { kind: 'columns', table: named.parts };
      if (head === 'ON' && u(0) === 'CREATE' && this.tokens.slice(0, before).some((t) => t.upper === 'INDEX')) return { kind: 'columns', table: named.parts };
      if (head === 'TABLE' && u(0) === 'CREATE') {
        // A new column's type comes after its name: `(id bigint, name |`; nothing of the schema names a new column.
        const last = this.tokens.length - 1;
        if (isName(this.tokens[last]) && this.tokens[last].depth === this.tokens[paren].depth + 1 && (u(last - 1) === '(' || u(last - 1) === ',')) return { kind: 'types' };
        return u(last) === '(' || u(last) === ',' ? { kind: 'none' } : undefined;
      }
    }
    // `ON CONFLICT (`, and the column lists of constraints an ALTER TABLE adds.
    const key = u(paren - 1);
    const table = this.statementTable();
    if (table && (key === 'CONFLICT' || ((key === 'KEY' || key === 'UNIQUE') && u(0) === 'ALTER'))) return { kind: 'columns', table };
    return undefined;
  }

  /** At the top level: relations after the keywords that name one, the target table's columns after ALTER/DROP/RENAME [COLUMN] and SET, a new column's type. */
  private topLevelContext(): CompletionContext | undefined {
    const u = (i: number) => this.upper(i);
    const n = this.tokens.length;
    const head = u(0);
    // The keyword before the name, past the optional words between them (`ALTER TABLE IF EXISTS ONLY`).
    const k = this.skipBack(n - 1, ['ONLY'], ['IF', 'EXISTS']);
    if (this.namesRelation(k)) return { kind: 'relations' };
    // A list of tables: `DROP TABLE a, |`, `TRUNCATE a, |`, `FROM a, |`.
    if (u(-1) === ',' && (head === 'DROP' || head === 'TRUNCATE' || this.lastKeyword(['FROM', 'SELECT', 'WHERE', 'SET']) === 'FROM')) return { kind: 'relations' };
    const table = this.statementTable();
    if (!table) return undefined;
    if (head === 'ALTER' && u(1) === 'TABLE') {
      const m = this.skipBack(n - 1, ['IF', 'EXISTS'], ['COLUMN']);
      if (m > 1 && (u(m) === 'ALTER' || u(m) === 'DROP' || u(m) === 'RENAME')) return { kind: 'columns', table };
      // `ADD [COLUMN] [IF NOT EXISTS] name |`: its type.
      if (isName(this.tokens[n - 1]) && !['COLUMN', 'CONSTRAINT', 'EXISTS', 'ADD'].includes(u(n - 1) ?? '') && u(this.skipBack(n - 2, ['IF', 'NOT', 'EXISTS'], ['COLUMN'])) === 'ADD') return { kind: 'types' };
    }
    if (head === 'UPDATE' && (u(-1) === 'SET' || (u(-1) === ',' && this.lastKeyword(['SET', 'WHERE', 'FROM', 'RETURNING']) === 'SET'))) return { kind: 'columns', table };
    return undefined;
  }

  /** Does the keyword at token k introduce a table's name? */
  private namesRelation(k: number): boolean {
    const u = (i: number) => this.upper(i);
    const [key, prev, head] = [u(k), u(k - 1), u(0)];
    const before = (words: string[]) => this.tokens.slice(0, k).some((t) => words.includes(t.upper));
    switch (key) {
      case 'TABLE':
        return ['ALTER', 'DROP', 'TRUNCATE', 'LOCK'].includes(prev ?? '') || (prev === 'ON' && ['GRANT', 'REVOKE', 'COMMENT'].includes(head ?? ''));
      case 'VIEW':
        return prev === 'DROP' || prev === 'ALTER';
      case 'COLUMN':
        return prev === 'ON' && head === 'COMMENT';
      case 'INTO':
        return prev === 'INSERT';
      case 'UPDATE':
        return prev !== 'FOR' && prev !== 'DO';
      case 'FROM':
      case 'JOIN':
      case 'REFERENCES':
      case 'TRUNCATE':
      case 'LOCK':
        return true;
      case 'ON':
        return (head === 'CREATE' && before(['INDEX', 'TRIGGER', 'POLICY'])) || head === 'GRANT' || head === 'REVOKE';
      default:
        return false;
    }
  }

  /** Steps back over optional words (each group checked once, last group first) ending at token i; the index of the token before them. */
  private skipBack(i: number, ...optional: string[][]): number {
    for (const words of optional) if (words.every((w, k) => this.upper(i - words.length + 1 + k) === w)) i -= words.length;
    return i;
  }

  /** The last of these keywords at the top level, or undefined. */
  private lastKeyword(words: string[]): string | undefined {
    for (let i = this.tokens.length - 1; i >= 0; i--) if (this.tokens[i].depth === 0 && words.includes(this.tokens[i].upper)) return this.tokens[i].upper;
    return undefined;
  }
}
