import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'validate-in-same-transaction';
const ADD = 'ALTER TABLE users ADD CONSTRAINT c CHECK (id > 0) NOT VALID;';
const VALIDATE = 'ALTER TABLE users VALIDATE CONSTRAINT c;';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires when the runner wraps the file, or an explicit transaction holds both', () => {
    expectFires(ID, `${ADD}\n${VALIDATE}`, { path: 'prisma/migrations/20240101000000_c/migration.sql' });
    expectFires(ID, `BEGIN;\n${ADD}\n${VALIDATE}\nCOMMIT;`, { path: 'db/008_c.sql' });
    expectFires(ID, "ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE > 0) NOT VALID;\nALTER DOMAIN d VALIDATE CONSTRAINT c;");
  });
  it('fires on the VALIDATE CONSTRAINT subcommand', () => {
    const sql = `${ADD}\n${VALIDATE}`;
    const [finding] = expectFires(ID, sql);
    assert.equal(sql.slice(finding.start, finding.end), 'VALIDATE CONSTRAINT c');
  });
  it('is quiet when a COMMIT separates them, in autocommit, or for another constraint or table', () => {
    expectQuiet(ID, `BEGIN;\n${ADD}\nCOMMIT;\nBEGIN;\n${VALIDATE}\nCOMMIT;`, { path: 'db/008_c.sql' });
    expectQuiet(ID, `${ADD}\n${VALIDATE}`, { path: 'db/008_c.sql' });
    expectQuiet(ID, `${ADD}\nALTER TABLE users VALIDATE CONSTRAINT other;`);
    expectQuiet(ID, `${ADD}\nALTER TABLE orders VALIDATE CONSTRAINT c;`);
    expectQuiet(ID, VALIDATE);
  });
});
