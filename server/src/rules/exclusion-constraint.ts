import { defineRule } from './types';
import { constraintsAddedToExisting } from './not-valid';

export default defineRule({
  id: 'exclusion-constraint',
  category: 'safety',
  defaultSeverity: 'warning',
  docs: {
    summary: 'Adding an EXCLUDE constraint to an existing table builds its index and checks every row under ACCESS EXCLUSIVE.',
    why: 'An exclusion constraint is backed by an index that is built, and every row checked against the others, while the table is locked ACCESS EXCLUSIVE: reads and writes wait for the whole build. Unlike UNIQUE, there is no `USING INDEX` or `NOT VALID` form to do it online.',
    instead:
      'Plan it: add it while the table is small or in a maintenance window with a short `lock_timeout`, or enforce the rule on a new table (created with the constraint) that the application migrates to.',
    lock: 'ACCESS EXCLUSIVE',
    setup: "CREATE TABLE bookings (id bigint PRIMARY KEY, room int NOT NULL, during tstzrange NOT NULL);\nINSERT INTO bookings VALUES (1, 1, '[2024-01-01, 2024-01-02)'), (2, 1, '[2024-01-03, 2024-01-04)');",
    bad: 'ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&);',
    good: 'CREATE TABLE room_bookings (\n  id bigint PRIMARY KEY,\n  during tstzrange NOT NULL,\n  CONSTRAINT room_bookings_no_overlap EXCLUDE USING gist (during WITH &&)\n);',
  },
  statementKinds: ['AlterTableStmt'],
  checkStatement(stmt, ctx) {
    return constraintsAddedToExisting(stmt, ctx, 'CONSTR_EXCLUSION').map((added) => ({
      node: added.constraint,
      message: `Adding an EXCLUDE constraint builds its index and checks every row of ${added.table} under ACCESS EXCLUSIVE, with no online alternative.`,
    }));
  },
});
