import * as assert from 'node:assert/strict';
import { parseDependency, parseSqitchPlan, planLine, scriptStem } from '../../../server/src/layout/sqitch-plan';

const PLAN = `%syntax-version=1.0.0
%project=flipr
%uri=https://github.com/sqitchers/sqitch-intro/

appschema 2026-01-05T10:00:00Z Marge N. O’Vera <marge@example.com> # Add schema for all flipr objects.
users [appschema] 2026-01-05T10:05:00Z Marge N. O’Vera <marge@example.com> # Creates table to track our users.
insert_user [users appschema] 2026-01-05T10:10:00Z Marge N. O’Vera <marge@example.com> # Creates a function to insert a user.
@v1.0.0-dev1 2026-01-06T09:00:00Z Marge N. O’Vera <marge@example.com> # Tag v1.0.0-dev1.

flips [appschema users] 2026-01-07T11:00:00Z Marge N. O’Vera <marge@example.com> # Adds table for storing flips.
insert_user [insert_user@v1.0.0-dev1] 2026-01-08T12:00:00Z Marge N. O’Vera <marge@example.com> # Change insert_user to use pgcrypto.
`;

describe('sqitch plan', () => {
  it('reads pragmas, changes in plan order, dependencies, notes and tags', () => {
    const plan = parseSqitchPlan(PLAN);
    assert.deepEqual(plan.problems, []);
    assert.equal(plan.project, 'flipr');
    assert.equal(plan.pragmas['syntax-version'], '1.0.0');
    assert.deepEqual(plan.changes.map((c) => c.name), ['appschema', 'users', 'insert_user', 'flips', 'insert_user']);
    const users = plan.changes[1];
    assert.deepEqual(users.requires.map((d) => d.change), ['appschema']);
    assert.equal(users.plannedAt, '2026-01-05T10:05:00Z');
    assert.equal(users.planner, 'Marge N. O’Vera <marge@example.com>');
    assert.equal(users.note, 'Creates table to track our users.');
    assert.equal(users.line, 6);
    assert.equal(PLAN.slice(users.start, users.end).split(' ')[0], 'users');
    assert.deepEqual(plan.tags.map((t) => [t.name, t.change]), [['v1.0.0-dev1', 2]]);
    assert.deepEqual(plan.changes[2].tags, ['v1.0.0-dev1']);
  });

  it('a reworked change: the earlier instance\'s scripts are name@tag, the latest keeps the plain name', () => {
    const plan = parseSqitchPlan(PLAN);
    assert.deepEqual(plan.changes[2].reworkTags, ['v1.0.0-dev1']);
    assert.equal(scriptStem(plan.changes[2]), 'insert_user@v1.0.0-dev1');
    assert.equal(scriptStem(plan.changes[4]), 'insert_user');
    const dep = plan.changes[4].requires[0];
    assert.deepEqual([dep.change, dep.tag], ['insert_user', 'v1.0.0-dev1']);
  });

  it('rework tags list later changes\' tags first, and the first existing deploy file wins', () => {
    const plan = parseSqitchPlan(`%project=p

a 2026-01-01T00:00:00Z A <a@x>
@t1 2026-01-01T00:00:00Z A <a@x>
b 2026-01-01T00:00:00Z A <a@x>
@t2 2026-01-01T00:00:00Z A <a@x>
a 2026-01-01T00:00:00Z A <a@x>
`);
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.changes[0].reworkTags, ['t2', 't1']);
    assert.equal(scriptStem(plan.changes[0]), 'a@t2');
    assert.equal(scriptStem(plan.changes[0], (s) => s === 'a@t1'), 'a@t1');
  });

  it('reports a change required before it is planned, an unknown one, and itself, as sqitch does', () => {
    const plan = parseSqitchPlan(`%project=p

a [b] 2026-01-01T00:00:00Z A <a@x>
b 2026-01-01T00:00:00Z A <a@x>
c [nothere c] 2026-01-01T00:00:00Z A <a@x>
d [other:x !b] 2026-01-01T00:00:00Z A <a@x>
`);
    assert.deepEqual(plan.problems.map((p) => [p.line, p.message]), [
      [3, 'Change "a" planned 1 change before required change "b"'],
      [5, 'Unknown change "nothere" required by change "c"'],
      [5, 'Change "c" cannot require itself'],
    ]);
    assert.deepEqual(plan.changes[3].conflicts.map((d) => d.change), ['b']);
    assert.equal(plan.changes[3].requires[0].project, 'other');
  });

  it('reports syntax errors at their line: duplicates before a tag, missing planner, tags without a change, bad dependencies', () => {
    const text = `%project=p

@early 2026-01-01T00:00:00Z A <a@x>
a 2026-01-01T00:00:00Z A <a@x>
a 2026-01-01T00:00:00Z A <a@x>
b 2026-01-01T00:00:00Z
c [x@@y] 2026-01-01T00:00:00Z A <a@x>
`;
    const plan = parseSqitchPlan(text);
    assert.deepEqual(plan.problems.map((p) => [p.line, p.message]), [
      [3, 'Tag "early" declared without a preceding change'],
      [5, 'Change "a" duplicates earlier declaration on line 4'],
      [6, 'Missing planner name and email'],
      [7, '"x@@y" is not a valid dependency specification'],
    ]);
    const p = plan.problems[1];
    assert.equal(text.slice(p.start, p.end), 'a 2026-01-01T00:00:00Z A <a@x>');
  });

  it('requires a %project pragma', () => {
    assert.deepEqual(parseSqitchPlan('%syntax-version=1.0.0\n\na 2026-01-01T00:00:00Z A <a@x>\n').problems.map((p) => p.message), ['Missing %project pragma']);
  });

  it('parses dependency specifications', () => {
    assert.deepEqual(parseDependency('!proj:users@v1'), { text: 'proj:users@v1', conflict: true, project: 'proj', change: 'users', tag: 'v1' });
    assert.deepEqual(parseDependency('@v1'), { text: '@v1', conflict: false, tag: 'v1' });
    assert.equal(parseDependency('a b'), undefined);
  });

  it('writes a plan line as sqitch add does', () => {
    assert.equal(planLine('add_flips', ['users', 'appschema'], new Date(Date.UTC(2026, 3, 21, 14, 30, 5)), 'Ann <ann@example.com>', 'Adds flips'), 'add_flips [users appschema] 2026-04-21T14:30:05Z Ann <ann@example.com> # Adds flips');
    const back = parseSqitchPlan(`%project=p\n\n${planLine('x', [], new Date(0), 'A <a@x>', '')}\n`);
    assert.deepEqual(back.problems, []);
    assert.equal(back.changes[0].plannedAt, '1970-01-01T00:00:00Z');
  });
});
