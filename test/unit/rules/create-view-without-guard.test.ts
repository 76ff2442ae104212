import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'create-view-without-guard';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on views and materialized views without a guard', () => {
    expectFires(ID, 'CREATE VIEW v AS SELECT 1;');
    expectFires(ID, 'CREATE TEMP VIEW v AS SELECT 1;');
    expectFires(ID, 'CREATE MATERIALIZED VIEW m AS SELECT 1;');
  });
  it('is quiet with OR REPLACE, IF NOT EXISTS for matviews, or after a DROP … IF EXISTS', () => {
    expectQuiet(ID, 'CREATE OR REPLACE VIEW v AS SELECT 1;');
    expectQuiet(ID, 'CREATE MATERIALIZED VIEW IF NOT EXISTS m AS SELECT 1;');
    expectQuiet(ID, 'DROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT 1;');
    expectQuiet(ID, 'DROP MATERIALIZED VIEW IF EXISTS m;\nCREATE MATERIALIZED VIEW m AS SELECT 1;');
  });
  it('does not take a DROP VIEW as a guard for a materialized view of the same name', () => {
    expectFires(ID, 'DROP VIEW IF EXISTS m;\nCREATE MATERIALIZED VIEW m AS SELECT 1;');
  });
  it('is not about CREATE TABLE AS', () => {
    expectQuiet(ID, 'CREATE TABLE t AS SELECT 1;');
  });
  it('fixes views with OR REPLACE and materialized views with IF NOT EXISTS', () => {
    assert.equal(expectFixed(ID, 'create recursive view v (n) as select 1;'), 'create OR REPLACE recursive view v (n) as select 1;');
    assert.equal(expectFixed(ID, 'CREATE MATERIALIZED VIEW m AS SELECT 1 WITH NO DATA;'), 'CREATE MATERIALIZED VIEW IF NOT EXISTS m AS SELECT 1 WITH NO DATA;');
  });
});
