import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'add-constraint-without-drop-if-exists';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on a named constraint with no earlier DROP CONSTRAINT IF EXISTS', () => {
    expectFires(ID, 'ALTER TABLE t ADD CONSTRAINT t_pos CHECK (a > 0);');
    expectFires(ID, 'ALTER TABLE t ADD CONSTRAINT t_fk FOREIGN KEY (u) REFERENCES u (id) NOT VALID;');
    expectFires(ID, 'CREATE TABLE IF NOT EXISTS t (a int);\nALTER TABLE t ADD CONSTRAINT t_pos CHECK (a > 0);');
  });
  it('is quiet after a DROP CONSTRAINT IF EXISTS of the same name, earlier in the file or the same statement', () => {
    expectQuiet(ID, 'ALTER TABLE public.t DROP CONSTRAINT IF EXISTS t_pos;\nALTER TABLE t ADD CONSTRAINT t_pos CHECK (a > 0);');
    expectQuiet(ID, 'ALTER TABLE t DROP CONSTRAINT IF EXISTS t_pos, ADD CONSTRAINT t_pos CHECK (a > 0);');
    expectQuiet(ID, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 't_pos') THEN ALTER TABLE t ADD CONSTRAINT t_pos CHECK (a > 0); END IF; END $$;");
  });
  it('is not guarded by a drop of another constraint or on another table', () => {
    expectFires(ID, 'ALTER TABLE t DROP CONSTRAINT IF EXISTS other;\nALTER TABLE t ADD CONSTRAINT t_pos CHECK (a > 0);');
    expectFires(ID, 'ALTER TABLE u DROP CONSTRAINT IF EXISTS t_pos;\nALTER TABLE t ADD CONSTRAINT t_pos CHECK (a > 0);');
  });
  it('says an unnamed constraint cannot be guarded, without a fix', () => {
    const [f] = expectFires(ID, 'ALTER TABLE t ADD CHECK (a > 0);');
    assert.match(f.message, /unnamed/);
    assert.deepEqual(f.fixes, []);
  });
  it('reports each constraint of a multi-command ALTER TABLE at its own subcommand', () => {
    const sql = 'ALTER TABLE t ADD CONSTRAINT a_pos CHECK (a > 0), ADD CONSTRAINT b_pos CHECK (b > 0);';
    assert.deepEqual(expectFires(ID, sql).map((f) => sql.slice(f.start, f.end)), ['ADD CONSTRAINT a_pos CHECK (a > 0)', 'ADD CONSTRAINT b_pos CHECK (b > 0)']);
  });
  it('fixes by inserting the DROP CONSTRAINT IF EXISTS line before the statement', () => {
    assert.equal(
      expectFixed(ID, '    ALTER TABLE ONLY app."Orders" ADD CONSTRAINT "Total" CHECK (total >= 0);'),
      '    ALTER TABLE app."Orders" DROP CONSTRAINT IF EXISTS "Total";\n    ALTER TABLE ONLY app."Orders" ADD CONSTRAINT "Total" CHECK (total >= 0);',
    );
  });
  it('inserts the DROP above the comment that belongs to the statement, not between them', () => {
    const sql = 'CREATE TABLE t (a int);\n\n-- AddForeignKey\nALTER TABLE t ADD CONSTRAINT a_pos CHECK (a > 0);\n';
    assert.equal(expectFixed(ID, sql), 'CREATE TABLE t (a int);\n\nALTER TABLE t DROP CONSTRAINT IF EXISTS a_pos;\n-- AddForeignKey\nALTER TABLE t ADD CONSTRAINT a_pos CHECK (a > 0);\n');
  });
});
