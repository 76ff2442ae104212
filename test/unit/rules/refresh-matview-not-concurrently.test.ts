import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'refresh-matview-not-concurrently';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on a plain refresh of an existing view', () => {
    expectFires(ID, 'REFRESH MATERIALIZED VIEW reporting.daily_totals;');
  });
  it('is quiet with CONCURRENTLY, WITH NO DATA, or for a view created in the file', () => {
    expectQuiet(ID, 'REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals;');
    expectQuiet(ID, 'REFRESH MATERIALIZED VIEW daily_totals WITH NO DATA;');
    expectQuiet(ID, 'CREATE MATERIALIZED VIEW daily_totals AS SELECT 1 AS n;\nREFRESH MATERIALIZED VIEW daily_totals;');
  });
  it('fixes by adding CONCURRENTLY, also inside a transaction (where it is allowed)', () => {
    assert.equal(expectFixed(ID, 'refresh materialized view daily_totals;'), 'refresh materialized view CONCURRENTLY daily_totals;');
  });
});
