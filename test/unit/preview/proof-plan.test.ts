/** Which proof the editor runs on which set: the commands' requests and the idempotency proof after each preview. */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { autoIdempotencyRequest, reappliedIdempotencyRequest, proofRequestFor } from '../../../server/src/preview/prove/plan';
import { loadConfigFile, resolveConfig, type ConfigInput, type ResolvedConfig } from '../../../server/src/config';
import { detectSets } from '../../../server/src/layout/detect';
import type { MigrationSet } from '../../../server/src/layout/types';
import { PreviewInputError } from '../../../server/src/preview/from-set';

const PROOFS = path.resolve(__dirname, '../../fixtures/proofs');

/** The fixture workspace's only set and its configuration (its .migration-lens.json, then `extra`). */
function workspace(name: string, extra: ConfigInput = {}): { root: string; set: MigrationSet; config: ResolvedConfig } {
  const root = path.join(PROOFS, name);
  const config = resolveConfig(loadConfigFile(path.join(root, '.migration-lens.json')).config, extra);
  const sets = detectSets(root, config);
  assert.equal(sets.length, 1, `${name}: one set`);
  return { root, set: sets[0], config };
}

/** Reads the disk, except for the texts given (as the editor's unsaved text would be). */
function reader(texts: Record<string, string> = {}) {
  return (p: string) => texts[p] ?? (existsSync(p) ? readFileSync(p, 'utf8') : undefined);
}

const SAFE_HEADER = '-- Title: widen ids\n-- Safe to re-run: yes, guarded by IF EXISTS\n';

describe('proof plan: the idempotency proof after a preview', () => {
  it('covers the whole of an init-sorted set (its runner applies every file again)', () => {
    const { set, config } = workspace('idempotency-bad');
    assert.equal(set.convention, 'init-sorted');
    assert.deepEqual(autoIdempotencyRequest(set, config, reader()), { kind: 'idempotency' });
  });

  it('covers only the files whose header claims "Safe to re-run" in other sets, and none when no file does', () => {
    const { set, config } = workspace('trace-bad');
    assert.equal(set.convention === 'init-sorted', false);
    assert.equal(autoIdempotencyRequest(set, config, reader()), undefined);
    const claimed = set.files[1].path;
    const read = reader({ [claimed]: SAFE_HEADER + readFileSync(claimed, 'utf8') });
    assert.deepEqual(autoIdempotencyRequest(set, config, read), { kind: 'idempotency', files: [claimed] });
  });

  it('does not count a claim that says no, or one written after the first statement', () => {
    const { set, config } = workspace('trace-bad');
    const [first, second] = set.files.map((f) => f.path);
    const read = reader({
      [first]: '-- Safe to re-run: no, the INSERT duplicates rows\n' + readFileSync(first, 'utf8'),
      [second]: readFileSync(second, 'utf8') + '\n-- Safe to re-run: yes\n',
    });
    assert.equal(autoIdempotencyRequest(set, config, read), undefined);
  });

  it('follows preview.idempotency: false turns it off, true covers any set', () => {
    const init = workspace('idempotency-bad', { preview: { idempotency: false } });
    assert.equal(autoIdempotencyRequest(init.set, init.config, reader()), undefined);
    const numbered = workspace('trace-bad', { preview: { idempotency: true } });
    assert.deepEqual(autoIdempotencyRequest(numbered.set, numbered.config, reader()), { kind: 'idempotency' });
  });

  it('with "auto", follows the lint\'s `idempotent` setting, as the idempotency rules do', () => {
    const off = workspace('idempotency-bad', { idempotent: false });
    assert.equal(autoIdempotencyRequest(off.set, off.config, reader()), undefined);
    const on = workspace('trace-bad', { idempotent: true });
    assert.deepEqual(autoIdempotencyRequest(on.set, on.config, reader()), { kind: 'idempotency' });
  });
});

describe('proof plan: the commands', () => {
  it('idempotency applies to every set', () => {
    const { root, set, config } = workspace('round-trip-bad');
    assert.deepEqual(proofRequestFor('idempotency', set, config, reader(), root), { kind: 'idempotency' });
  });

  it('round trip sends each down file keyed by its up file, and skips a set without down files', () => {
    const { root, set, config } = workspace('round-trip-bad');
    const request = proofRequestFor('round-trip', set, config, reader(), root);
    assert.equal(request?.kind, 'round-trip');
    const downs = request.kind === 'round-trip' ? request.downs : {};
    assert.deepEqual(
      Object.entries(downs).map(([up, down]) => [path.basename(up), path.basename(down.path)]),
      [
        ['001_users.up.sql', '001_users.down.sql'],
        ['002_profiles.up.sql', '002_profiles.down.sql'],
        ['003_status.up.sql', '003_status.down.sql'],
      ],
    );
    const init = workspace('idempotency-bad');
    assert.equal(proofRequestFor('round-trip', init.set, init.config, reader(), init.root), undefined);
  });

  it('drift sends the configured snapshot, skips a set with none, and says which snapshot cannot be read', () => {
    const { root, set, config } = workspace('drift-bad');
    const request = proofRequestFor('drift', set, config, reader(), root);
    assert.equal(request?.kind === 'drift' && request.snapshot.path, path.join(root, 'db/createDB.sql'));
    const bare = workspace('idempotency-bad');
    assert.equal(proofRequestFor('drift', bare.set, bare.config, reader(), bare.root), undefined);
    const missing = workspace('drift-bad', { preview: { snapshot: 'db/missing.sql' } });
    assert.throws(() => proofRequestFor('drift', missing.set, missing.config, reader(), root), (e: unknown) => e instanceof PreviewInputError && /db\/missing\.sql/.test(e.message));
  });

  it('the Prove Idempotency command: where the runner re-applies files, else the files the user picked', () => {
    const init = workspace('idempotency-bad');
    assert.deepEqual(reappliedIdempotencyRequest(init.set, init.config, reader()), { kind: 'idempotency' });
    const { set, config } = workspace('trace-bad');
    // A set applied once per file: nothing by default (a second apply would report every CREATE)…
    assert.equal(reappliedIdempotencyRequest(set, config, reader()), undefined);
    // …the files the user picked, only those of the set…
    const [first] = set.files.map((f) => f.path);
    assert.deepEqual(reappliedIdempotencyRequest(set, config, reader(), [first, '/elsewhere/x.sql']), { kind: 'idempotency', files: [first] });
    assert.equal(reappliedIdempotencyRequest(set, config, reader(), ['/elsewhere/x.sql']), undefined);
    // …and preview.idempotency (the automatic proof) does not widen the command.
    const always = workspace('trace-bad', { preview: { idempotency: true } });
    assert.equal(reappliedIdempotencyRequest(always.set, always.config, reader()), undefined);
  });
});
