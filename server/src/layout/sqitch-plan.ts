/**
 * sqitch's plan file (`sqitch.plan`): pragmas, changes in deploy order with their dependencies,
 * tags, and reworked changes. Follows lib/App/Sqitch/Plan.pm (`_parse`, `check_changes`),
 * lib/App/Sqitch/Plan/Depend.pm (`parse`) and lib/App/Sqitch/Plan/Change.pm (`_path_segments`)
 * of sqitchers/sqitch. Offsets are UTF-16 offsets into the plan text; lines are 1-based.
 */

interface PlanDependency {
  /** As written, without the `!` of a conflict. */
  text: string;
  conflict: boolean;
  project?: string;
  change?: string;
  tag?: string;
  /** A 40-hex change id. */
  id?: string;
}

interface PlanChange {
  name: string;
  /** Position in deploy order, from 0. */
  index: number;
  line: number;
  start: number;
  end: number;
  /** `+` (deploy) or `-` (legacy revert marker) when the line has one. */
  operator?: '+' | '-';
  requires: PlanDependency[];
  conflicts: PlanDependency[];
  /** `YYYY-MM-DDTHH:MM:SSZ` as written. */
  plannedAt?: string;
  planner?: string;
  note?: string;
  /** Tags declared right after this change (before the next one). */
  tags: string[];
  /**
   * Set on an earlier instance of a reworked change: the tags that can name its scripts
   * (`deploy/<name>@<tag>.sql`), in the order sqitch tries them; the first existing file wins,
   * else the first tag. Empty for the latest instance, whose scripts are `deploy/<name>.sql`.
   */
  reworkTags: string[];
}

interface PlanTag {
  name: string;
  line: number;
  start: number;
  end: number;
  /** Index of the change the tag follows. */
  change: number;
}

interface PlanProblem {
  message: string;
  line: number;
  start: number;
  end: number;
}

interface SqitchPlan {
  project?: string;
  pragmas: Record<string, string>;
  changes: PlanChange[];
  tags: PlanTag[];
  problems: PlanProblem[];
}

// Plan.pm: `my $punct = q{-!"#$%&'()*+,./:;<=>?@[\\]^`{|}~};` and `$name_re`.
const PUNCT = String.raw`\-!"#$%&'()*+,./:;<=>?@\[\\\]^\`{|}~`;
const NAME = String.raw`(?![${PUNCT}])(?:(?![~/=%^\[\]]\d+(?:$|[ \t]))[^ \t:@#\\])+(?<![${PUNCT}])\b`;
const TIMESTAMP = String.raw`(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z`;
const LINE_RE = new RegExp(
  String.raw`^[ \t]*(?:(@)|[ \t]*([+-])[ \t]*)?(${NAME})[ \t]*(?:\[([^\]]+)\][ \t]*)?(?:(${TIMESTAMP})[ \t]*)?(?:([^<]+?)[ \t]+<([^>]+)>)?[ \t]*$`,
);
const RESERVED = new Set(['ROOT', 'HEAD']);

/** Depend.pm `parse`: `[!][project:](sha1 | change[@tag] | @tag)`. */
export function parseDependency(text: string): PlanDependency | undefined {
  const conflict = text.startsWith('!');
  const body = conflict ? text.slice(1) : text;
  const m = new RegExp(`^(?:(${NAME}):)?(?:([0-9a-f]{40})|(${NAME})(?:@(${NAME}))?|@(${NAME}))$`).exec(body);
  if (!m) return undefined;
  const dep: PlanDependency = { text: body, conflict };
  if (m[1]) dep.project = m[1];
  if (m[2]) dep.id = m[2];
  if (m[3]) dep.change = m[3];
  if (m[4] ?? m[5]) dep.tag = m[4] ?? m[5];
  return dep;
}

export function parseSqitchPlan(text: string): SqitchPlan {
  const plan: SqitchPlan = { pragmas: {}, changes: [], tags: [], problems: [] };
  let offset = 0;
  let lineNo = 0;
  let inHeader = true;
  /** Line numbers of changes and tags before the current tag section (Plan.pm `%line_no_for`). */
  const seen = new Map<string, number>();
  /** Changes since the last tag (Plan.pm `%tag_changes`). */
  let section: PlanChange[] = [];
  const byName = new Map<string, PlanChange>();

  const closeSection = () => {
    checkDependencies(plan, section, seen);
    for (const c of section) seen.set(c.name, c.line);
    section = [];
  };

  for (const raw of text.split('\n')) {
    lineNo++;
    const start = offset;
    offset += raw.length + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const end = start + line.length;
    const problem = (message: string) => plan.problems.push({ message, line: lineNo, start, end });
    if (/^[ \t]*(?:#.*)?$/.test(line)) {
      // A blank line (not a comment line) ends the pragma header.
      if (inHeader && !/#/.test(line)) inHeader = false;
      continue;
    }
    const content = line.replace(/[ \t]*#.*$/, '');
    const note = /#[ \t]*(.*)$/.exec(line)?.[1];
    if (inHeader) {
      const p = /^[ \t]*%[ \t]*([^ \t=]+?)(?:[ \t]*=[ \t]*(.+))?$/.exec(content);
      if (p) {
        plan.pragmas[p[1]] = p[2] ?? '1';
        if (p[1] === 'project') plan.project = p[2];
        continue;
      }
      if (/^[ \t]*%/.test(content)) {
        problem('Invalid pragma');
        continue;
      }
      // Plan.pm requires a blank line between pragmas and changes; be lenient about where the header ends.
      if (Object.keys(plan.pragmas).length > 0) problem('Invalid pragma; a blank line must come between pragmas and changes');
      inHeader = false;
    }
    const m = LINE_RE.exec(content);
    if (!m) {
      problem('Invalid change or tag line (expected "name [dependencies] YYYY-MM-DDTHH:MM:SSZ Planner Name <email> # note")');
      continue;
    }
    const isTag = m[1] === '@';
    const name = m[3];
    if (!m[5] && !m[12]) problem('Missing timestamp and planner name and email');
    else if (!m[5]) problem('Missing timestamp');
    else if (!m[12]) problem('Missing planner name and email');
    if (RESERVED.has(name)) problem(`"${isTag ? '@' : ''}${name}" is a reserved name`);
    if (/^[0-9a-f]{40}/.test(name)) problem(`"${name}" is invalid because it could be confused with a SHA1 ID`);
    const planner = m[12] ? `${m[12].trim()} <${m[13]}>` : undefined;

    if (isTag) {
      if (m[4]) problem('Tags may not specify dependencies');
      if (name.includes('/')) problem(`Tag "${name}" contains illegal character /`);
      const prev = plan.changes[plan.changes.length - 1];
      if (!prev) {
        problem(`Tag "${name}" declared without a preceding change`);
        continue;
      }
      const dup = seen.get(`@${name}`);
      if (dup !== undefined) {
        problem(`Tag "${name}" duplicates earlier declaration on line ${dup}`);
        continue;
      }
      closeSection();
      seen.set(`@${name}`, lineNo);
      prev.tags.push(name);
      plan.tags.push({ name, line: lineNo, start, end, change: prev.index });
      continue;
    }

    const dupInSection = section.find((c) => c.name === name);
    if (dupInSection) {
      problem(`Change "${name}" duplicates earlier declaration on line ${dupInSection.line}`);
      continue;
    }
    const change: PlanChange = { name, index: plan.changes.length, line: lineNo, start, end, requires: [], conflicts: [], tags: [], reworkTags: [] };
    if (m[2]) change.operator = m[2] as '+' | '-';
    if (m[5]) change.plannedAt = m[5];
    if (planner) change.planner = planner;
    if (note !== undefined && note !== '') change.note = note;
    const seenDeps = new Set<string>();
    for (const d of (m[4] ?? '').split(/[ \t]+/).filter(Boolean)) {
      const dep = parseDependency(d);
      if (!dep) problem(`"${d}" is not a valid dependency specification`);
      else if (seenDeps.has(d)) problem(`Duplicate dependency "${d}"`);
      else (dep.conflict ? change.conflicts : change.requires).push(dep);
      seenDeps.add(d);
    }
    const earlier = byName.get(name);
    if (earlier) {
      // Plan.pm: the reworked change gets the tags of the changes after it (latest first), then its own.
      const tags: string[] = [];
      for (let i = plan.changes.length - 1; i > earlier.index; i--) tags.push(...plan.changes[i].tags);
      earlier.reworkTags = [...tags, ...earlier.tags];
    }
    byName.set(name, change);
    plan.changes.push(change);
    section.push(change);
  }
  closeSection();
  if (!plan.project) plan.problems.push({ message: 'Missing %project pragma', line: 1, start: 0, end: text.indexOf('\n') === -1 ? text.length : text.indexOf('\n') });
  return plan;
}

/** Plan.pm `check_changes`: every required change of this project must be planned before. */
function checkDependencies(plan: SqitchPlan, section: PlanChange[], seen: Map<string, number>): void {
  const position = new Map<string, number>();
  section.forEach((c, i) => position.set(c.name, i + 1));
  section.forEach((change, i) => {
    const before = new Set(section.slice(0, i).map((c) => c.name));
    for (const dep of change.requires) {
      if (dep.project !== undefined ? dep.project !== plan.project : dep.id !== undefined) continue;
      if (dep.change !== undefined && dep.tag !== undefined) {
        const tagAt = seen.get(`@${dep.tag}`);
        const changeAt = seen.get(dep.change);
        if (tagAt !== undefined && changeAt !== undefined && changeAt < tagAt) continue;
      } else {
        const key = dep.change ?? `@${dep.tag}`;
        if (seen.has(key) || before.has(key)) continue;
      }
      const key = dep.change ?? `@${dep.tag}`;
      const problem = (message: string) => plan.problems.push({ message, line: change.line, start: change.start, end: change.end });
      if (dep.change === change.name && dep.tag === undefined) problem(`Change "${change.name}" cannot require itself`);
      else if (dep.tag === undefined && position.has(key)) {
        const n = position.get(key)! - (i + 1);
        problem(`Change "${change.name}" planned ${n} change${n === 1 ? '' : 's'} before required change "${key}"`);
      } else problem(`Unknown change "${dep.tag !== undefined && dep.change !== undefined ? `${dep.change}@${dep.tag}` : key}" required by change "${change.name}"`);
    }
  });
}

/**
 * The file stem sqitch uses for a change's deploy, revert and verify scripts: `name` for the
 * latest instance, `name@tag` for an earlier instance of a reworked change (Change.pm
 * `_path_segments`: the first rework tag whose deploy file exists, else the first).
 */
export function scriptStem(change: PlanChange, deployExists: (stem: string) => boolean = () => false): string {
  if (change.reworkTags.length === 0) return change.name;
  const candidates = change.reworkTags.map((t) => `${change.name}@${t}`);
  return candidates.find(deployExists) ?? candidates[0];
}

/** A plan line for a new change, as `sqitch add` writes it (Plan.pm `add`/Change.pm `as_string`). */
export function planLine(name: string, requires: string[], now: Date, planner: string, note: string): string {
  const ts = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const deps = requires.length ? ` [${requires.join(' ')}]` : '';
  return `${name}${deps} ${ts} ${planner}${note ? ` # ${note}` : ''}`;
}
