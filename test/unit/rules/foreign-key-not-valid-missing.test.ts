import * as assert from 'node:assert/strict';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'foreign-key-not-valid-missing';
const NO_TX = { path: 'db/006_fk.sql' };
const ADD_FK = 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on ADD FOREIGN KEY and on ADD COLUMN … REFERENCES on an existing table', () => {
    expectFires(ID, `${ADD_FK};`);
    expectFires(ID, 'ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users;');
    assert.match(expectFires(ID, 'ALTER TABLE orders ADD COLUMN user_id bigint REFERENCES users (id);')[0].message, /add the column first/);
  });
  it('is quiet with NOT VALID and on a table created earlier in the file', () => {
    expectQuiet(ID, `${ADD_FK} NOT VALID;`);
    expectQuiet(ID, `CREATE TABLE orders (id bigint, user_id bigint);\n${ADD_FK};`);
  });
  it('fixes with NOT VALID inside a transaction (validation left to a later migration)', () => {
    assert.equal(expectFixed(ID, `${ADD_FK};`), `${ADD_FK} NOT VALID;`);
  });
  it('fixes with NOT VALID plus VALIDATE where no transaction holds the lock', () => {
    assert.equal(expectFixed(ID, `${ADD_FK};\n`, NO_TX), `${ADD_FK} NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;\n`);
  });
  it('puts NOT VALID after the right subcommand of a multi-command ALTER TABLE', () => {
    const sql = 'ALTER TABLE orders ADD CONSTRAINT a FOREIGN KEY (user_id) REFERENCES users (id), ADD COLUMN note text;';
    assert.equal(expectFixed(ID, sql), 'ALTER TABLE orders ADD CONSTRAINT a FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID, ADD COLUMN note text;');
  });
});
