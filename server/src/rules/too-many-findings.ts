import { defineRule, type Rule } from './types';

/** Defaults of the caps; `rules["too-many-findings"].options` sets `perRule` and `perFile`. */
const DEFAULT_MAX_PER_RULE = 200;
const DEFAULT_MAX_PER_FILE = 1000;

/**
 * Reported by the engine, once per file, when findings were left out: a generated or hostile file
 * can produce hundreds of thousands, which drown the Problems panel and CI logs.
 */
const rule: Rule = defineRule({
  id: 'too-many-findings',
  category: 'syntax',
  defaultSeverity: 'info',
  options: {
    perRule: { type: 'integer', minimum: 1, default: DEFAULT_MAX_PER_RULE, description: 'Findings of one rule shown in one file.' },
    perFile: { type: 'integer', minimum: 1, default: DEFAULT_MAX_PER_FILE, description: 'Findings shown in one file in all.' },
  },
  docs: {
    summary: 'More findings in this file than are shown.',
    why: `One file shows at most ${DEFAULT_MAX_PER_RULE} findings of each rule and ${DEFAULT_MAX_PER_FILE} in all; this finding counts the rest. A file past the caps is usually generated (a data dump) or has one mistake repeated on every line; listing every finding would bury the others and slow the editor.`,
    instead: 'Fix the repeated problem, move generated data out of the migration set, or change the caps with `"rules": { "too-many-findings": { "options": { "perRule": 500, "perFile": 5000 } } }`.',
    bad: Array.from({ length: DEFAULT_MAX_PER_RULE + 1 }, (_, i) => `DROP TABLE IF EXISTS t${i};`).join('\n'),
    good: 'DROP TABLE IF EXISTS t1;',
  },
});
export default rule;

/** A cap from the rule's options: a positive whole number, or the default. */
export function capOption(options: Record<string, unknown>, key: 'perRule' | 'perFile'): number {
  const v = options[key];
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : key === 'perRule' ? DEFAULT_MAX_PER_RULE : DEFAULT_MAX_PER_FILE;
}
