/**
 * The lock levels in rule docs are proven by PostgreSQL itself: for every rule whose docs claim
 * a `lock`, PGlite runs `docs.setup`, then `docs.bad` inside a transaction, and the strongest
 * lock pg_locks shows on the relations the setup created must be the documented one.
 *
 * Rules whose bad example cannot run inside a transaction block (CONCURRENTLY, VACUUM: e.g.
 * `concurrently-in-transaction`) declare no `lock`, since this test could not check it; the
 * second test makes sure a rule whose bad example does take a lock cannot leave it undocumented.
 */
import * as assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { ALL_RULES } from '../../server/src/rules/index';
import { LOCK_MODES, modeFromPgLocks, strongestMode } from '../../server/src/rules/locks';
import type { LockMode, Rule } from '../../server/src/rules/types';

/** Drops every user schema (with what is in it) and recreates an empty `public`. */
const RESET = `DO $$ DECLARE s text; BEGIN
  FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s);
  END LOOP;
END $$;
CREATE SCHEMA public;`;

/** Tables, partitioned tables and materialized views outside the system schemas. */
const USER_RELATIONS = `SELECT c.oid::text AS oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'`;

const OUR_LOCKS = `SELECT relation::text AS oid, mode FROM pg_locks WHERE locktype = 'relation' AND pid = pg_backend_pid()`;

type Outcome = { lock: LockMode | undefined } | { error: string };

/** Runs the rule's bad example on its setup in a rolled-back transaction; the strongest lock it took on pre-existing relations. */
async function lockTakenBy(db: PGlite, rule: Rule): Promise<Outcome> {
  await db.exec(RESET);
  if (rule.docs.setup) await db.exec(rule.docs.setup);
  const existing = new Set((await db.query<{ oid: string }>(USER_RELATIONS)).rows.map((r) => r.oid));
  await db.exec('BEGIN');
  try {
    await db.exec(rule.docs.bad);
    const held = (await db.query<{ oid: string; mode: string }>(OUR_LOCKS)).rows.filter((r) => existing.has(r.oid));
    return { lock: strongestMode(held.map((r) => modeFromPgLocks(r.mode)).filter((m): m is LockMode => m !== undefined)) };
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    await db.exec('ROLLBACK');
  }
}

describe('rule docs: lock levels proven against PostgreSQL (PGlite)', function () {
  // PGlite boots in 1–2 s on a quiet machine; shared CI runners are slower.
  this.timeout(120_000);
  let db: PGlite;

  before(async () => {
    db = await PGlite.create();
  });
  after(async () => {
    await db?.close();
  });

  it('reads pg_locks modes as the documented names', () => {
    assert.equal(modeFromPgLocks('AccessExclusiveLock'), 'ACCESS EXCLUSIVE');
    assert.equal(modeFromPgLocks('ShareUpdateExclusiveLock'), 'SHARE UPDATE EXCLUSIVE');
    assert.equal(modeFromPgLocks('RowShareLock'), 'ROW SHARE');
    assert.equal(modeFromPgLocks('SIReadLock'), undefined);
  });

  const claiming = ALL_RULES.filter((r) => r.docs.lock);
  it('has rules to check', () => assert.ok(claiming.length >= 20, `only ${claiming.length} rules document a lock`));

  for (const rule of claiming) {
    it(`${rule.id}: ${rule.docs.lock}`, async () => {
      const outcome = await lockTakenBy(db, rule);
      assert.ok(!('error' in outcome), `${rule.id}: the bad example fails on its setup: ${'error' in outcome ? outcome.error : ''}`);
      assert.equal(outcome.lock, rule.docs.lock, `${rule.id}: docs claim ${rule.docs.lock}, PostgreSQL takes ${outcome.lock ?? 'no lock'} on the pre-existing tables`);
    });
  }

  it('rules whose bad example takes a lock stronger than ROW EXCLUSIVE on their setup document it', async () => {
    const undocumented: string[] = [];
    for (const rule of ALL_RULES.filter((r) => r.category === 'safety' && !r.docs.lock && r.docs.setup)) {
      const outcome = await lockTakenBy(db, rule);
      // An error is the documented case: the statement cannot run in a transaction block.
      if ('lock' in outcome && outcome.lock && LOCK_MODES.indexOf(outcome.lock) > LOCK_MODES.indexOf('ROW EXCLUSIVE')) undocumented.push(`${rule.id} (${outcome.lock})`);
    }
    assert.deepEqual(undocumented, []);
  });
});
