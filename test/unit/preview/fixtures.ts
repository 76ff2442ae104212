// Fixture migration sets under test/fixtures/preview/<name>/, in name order (their apply order).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { PreviewFile, PreviewInput } from '../../../server/src/preview/types';
import type { SchemaModel, TableInfo } from '../../../server/src/preview/schema-model';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'preview');

export function loadSet(name: string): PreviewFile[] {
  const root = join(FIXTURES, name);
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  return walk(root)
    .filter((p) => p.endsWith('.sql'))
    .sort()
    .map((p) => ({ path: relative(root, p), text: readFileSync(p, 'utf8') }));
}

export function input(files: PreviewFile[], extra: Partial<PreviewInput> = {}): PreviewInput {
  return { files, transaction: 'per-file', timeoutMs: 60_000, ...extra };
}

export function table(model: SchemaModel, schema: string, name: string): TableInfo {
  const t = model.schemas.find((s) => s.name === schema)?.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${schema}.${name} in the model: ${JSON.stringify(model.schemas.map((s) => [s.name, s.tables.map((x) => x.name)]))}`);
  return t;
}
