/**
 * What a configuration may name: the registry's rule ids (the run-time ones included, which
 * `-- lens-ignore` and `rules` both accept), with each rule's options checked against the
 * descriptor in its metadata. config.ts and the CLI's `--rule` report through these.
 */
import { ALL_RULES, RULES_BY_ID } from './index';
import type { Rule, RuleOption } from './types';
import { DURATION } from '../vocabulary';

/** Every id a `rules` entry, `--rule` or an ignore comment may name. */
const KNOWN_RULE_IDS: readonly string[] = ALL_RULES.map((r) => r.id);
const KNOWN = new Set(KNOWN_RULE_IDS);

export function isKnownRuleId(id: string): boolean {
  return KNOWN.has(id);
}

/** ` (did you mean "x"?)` for the closest known id, or '' when nothing is close. */
export function didYouMean(id: string, candidates: readonly string[] = KNOWN_RULE_IDS): string {
  const best = closest(id, candidates);
  return best ? ` (did you mean "${best}"?)` : '';
}

/** The candidate nearest to `word` by edit distance, if it is near enough to be a typo; or one that contains it. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase().slice(0, 100);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(w, c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  if (best !== undefined && bestDistance <= Math.max(2, Math.floor(w.length / 3))) return best;
  // `lock-timeout` for `missing-lock-timeout`: a part of the id.
  return w.length >= 4 ? candidates.find((c) => c.toLowerCase().includes(w)) : undefined;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** What is wrong with one option value, or undefined when it is valid. */
function optionProblem(spec: RuleOption, value: unknown): string | undefined {
  switch (spec.type) {
    case 'integer': {
      const ok = typeof value === 'number' && Number.isInteger(value) && (spec.minimum === undefined || value >= spec.minimum) && (spec.maximum === undefined || value <= spec.maximum);
      if (ok) return undefined;
      const bounds = spec.minimum !== undefined && spec.maximum !== undefined ? ` between ${spec.minimum} and ${spec.maximum}` : spec.minimum !== undefined ? ` of at least ${spec.minimum}` : spec.maximum !== undefined ? ` of at most ${spec.maximum}` : '';
      return `must be a whole number${bounds}`;
    }
    case 'duration':
      return (typeof value === 'number' && value >= 0) || (typeof value === 'string' && DURATION.test(value.trim())) ? undefined : 'must be a PostgreSQL duration such as "5s", "500ms" or "2min"';
    case 'string':
      return typeof value === 'string' && value.trim() !== '' ? undefined : 'must be a non-empty string';
  }
}

/** A short rendering of a bad value for a message. */
function shown(value: unknown): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/**
 * The problems of a rule's `options` object, each as `[option key, message]` (the key is
 * undefined when the object as a whole is wrong). Rules without a descriptor take none.
 */
export function ruleOptionProblems(id: string, options: unknown): [string | undefined, string][] {
  if (options === undefined) return [];
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return [[undefined, `rules.${id}.options must be an object`]];
  const specs = RULES_BY_ID.get(id)?.options ?? {};
  const names = Object.keys(specs);
  const problems: [string | undefined, string][] = [];
  for (const [key, value] of Object.entries(options)) {
    // Own keys only: `constructor` or `toString` are no option.
    const spec = Object.hasOwn(specs, key) ? specs[key] : undefined;
    if (!spec) {
      const takes = names.length ? `its options are ${names.map((n) => `"${n}"`).join(', ')}` : 'it takes no options';
      problems.push([key, `rules.${id}.options: unknown option "${key}" (${takes})${names.length ? didYouMean(key, names) : ''}`]);
      continue;
    }
    const problem = optionProblem(spec, value);
    if (problem) problems.push([key, `rules.${id}.options.${key} ${problem} (got ${shown(value)})`]);
  }
  return problems;
}

/** The JSON schema of a rule's options object. */
export function optionsSchema(rule: Rule): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(rule.options ?? {})) {
    const common = { description: spec.description, ...(spec.default !== undefined ? { default: spec.default } : {}) };
    if (spec.type === 'integer') properties[key] = { type: 'integer', ...(spec.minimum !== undefined ? { minimum: spec.minimum } : {}), ...(spec.maximum !== undefined ? { maximum: spec.maximum } : {}), ...common };
    else if (spec.type === 'duration') properties[key] = { anyOf: [{ type: 'string', pattern: DURATION.source }, { type: 'number', minimum: 0 }], ...common };
    else properties[key] = { type: 'string', minLength: 1, ...common };
  }
  return { type: 'object', description: rule.options ? 'Rule options.' : 'This rule takes no options.', properties, additionalProperties: false };
}
