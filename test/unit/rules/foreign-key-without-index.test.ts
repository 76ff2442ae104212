import * as assert from 'node:assert/strict';
import { fileEvents } from '../../../server/src/navigation/events';
import { parseSql } from '../../../server/src/parse/parser';
import { expectDocsExamples, expectFires, expectFixed, expectQuiet } from './harness';

const ID = 'foreign-key-without-index';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on column, table and ALTER TABLE foreign keys, at the constraint', () => {
    const sql = 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);';
    const [f] = expectFires(ID, sql);
    assert.equal(sql.slice(f.start, f.end), 'REFERENCES');
    assert.match(f.message, /orders \(customer_id\) for its foreign key to customers/);
    expectFires(ID, 'CREATE TABLE l (a int, b int, CONSTRAINT l_fk FOREIGN KEY (a, b) REFERENCES p (x, y));');
    expectFires(ID, 'CREATE TABLE orders (id bigint, customer_id bigint);\nALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;');
    expectFires(ID, 'ALTER TABLE orders ADD COLUMN shop_id bigint REFERENCES shops (id);');
  });
  it("is quiet on existing columns of a table from an earlier migration (its indexes, a primary key say, are out of sight)", () => {
    expectQuiet(ID, 'ALTER TABLE user_preferences ADD CONSTRAINT prefs_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;');
  });
  it('is quiet when an index, primary key or unique constraint in the file leads with the columns', () => {
    expectQuiet(ID, 'CREATE INDEX IF NOT EXISTS o_c ON public.orders (customer_id, created_at);\nALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;');
    expectQuiet(ID, 'CREATE TABLE m (a int REFERENCES x, b int, PRIMARY KEY (a, b));');
    expectQuiet(ID, 'CREATE TABLE m (a int REFERENCES x UNIQUE);');
    expectQuiet(ID, 'CREATE TABLE l (a int, b int, FOREIGN KEY (a, b) REFERENCES p, UNIQUE (b, a, c));');
  });
  it('does not count partial indexes, expression indexes or indexes led by other columns', () => {
    expectFires(ID, 'CREATE TABLE o (c int REFERENCES x);\nCREATE INDEX ON o (c) WHERE c > 0;');
    expectFires(ID, 'CREATE TABLE o (c int REFERENCES x, d int);\nCREATE INDEX ON o (d, c);');
    assert.match(expectFires(ID, 'CREATE TABLE m (a int REFERENCES x, b int REFERENCES y, PRIMARY KEY (a, b));')[0].message, /m \(b\)/);
    expectFires(ID, 'CREATE TABLE o (c int REFERENCES x);\nCREATE INDEX ON o ((c + 1));');
  });
  it('fixes a new table by indexing the columns right after the statement', () => {
    assert.equal(
      expectFixed(ID, 'CREATE TABLE app."Line" (id bigint, "OrderId" bigint REFERENCES app.orders)'),
      'CREATE TABLE app."Line" (id bigint, "OrderId" bigint REFERENCES app.orders);\nCREATE INDEX IF NOT EXISTS "Line_OrderId_idx" ON app."Line" ("OrderId");',
    );
    assert.equal(
      expectFixed(ID, 'CREATE TABLE l (a int);\nALTER TABLE l ADD FOREIGN KEY (a) REFERENCES p;\n'),
      'CREATE TABLE l (a int);\nALTER TABLE l ADD FOREIGN KEY (a) REFERENCES p;\nCREATE INDEX IF NOT EXISTS l_a_idx ON l (a);\n',
    );
  });
  it('offers no fix on an existing table (the index should be built CONCURRENTLY, in its own migration)', () => {
    assert.deepEqual(expectFires(ID, 'ALTER TABLE orders ADD COLUMN customer_id bigint REFERENCES customers;')[0].fixes, []);
  });
  it('is quiet when a later migration of the set indexes the key (documenso add_database_indexes)', () => {
    // documenso's initial_migration adds Session's key; 20251112224336_add_database_indexes indexes it.
    const initial = 'CREATE TABLE "User" ("id" SERIAL NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\nCREATE TABLE "Session" ("id" TEXT NOT NULL, "userId" INTEGER NOT NULL);\nALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;';
    const set = (...after: string[]) => {
      const files = [initial, ...after].map((text, i) => ({ path: `/ws/prisma/migrations/00${i}/migration.sql`, text, events: fileEvents(parseSql(text)) }));
      return { path: 'prisma/migrations/000/migration.sql', set: { setFiles: () => ({ files, index: 0 }) } };
    };
    expectQuiet(ID, initial, set('-- CreateIndex\nCREATE INDEX "Session_userId_idx" ON "Session"("userId");'));
    // No later index, a partial one, or one on another column or table: still reported.
    expectFires(ID, initial, set());
    expectFires(ID, initial, set('CREATE INDEX "Session_userId_idx" ON "Session"("userId") WHERE "id" IS NOT NULL;'));
    expectFires(ID, initial, set('CREATE INDEX "Session_id_userId_idx" ON "Session"("id", "userId");'));
    expectFires(ID, initial, set('CREATE TABLE "Other" ("userId" int);\nCREATE INDEX "Other_userId_idx" ON "Other"("userId");'));
  });
});
