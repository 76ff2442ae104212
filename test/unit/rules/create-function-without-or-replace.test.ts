import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'create-function-without-or-replace';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on functions and procedures', () => {
    expectFires(ID, "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1';");
    const [p] = expectFires(ID, "CREATE PROCEDURE p() LANGUAGE sql AS 'select 1';");
    assert.match(p.message, /PROCEDURE/);
  });
  it('is quiet with OR REPLACE or after DROP FUNCTION IF EXISTS of the same name', () => {
    expectQuiet(ID, "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1';");
    expectQuiet(ID, "DROP FUNCTION IF EXISTS app.f(int);\nCREATE FUNCTION app.f(x int) RETURNS int LANGUAGE sql AS 'select 1';");
    expectQuiet(ID, "DROP PROCEDURE IF EXISTS p;\nCREATE PROCEDURE p() LANGUAGE sql AS 'select 1';");
  });
  it('does not look at statements inside function bodies (they run when called, not at migration time)', () => {
    expectQuiet(ID, "CREATE OR REPLACE FUNCTION outer_fn() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'CREATE FUNCTION g() RETURNS int LANGUAGE sql AS ''select 1'''; END $$;");
  });
  it('fixes by inserting OR REPLACE', () => {
    assert.equal(expectFixed(ID, "create procedure p() language sql as 'select 1';"), "create OR REPLACE procedure p() language sql as 'select 1';");
  });
});
