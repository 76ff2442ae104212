/**
 * Speed-ups must not change what the CLI finds: `lint --format json` on the benchmark corpora is
 * compared with a stored expectation, one line per finding. The generated corpus (bench/corpus.mjs)
 * always runs; the real-history corpus runs where `node bench/real-corpus.mjs` has built it into
 * bench/.cache/real-corpus (CI cannot fetch it) and says that it skipped otherwise.
 *
 * When a rule change is meant to change findings, regenerate and review the diff:
 *   node bench/update-findings.mjs
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleanScratch, REPO, runCli, scratchDir, type JsonFinding } from './run';

const EXPECTED = path.join(REPO, 'test/fixtures/corpus-findings');
const REAL = path.join(REPO, 'bench/.cache/real-corpus');
const UPDATE = process.env.LENS_UPDATE_FINDINGS === '1';

/** One line per finding. `hashMessages`: the real corpus's messages name its authors' objects, so only a digest is stored. */
function lines(findings: JsonFinding[], hashMessages: boolean): string {
  return findings
    .map((f) => {
      const message = hashMessages ? createHash('sha1').update(f.message).digest('hex').slice(0, 10) : f.message;
      const fixes = f.fixes.length ? ` [${f.fixes.map((x) => (hashMessages ? createHash('sha1').update(x.title).digest('hex').slice(0, 6) : x.title)).join(' | ')}]` : '';
      return `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} ${f.ruleId} ${message}${fixes}`;
    })
    .join('\n') + '\n';
}

async function lintDir(dir: string): Promise<JsonFinding[]> {
  const r = await runCli(['lint', '.', '--format', 'json', '--fail-on', 'none'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonFinding[];
}

function compare(name: string, actual: string): void {
  const file = path.join(EXPECTED, name);
  if (UPDATE) {
    mkdirSync(EXPECTED, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `${file} is missing: run node bench/update-findings.mjs`);
  const expected = readFileSync(file, 'utf8');
  if (actual === expected) return;
  const [a, e] = [actual.split('\n'), expected.split('\n')];
  const missing = e.filter((l) => !a.includes(l)).slice(0, 10);
  const extra = a.filter((l) => !e.includes(l)).slice(0, 10);
  assert.fail(`findings on the ${name} corpus changed (${e.length - 1} expected, ${a.length - 1} now).\nNo longer found:\n  ${missing.join('\n  ')}\nNew:\n  ${extra.join('\n  ')}\nIf intended, run node bench/update-findings.mjs and review the diff.`);
}

describe('cli: findings on the benchmark corpora stay identical', function () {
  this.timeout(180_000);
  after(cleanScratch);

  it('the generated corpus (700 files)', async () => {
    const { cliCorpus } = (await import(path.join(REPO, 'bench/corpus.mjs'))) as { cliCorpus(): { name: string; text: string }[] };
    const dir = scratchDir();
    mkdirSync(path.join(dir, 'migrations'));
    for (const f of cliCorpus()) writeFileSync(path.join(dir, 'migrations', f.name), f.text);
    compare('generated.txt', lines(await lintDir(dir), false));
  });

  it('the real-history corpus (bench/.cache/real-corpus, where built)', async function () {
    if (!existsSync(path.join(REAL, 'corpus.json'))) {
      console.log('      skipped: bench/.cache/real-corpus is not built here (node bench/real-corpus.mjs needs the repositories it names)');
      this.skip();
    }
    // Outside any git repository, so that what git would say does not enter the findings.
    const dir = scratchDir();
    cpSync(REAL, dir, { recursive: true });
    compare('real.txt', lines(await lintDir(dir), true));
  });
});
