// The language server benchmarks' common start: the real server (dist/server.js) over stdio, as
// VS Code runs it, on a workspace of `count` generated migrations, with the last one named.
import { build } from 'esbuild';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { generatedMigrations } from './migrations.mjs';

const require = createRequire(import.meta.url);

export async function startOnGeneratedSet(count) {
  const files = generatedMigrations(count);
  const last = files[files.length - 1];
  const { ws, client } = await startOnFiles(files, { debounceMs: 50 });
  return { ws, files, last, uri: ws.uriOf(last.path), client };
}

/** The server on a workspace of these files (`{ path, text }`), with these settings. */
export async function startOnFiles(files, settings) {
  if (!existsSync(resolve('dist/server.js'))) {
    console.error('dist/server.js is missing: run `node esbuild.mjs` first.');
    process.exit(1);
  }
  mkdirSync('bench/.cache', { recursive: true });
  await build({ entryPoints: ['test/protocol/client.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: 'bench/.cache/lsp-client.js', logLevel: 'warning', external: ['esbuild'] });
  const { LspClient, TempWorkspace } = require('./.cache/lsp-client.js');
  const ws = new TempWorkspace();
  for (const f of files) ws.write(f.path, f.text);
  const client = await LspClient.start({ workspaceUri: ws.uri, settings });
  return { ws, client };
}
