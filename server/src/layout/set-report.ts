/** Small helpers the layout rules share to word and place their findings. */
import { posix } from 'node:path';
import type { SetReport, SetRuleContext } from '../rules/types';
import type { MigrationFile } from './types';

/** How a message names a migration: `0018_add_users.sql`, or `20240101120000_init/migration.sql`. */
export function label(file: MigrationFile): string {
  const base = posix.basename(file.relPath);
  return base.toLowerCase() === 'migration.sql' ? `${file.stem}/${base}` : base;
}

/** A finding on a whole file, underlining its first line so the editor shows it. */
export function onFile(ctx: SetRuleContext, path: string, message: string): SetReport {
  const text = ctx.readText(path) ?? '';
  const nl = text.indexOf('\n');
  return { path, start: 0, end: nl < 0 ? text.length : nl, message };
}
