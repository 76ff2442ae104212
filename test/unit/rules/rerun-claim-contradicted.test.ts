import { expectDocsExamples, expectFires, expectQuiet } from './harness';
import { HEADER_ON, header } from './header-fixtures';

const ID = 'rerun-claim-contradicted';

describe(ID, () => {
  it('follows its docs examples with the header preset on', () => expectDocsExamples(ID, HEADER_ON));
  it('fires only when the claim is made', () => {
    expectFires(ID, header() + 'CREATE TABLE t (id int);', HEADER_ON);
    expectQuiet(ID, header({ 'Safe to re-run': 'no (one-off backfill)' }) + 'CREATE TABLE t (id int);', HEADER_ON);
  });
  it('respects suppressions of the underlying finding', () => {
    expectQuiet(ID, header() + '-- lens-ignore create-table-without-if-not-exists -- bootstrap only\nCREATE TABLE t (id int);', HEADER_ON);
  });
});
