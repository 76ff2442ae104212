import { label } from '../layout/set-report';
import { defineRule, type SetReport } from './types';

export default defineRule({
  id: 'down-does-not-parse',
  category: 'layout',
  defaultSeverity: 'error',
  docs: {
    summary: 'This down migration does not parse: the rollback would fail.',
    why: 'Down files run only when something has gone wrong, so a syntax error in one goes unnoticed until the rollback itself fails, mid-incident. The down file is parsed with the PostgreSQL 18 grammar like every up file.',
    instead: 'Fix the statement at the position shown (the message is PostgreSQL\'s own), and try the rollback on a scratch database: up, down, up.',
    bad: 'migrations/001_create_users.up.sql: CREATE TABLE users (id bigint);\nmigrations/001_create_users.down.sql: DROP TABEL users;',
    good: 'migrations/001_create_users.up.sql: CREATE TABLE users (id bigint);\nmigrations/001_create_users.down.sql: DROP TABLE users;',
  },
  checkSet(set, ctx) {
    const out: SetReport[] = [];
    for (const down of set.downs) {
      for (const e of ctx.parse(down.path)?.syntaxErrors ?? []) {
        out.push({ path: down.path, start: e.start, end: e.end, message: `Down migration ${label(down)} does not parse: ${e.message}` });
      }
    }
    return out;
  },
});
