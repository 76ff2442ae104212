import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'create-extension-without-guard';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on CREATE EXTENSION without IF NOT EXISTS', () => {
    expectFires(ID, 'CREATE EXTENSION "uuid-ossp";');
    expectFires(ID, 'CREATE EXTENSION vector WITH SCHEMA extensions;');
  });
  it('is quiet with IF NOT EXISTS or after DROP EXTENSION IF EXISTS', () => {
    expectQuiet(ID, 'CREATE EXTENSION IF NOT EXISTS pgcrypto;');
    expectQuiet(ID, 'DROP EXTENSION IF EXISTS pg_trgm;\nCREATE EXTENSION pg_trgm;');
  });
  it('fixes by inserting IF NOT EXISTS', () => {
    assert.equal(expectFixed(ID, 'create extension "uuid-ossp" with schema extensions;'), 'create extension IF NOT EXISTS "uuid-ossp" with schema extensions;');
  });
});
