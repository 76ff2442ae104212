#!/usr/bin/env node
// Builds the VSIX: a production build (minified, no source maps) staged in a temp folder with the
// manifest and the files .vscodeignore lets through, then `vsce package --no-dependencies` there.
// Staging leaves the development build in dist/ alone.
//   npm run package [-- --out path/to/file.vsix]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const outArg = process.argv.find((a) => a.startsWith('--out='))?.slice('--out='.length);
const out = resolve(outArg ?? join(REPO, `${pkg.name}-${pkg.version}.vsix`));
/** What the VSIX may hold besides dist/ (.vscodeignore filters it again). */
const STAGED = ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'media', 'snippets', 'schema', 'docs/screenshots', 'docs/rules.md', 'docs/performance.md'];

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with ${r.status ?? r.signal}`);
}

const stage = mkdtempSync(join(tmpdir(), 'migration-lens-vsix-'));
try {
  for (const f of STAGED) if (existsSync(join(REPO, f))) cpSync(join(REPO, f), join(stage, f), { recursive: true });
  run(process.execPath, ['esbuild.mjs', '--production', `--outdir=${join(stage, 'dist')}`], REPO);
  // No repository URL is known yet: vsce's flag says so instead of an invented one, and README's
  // relative links stay relative (the VSIX carries their targets; VS Code resolves them there).
  const vsce = join(REPO, 'node_modules/.bin/vsce');
  run(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out], stage);
  console.log(`${out}: ${(statSync(out).size / 1024 / 1024).toFixed(1)} MB`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
