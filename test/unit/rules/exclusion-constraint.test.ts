import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'exclusion-constraint';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on ADD … EXCLUDE on an existing table', () => {
    expectFires(ID, 'ALTER TABLE bookings ADD EXCLUDE USING gist (room WITH =, during WITH &&);');
  });
  it('is quiet on a table created in the file', () => {
    expectQuiet(ID, 'CREATE TABLE bookings (during tstzrange);\nALTER TABLE bookings ADD EXCLUDE USING gist (during WITH &&);');
  });
});
