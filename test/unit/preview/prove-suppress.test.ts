/** Proof findings and the `lens-ignore` comments that silence them. */
import { strict as assert } from 'node:assert';
import { resolveConfig } from '../../../server/src/config';
import { lintText } from '../../../server/src/engine';
import { RULES_BY_ID } from '../../../server/src/rules/index';
import { configured, unsuppressed } from '../../../server/src/preview/prove/suppress';
import type { ProofFinding, ProofRuleId } from '../../../server/src/preview/prove/types';

const SEED = '/ws/db/init/02_seed.sql';
const SCHEMA = '/ws/db/init/01_schema.sql';

const TEXTS: Record<string, string> = {
  [SEED]: [
    "INSERT INTO genres VALUES (1, 'Drame');",
    '-- lens-ignore proof-idempotency -- counted on purpose: one visit per deploy',
    'INSERT INTO visits VALUES (now());',
    "INSERT INTO settings VALUES ('locale', 'fr');",
  ].join('\n'),
  [SCHEMA]: '-- lens-ignore-file proof-idempotency\nCREATE INDEX genres_name ON genres (name);\n',
};

/** A finding at the start of `statement` (a substring of the file). */
function at(path: string, statement: string, ruleId: ProofRuleId = 'proof-idempotency'): ProofFinding {
  const start = TEXTS[path].indexOf(statement);
  assert.ok(start >= 0, statement);
  return { ruleId, path, start, end: start + statement.length, line: 1, column: 1, severity: 'error', message: statement };
}

const kept = (findings: ProofFinding[]) => unsuppressed(findings, (p) => TEXTS[p]).map((f) => `${f.ruleId} ${f.message}`);

describe('proof findings and suppression comments', () => {
  it('drops a finding on the statement under `-- lens-ignore <proof id>`, and keeps the statements around it', () => {
    const findings = ['INSERT INTO genres', 'INSERT INTO visits', 'INSERT INTO settings'].map((s) => at(SEED, s));
    assert.deepEqual(kept(findings), ['proof-idempotency INSERT INTO genres', 'proof-idempotency INSERT INTO settings']);
  });

  it('drops every finding of the id in a file with `-- lens-ignore-file <proof id>`', () => {
    assert.deepEqual(kept([at(SCHEMA, 'CREATE INDEX')]), []);
  });

  it('keeps findings of other proofs', () => {
    assert.deepEqual(kept([at(SEED, 'INSERT INTO visits', 'proof-drift'), at(SCHEMA, 'CREATE INDEX', 'proof-round-trip')]), [
      'proof-drift INSERT INTO visits',
      'proof-round-trip CREATE INDEX',
    ]);
  });
});

describe('proof findings and the configuration (rules.<proof-id>, --rule)', () => {
  const visit = at(SEED, 'INSERT INTO visits VALUES (now());');
  const lock = at(SCHEMA, 'CREATE INDEX genres_name ON genres (name);', 'proof-lock');

  it('drops a proof set to off and gives the others their configured severity', () => {
    const config = resolveConfig({ rules: { 'proof-lock': 'off', 'proof-idempotency': 'info' } });
    assert.deepEqual(configured([visit, lock], config), [{ ...visit, severity: 'info' }]);
  });

  it('keeps the proof\'s own severity when the configuration says nothing', () => {
    assert.deepEqual(configured([visit, lock], resolveConfig()), [visit, lock]);
  });
});

describe('proof findings and rule findings: one suppression index', () => {
  const RULE = 'create-table-without-if-not-exists';
  const PROOF: ProofRuleId = 'proof-idempotency';
  const STATEMENT = 'CREATE TABLE a (id int);';
  /** `{id}` stands for the rule's or the proof's id. */
  const CASES: [comment: string, silenced: boolean][] = [
    ['-- lens-ignore {id} -- reason', true],
    ['-- lens-ignore', true],
    ['-- lens-ignore-file {id}', true],
    ['-- lens-ignore-file', true],
    ['-- squawk-ignore', true],
    ['-- lens-ignore some-other-rule', false],
    ['-- lens-ignore-file some-other-rule', false],
    ['-- lens-ignore {id}\nSELECT 1;', false],
  ];

  for (const [comment, silenced] of CASES) {
    it(`${JSON.stringify(comment)} ${silenced ? 'silences' : 'keeps'} both`, () => {
      const ruleText = `${comment.replace('{id}', RULE)}\n${STATEMENT}\n`;
      const ruleKept = lintText(ruleText, { path: 'db/init/01.sql', rules: [RULES_BY_ID.get(RULE)!] }).findings.some((f) => f.ruleId === RULE);
      const proofText = `${comment.replace('{id}', PROOF)}\n${STATEMENT}\n`;
      const start = proofText.indexOf(STATEMENT);
      const finding: ProofFinding = { ruleId: PROOF, path: '/ws/x.sql', start, end: start + STATEMENT.length, line: 2, column: 1, severity: 'error', message: 'm' };
      const proofKept = unsuppressed([finding], () => proofText).length === 1;
      assert.equal(ruleKept, !silenced, 'rule finding');
      assert.equal(proofKept, !silenced, 'proof finding');
    });
  }
});
