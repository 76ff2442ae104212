/**
 * What a CLI start loads (issue #15, start-up): the entry point statically imports only the
 * dispatch and the commands' help, so `--version` and `--help` load no engine; a command's
 * implementation comes in with its `import()`, and `lint`'s leaves out the preview, the live
 * database code and the `pg` client. Read from esbuild's metafile: the static imports of a
 * module, followed through the bundle, are what evaluating it evaluates.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { REPO } from './run';

type Inputs = esbuild.Metafile['inputs'];

async function inputsOf(entry: string): Promise<Inputs> {
  const result = await esbuild.build({ entryPoints: [path.join(REPO, entry)], bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], write: false, metafile: true, logLevel: 'error', outdir: 'unused' });
  return result.metafile.inputs;
}

/** The files evaluated when `from` is: its static imports and requires, transitively (not its import() calls). */
function staticClosure(inputs: Inputs, from: string): Set<string> {
  const seen = new Set<string>();
  const todo = [from];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file) || !inputs[file]) continue;
    seen.add(file);
    for (const imp of inputs[file].imports) if (imp.kind !== 'dynamic-import' && !imp.external) todo.push(imp.path);
  }
  return seen;
}

const under = (files: Set<string>, prefix: string) => [...files].filter((f) => f.startsWith(prefix) || f.includes(`/node_modules/${prefix}`));

describe('CLI start-up: what each command loads', function () {
  this.timeout(60_000);
  let inputs: Inputs;
  before(async () => {
    inputs = await inputsOf('server/src/cli.ts');
  });

  it('the entry point (--version, --help) loads no parser, rule, layout, configuration loader or preview code', () => {
    const loaded = staticClosure(inputs, 'server/src/cli.ts');
    assert.ok(loaded.has('server/src/cli/main.ts') && loaded.has('server/src/cli/lint.ts'), 'the closure is read from the entry point');
    for (const heavy of ['server/src/engine.ts', 'server/src/config.ts', 'server/src/parse/', 'server/src/rules/index.ts', 'server/src/layout/detect.ts', 'server/src/preview/', 'libpg-query/', 'pg/', 'jsonc-parser/', 'tinyglobby/']) {
      assert.deepEqual(under(loaded, heavy), [], `${heavy} is loaded by the entry point`);
    }
  });

  it('lint loads the engine but not the preview, the live database code or pg', () => {
    const loaded = staticClosure(inputs, 'server/src/cli/lint-run.ts');
    assert.ok(loaded.has('server/src/engine.ts') && loaded.has('server/src/parse/parser.ts'), 'lint loads the engine and the parser');
    for (const heavy of ['server/src/preview/', 'server/src/live/', 'pg/', 'pg-protocol/']) {
      assert.deepEqual(under(loaded, heavy), [], `${heavy} is loaded by lint`);
    }
  });

  it('lint never loads node:fs/promises or node:module (which load more built-in modules, after its V8 flags change: without their code cache)', () => {
    const loaded = new Set([...staticClosure(inputs, 'server/src/cli.ts'), ...staticClosure(inputs, 'server/src/cli/lint-run.ts')]);
    const importers = [...loaded].filter((f) => inputs[f].imports.some((imp) => imp.external && /^(node:)?(fs\/promises|module)$/.test(imp.path)));
    assert.deepEqual(importers, []);
  });
});
