import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'change-column-type';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on a type change of an existing table and says when it rewrites', () => {
    assert.match(expectFires(ID, 'ALTER TABLE users ALTER COLUMN id TYPE int;')[0].message, /rewrites the table/);
    assert.match(expectFires(ID, 'ALTER TABLE users ALTER COLUMN id TYPE text USING id::text;')[0].message, /with USING, rewrites/);
  });
  it('names the binary-coercible cases where a change is brief', () => {
    assert.match(expectFires(ID, 'ALTER TABLE users ALTER COLUMN name TYPE varchar(500);')[0].message, /binary-coercible \(varchar\(n\) → varchar\(m\) with m ≥ n/);
    assert.match(expectFires(ID, 'ALTER TABLE users ALTER COLUMN name TYPE text;')[0].message, /varchar, varchar\(n\) or char → text/);
  });
  it('is quiet on a table created in the file', () => {
    expectQuiet(ID, 'CREATE TABLE users (id bigint);\nALTER TABLE users ALTER COLUMN id TYPE int;');
  });
});
