// Regenerates the stored findings of the benchmark corpora (test/fixtures/corpus-findings/) that
// test/unit/cli/corpus-findings.test.ts compares with. Run it after a change that is meant to
// change findings, then review `git diff test/fixtures/corpus-findings`.
//   node bench/update-findings.mjs      (the real corpus is included when bench/.cache/real-corpus exists)
import { spawnSync } from 'node:child_process';

const r = spawnSync('npx', ['mocha', '--require', 'tsx/cjs', '--timeout', '180000', 'test/unit/cli/corpus-findings.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, LENS_UPDATE_FINDINGS: '1' },
});
process.exitCode = r.status ?? 1;
