/**
 * A hostile `.migration-lens.json` (a cloned repository can carry one): globs that take minutes to
 * match or point outside the workspace, setup SQL outside it, enormous or deeply nested values.
 * The CLI and the language server refuse each with a message naming the problem, and still answer.
 */
import * as assert from 'node:assert/strict';
import { LspClient, TempWorkspace } from '../protocol/client';
import { describeRun, runCliBig } from '../robustness/cli';

interface HostileConfig {
  name: string;
  config: string;
  /** The refusal the user must read. */
  message: RegExp;
}

const json = (v: unknown) => JSON.stringify(v);
const OUTSIDE = /globs must stay inside the workspace/;
const SETUP_OUTSIDE = /preview\.setupSql must be a file inside the workspace/;

const CASES: HostileConfig[] = [
  // Matching a long name against it takes minutes (polynomial regex backtracking); the workspace has such a name.
  { name: 'a backtracking glob', config: json({ migrations: [`**/${'*a'.repeat(10)}.sql`] }), message: /at most 3 "\*" per path segment/ },
  { name: 'a backtracking exclude', config: json({ exclude: [`${'*a'.repeat(12)}*`] }), message: /at most 3 "\*" per path segment/ },
  { name: 'migrations above the workspace', config: json({ migrations: ['../../**'] }), message: OUTSIDE },
  { name: 'migrations in /etc', config: json({ migrations: ['/etc/**'] }), message: OUTSIDE },
  { name: 'setupSql at an absolute path', config: json({ preview: { setupSql: '/etc/passwd' } }), message: SETUP_OUTSIDE },
  { name: 'setupSql above the workspace', config: json({ preview: { setupSql: '../../../../etc/passwd' } }), message: SETUP_OUTSIDE },
  { name: '10,000 globs', config: json({ migrations: Array.from({ length: 10_000 }, (_, i) => `m${i}/*.sql`) }), message: /"migrations" is too large/ },
  { name: 'a 5 MB configuration file', config: json({ header: { template: ['-- x'.repeat(1_300_000)] } }), message: /refusing a \d+-byte configuration file/ },
  { name: 'arrays nested 100,000 deep', config: `{"migrations": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, message: /invalid JSON \(nested too deeply\)/ },
  { name: 'an infinite maxFileSize', config: '{"maxFileSize": 1e400}', message: /"maxFileSize" must be a positive number of bytes, at most/ },
];

const MIGRATION = 'migrations/001_init.sql';

function workspaceWith(config: string): TempWorkspace {
  const ws = new TempWorkspace();
  ws.write('.migration-lens.json', config);
  ws.write(MIGRATION, 'DROP TABLE legacy;\n');
  // The name the backtracking globs choke on.
  ws.write(`migrations/${'a'.repeat(120)}b.sql`, 'SELECT 1;\n');
  return ws;
}

describe('security: a hostile .migration-lens.json', function () {
  for (const c of CASES) {
    it(`the CLI refuses ${c.name}`, async function () {
      this.timeout(30_000);
      const ws = workspaceWith(c.config);
      try {
        const r = await runCliBig(['lint', '--format', 'json'], ws.dir, 20_000);
        assert.ok(r.status !== null && r.status <= 2, describeRun(r));
        assert.match(r.stderr, c.message, describeRun(r));
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
        assert.doesNotMatch(r.stdout, /"file": "\/etc\//, 'nothing outside the workspace was linted');
      } finally {
        ws.dispose();
      }
    });

    it(`the language server refuses ${c.name} and still lints`, async function () {
      this.timeout(30_000);
      const ws = workspaceWith(c.config);
      const client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 0 } });
      try {
        const uri = ws.uriOf(MIGRATION);
        await client.open(uri, 'DROP TABLE legacy;\n');
        const shown = await client.waitForMessage((m) => c.message.test(m.message), 15_000);
        assert.match(shown.message, /^Migration Lens configuration: /);
        await client.waitForDiagnostics(uri, (p) => p.version === 1, 0, 15_000);
        assert.ok(client.running);
      } finally {
        await client.stop();
        ws.dispose();
      }
    });
  }
});
