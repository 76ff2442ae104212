// Bundles the extension client, the language server, the CLI and the test entry points into dist/
// (scripts/bundles.mjs says what and how).
import { bundle, bundleContexts } from './scripts/bundles.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// --outdir=DIR: build elsewhere than dist/ (scripts/package.mjs stages the VSIX without touching dist/).
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';

if (watch) {
  const contexts = await bundleContexts({ outdir, production });
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching client/, server/ and test/ ...');
} else {
  await bundle({ outdir, production });
}
