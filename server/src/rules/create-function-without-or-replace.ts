import { qualifiedName } from '../parse/ast';
import { fix, insertAfterPrefix } from './fixes';
import { removedBefore } from './guards';
import { defineRule } from './types';

export default defineRule({
  id: 'create-function-without-or-replace',
  category: 'idempotency',
  defaultSeverity: 'warning',
  docs: {
    summary: 'CREATE FUNCTION / PROCEDURE fails when the migration runs again: use CREATE OR REPLACE.',
    why: 'A second run fails with `function "…" already exists with same argument types`. With OR REPLACE a re-run also deploys the current body, which keeps functions replaceable.',
    instead: [
      'Write `CREATE OR REPLACE FUNCTION` (or `PROCEDURE`). OR REPLACE cannot change the return type, the names of parameters or a procedure into a function: for such a change write `DROP FUNCTION IF EXISTS name(argtypes)` first. That earlier DROP of the same name counts as a guard (argument types are not compared).',
    ].join('\n'),
    bad: 'CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;',
    good: 'CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;',
  },
  statementKinds: ['CreateFunctionStmt'],
  checkStatement(stmt, ctx) {
    const n = stmt.node;
    if (stmt.kind !== 'CreateFunctionStmt' || n.replace) return;
    const name = qualifiedName(n.funcname);
    if (removedBefore(ctx, stmt, { kind: 'function', name })) return;
    const what = n.is_procedure ? 'PROCEDURE' : 'FUNCTION';
    const edit = insertAfterPrefix(ctx, stmt, /CREATE/i, ' OR REPLACE');
    return { message: `CREATE ${what} ${name} fails if it already exists: use CREATE OR REPLACE ${what}.`, fixes: fix(`Use CREATE OR REPLACE ${what}`, edit) };
  },
});
