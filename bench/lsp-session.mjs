// The language server benchmarks' common start: the real server (dist/server.js) over stdio, as
// VS Code runs it, on a workspace of `count` generated migrations, with the last one named.
import { build } from 'esbuild';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { generatedMigrations } from './migrations.mjs';

const require = createRequire(import.meta.url);

export async function startOnGeneratedSet(count) {
  if (!existsSync(resolve('dist/server.js'))) {
    console.error('dist/server.js is missing: run `node esbuild.mjs` first.');
    process.exit(1);
  }
  mkdirSync('bench/.cache', { recursive: true });
  await build({ entryPoints: ['test/protocol/client.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: 'bench/.cache/lsp-client.js', logLevel: 'warning', external: ['esbuild'] });
  const { LspClient, TempWorkspace } = require('./.cache/lsp-client.js');
  const ws = new TempWorkspace();
  const files = generatedMigrations(count);
  for (const f of files) ws.write(f.path, f.text);
  const last = files[files.length - 1];
  const client = await LspClient.start({ workspaceUri: ws.uri, settings: { debounceMs: 50 } });
  return { ws, files, last, uri: ws.uriOf(last.path), client };
}
