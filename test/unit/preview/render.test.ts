import { strict as assert } from 'node:assert';
import { PreviewRunner } from '../../../server/src/preview/runner';
import { schemaToSql, schemaToTree } from '../../../server/src/preview/render';
import type { SchemaModel } from '../../../server/src/preview/schema-model';
import { input, loadSet } from './fixtures';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The model without origins: two ways of building one schema agree on everything else. */
function withoutOrigins(model: SchemaModel): unknown {
  return JSON.parse(JSON.stringify(model, (k, v) => (k === 'origin' ? undefined : v)));
}

describe('preview renderers', function () {
  this.timeout(120_000);
  const runner = new PreviewRunner(undefined, { cacheDir: join(tmpdir(), 'migration-lens-test') });
  after(() => runner.close());

  it('schemaToSql renders DDL that rebuilds the same schema', async () => {
    const first = await runner.run(input([...loadSet('simple'), ...loadSet('concurrently')]));
    assert.equal(first.error, undefined);
    const ddl = schemaToSql(first.schema);
    assert.match(ddl, /CREATE TYPE public\.user_role AS ENUM \('member', 'admin'\);/);
    assert.match(ddl, /id bigint GENERATED ALWAYS AS IDENTITY NOT NULL/);
    const again = await runner.run(input([{ path: 'schema.sql', text: ddl }]));
    assert.equal(again.error, undefined, JSON.stringify(again.error));
    assert.deepEqual(withoutOrigins(again.schema), withoutOrigins(first.schema));
  });

  it('schemaToTree lists objects with their origins', async () => {
    const res = await runner.run(input(loadSet('simple')));
    const tree = schemaToTree(res.schema, { origins: true }).split('\n');
    assert.ok(tree.includes('schema public'));
    assert.ok(tree.includes('  table users  ← 003_views.sql:1'), tree.join('\n'));
    // A column's origin is the line that defines it (its table starts on line 4).
    assert.ok(tree.includes('    email text NOT NULL  ← 001_users.sql:6'), tree.join('\n'));
    assert.ok(tree.includes('    constraint posts_title_not_blank CHECK (title::text <> \'\'::text) NOT VALID  ← 003_views.sql:2'));
    assert.ok(tree.includes('  enum user_role (member, admin)  ← 001_users.sql:2'));
    assert.ok(tree.includes('  sequence posts_id_seq integer owned by posts.id  ← 002_posts.sql:1'), tree.join('\n'));
  });
});
