/**
 * Expands a VS Code snippet body the way the editor does when the user accepts every default:
 * tabstops and placeholders (`$1`, `${1:default}`, nested), choices (`${1|a,b|}` → a), variables
 * with their transforms (`${TM_FILEPATH/regex/format/}`), and `\$` escapes. Enough for our
 * snippets; anything else is an error so a new construct cannot slip through unchecked.
 */

export type SnippetVariables = Record<string, string>;

export function expandSnippet(body: string | string[], variables: SnippetVariables): string {
  const text = Array.isArray(body) ? body.join('\n') : body;
  const defaults = new Map<string, string>();
  // Two passes: a bare `$2` may come before the `${2:default}` that gives it its text.
  new Expander(text, variables, defaults).run();
  return new Expander(text, variables, defaults).run();
}

class Expander {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly vars: SnippetVariables,
    private readonly defaults: Map<string, string>,
  ) {}

  run(): string {
    const out = this.until(() => false);
    if (this.i < this.s.length) throw new Error(`unbalanced "}" at ${this.i} in snippet: ${this.s}`);
    return out;
  }

  /** Text up to (not including) where `stop` says, or to the end. */
  private until(stop: () => boolean): string {
    let out = '';
    while (this.i < this.s.length && !stop()) {
      const c = this.s[this.i];
      if (c === '\\' && '$}\\'.includes(this.s[this.i + 1] ?? '')) {
        out += this.s[this.i + 1];
        this.i += 2;
      } else if (c === '$') out += this.dollar();
      else {
        out += c;
        this.i++;
      }
    }
    return out;
  }

  private dollar(): string {
    this.i++;
    const bare = /^(\d+|[A-Z_]+)/.exec(this.s.slice(this.i));
    if (bare) {
      this.i += bare[1].length;
      return this.value(bare[1]);
    }
    if (this.s[this.i] !== '{') throw new Error(`lone "$" at ${this.i - 1} in snippet: ${this.s}`);
    this.i++;
    const name = /^(\d+|[A-Z_]+)/.exec(this.s.slice(this.i))?.[1];
    if (!name) throw new Error(`"\${" without a tabstop or variable at ${this.i} in snippet: ${this.s}`);
    this.i += name.length;
    const next = this.s[this.i];
    let result: string;
    if (next === '}') result = this.value(name);
    else if (next === ':') {
      this.i++;
      result = this.until(() => this.s[this.i] === '}');
      if (/^\d+$/.test(name)) this.defaults.set(name, result);
    } else if (next === '|') {
      const end = this.s.indexOf('|}', this.i);
      if (end < 0) throw new Error(`unterminated choice in snippet: ${this.s}`);
      result = this.s.slice(this.i + 1, end).split(',')[0];
      this.defaults.set(name, result);
      this.i = end + 1;
    } else if (next === '/') result = this.transform(this.value(name));
    else throw new Error(`unexpected "${next}" after \${${name} in snippet: ${this.s}`);
    if (this.s[this.i] !== '}') throw new Error(`unterminated \${${name} in snippet: ${this.s}`);
    this.i++;
    return result;
  }

  private value(name: string): string {
    if (/^\d+$/.test(name)) return this.defaults.get(name) ?? '';
    const v = this.vars[name];
    if (v === undefined) throw new Error(`snippet variable ${name} has no test value`);
    return v;
  }

  /** `/regex/format/options` after a variable: JavaScript's replace reads `$1` the same way. */
  private transform(value: string): string {
    const parts: string[] = [];
    let part = '';
    this.i++;
    while (parts.length < 3) {
      const c = this.s[this.i];
      if (c === undefined) throw new Error(`unterminated transform in snippet: ${this.s}`);
      if (c === '\\' && this.s[this.i + 1] === '/') {
        part += '/';
        this.i += 2;
      } else if (c === '/' && parts.length < 2) {
        parts.push(part);
        part = '';
        this.i++;
      } else if (c === '}' && parts.length === 2) {
        parts.push(part);
      } else {
        part += c;
        this.i++;
      }
    }
    const [regex, format, options] = parts;
    return value.replace(new RegExp(regex, options), format);
  }
}
