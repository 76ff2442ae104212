import { expectDocsExamples, expectFires, expectQuiet } from './harness';
import { HEADER_ON, header } from './header-fixtures';

const ID = 'header-date-format';

describe(ID, () => {
  it('follows its docs examples with the header preset on', () => expectDocsExamples(ID, HEADER_ON));
  it('accepts real dates and rejects impossible or free-form ones', () => {
    expectQuiet(ID, header({ Date: '2024-02-29 23:59' }) + 'SELECT 1;', HEADER_ON);
    for (const bad of ['2026-13-01 10:00', '2025-02-29 10:00', '2026-04-21', '2026-04-21 24:00', 'yesterday']) {
      expectFires(ID, header({ Date: bad }) + 'SELECT 1;', HEADER_ON);
    }
  });
});
