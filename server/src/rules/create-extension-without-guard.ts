import { fix, insertAfterPrefix } from './fixes';
import { removedBefore } from './guards';
import { defineRule } from './types';

export default defineRule({
  id: 'create-extension-without-guard',
  category: 'idempotency',
  defaultSeverity: 'warning',
  docs: {
    summary: 'CREATE EXTENSION fails when the migration runs again: add IF NOT EXISTS.',
    why: 'A second run fails with `extension "…" already exists`. Extensions are also often preinstalled by the platform (Supabase installs `uuid-ossp` and `pgcrypto`), so even the first run can fail.',
    instead: 'Write `CREATE EXTENSION IF NOT EXISTS name`. It does not upgrade an installed extension: use `ALTER EXTENSION … UPDATE` for that.',
    bad: 'CREATE EXTENSION pgcrypto;',
    good: 'CREATE EXTENSION IF NOT EXISTS pgcrypto;',
  },
  statementKinds: ['CreateExtensionStmt'],
  checkStatement(stmt, ctx) {
    if (stmt.kind !== 'CreateExtensionStmt') return;
    const n = stmt.node;
    if (n.if_not_exists) return;
    if (removedBefore(ctx, stmt, { kind: 'extension', name: n.extname ?? '' })) return;
    const edit = insertAfterPrefix(ctx, stmt, /CREATE\s+EXTENSION/i, ' IF NOT EXISTS');
    return { message: `CREATE EXTENSION ${n.extname} fails if the extension is already installed: add IF NOT EXISTS.`, fixes: fix('Add IF NOT EXISTS', edit) };
  },
});
