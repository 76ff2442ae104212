/**
 * The client only shows: `client/src` reaches the engine through shared/protocol.ts alone, and
 * the extension bundle holds neither the SQL parser nor PGlite (both run in the language server).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '../../..');
const CLIENT = path.join(ROOT, 'client/src');
const PROTOCOL = path.join(ROOT, 'shared/protocol.ts');

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

/** Every module specifier of a TypeScript file: imports, re-exports, dynamic imports, requires. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g)) found.push(m[1]);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) found.push(m[1]);
  for (const m of text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]);
  return found;
}

describe('client/engine boundary', () => {
  it('client/src imports nothing from the engine but shared/protocol.ts', () => {
    const outside: string[] = [];
    for (const file of sources(CLIENT)) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), spec);
        const inClient = !path.relative(CLIENT, target).startsWith('..');
        if (!inClient && target.replace(/\.ts$/, '') !== PROTOCOL.replace(/\.ts$/, '')) outside.push(`${path.relative(ROOT, file)} → ${spec}`);
      }
    }
    assert.deepEqual(outside, []);
  });

  it('the specifier scan sees every kind of import', () => {
    const text = "import * as a from '../a';\nimport type { B } from \"../b\";\nexport { c } from '../c';\nimport '../d';\nconst e = await import('../e');\nrequire('../f');\nimport {\n  g,\n} from '../g';\n";
    assert.deepEqual(specifiers(text).sort(), ['../a', '../b', '../c', '../d', '../e', '../f', '../g']);
  });

  it('the client bundle holds no parser, no PGlite and no engine module', async function () {
    this.timeout(60_000);
    const result = await esbuild.build({
      entryPoints: [path.join(CLIENT, 'extension.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['vscode'],
      mainFields: ['module', 'main'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.deepEqual(inputs.filter((i) => /libpg-query|@electric-sql|@pgsql/.test(i)), []);
    // No engine module at all: the server sends what the client shows (the DDL of schema objects too).
    const engine = inputs.filter((i) => i.includes('server/src/')).map((i) => i.slice(i.indexOf('server/src/'))).sort();
    assert.deepEqual(engine, []);

    // Within 100 KB of a bare LanguageClient bundle (same options).
    const bare = await esbuild.build({
      stdin: { contents: "export { LanguageClient } from 'vscode-languageclient/node';", resolveDir: ROOT, loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['vscode'],
      mainFields: ['module', 'main'],
      write: false,
      logLevel: 'silent',
    });
    const ours = result.outputFiles[0].contents.byteLength;
    const base = bare.outputFiles[0].contents.byteLength;
    assert.ok(ours - base <= 100_000, `client bundle ${ours} bytes, a bare LanguageClient ${base}: ${ours - base} more`);
  });
});
