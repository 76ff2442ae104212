/**
 * `migration-lens schema` end to end: the bundled CLI starts the bundled preview worker, applies
 * fixture sets to PGlite and prints the schema as a tree, JSON or DDL.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SchemaModel } from '../../../server/src/preview/schema-model';
import { buildCli, cleanScratch, REPO, runCli, scratchDir } from './run';

const FIXTURES = path.join(REPO, 'test/fixtures/preview-cli');
const at = (name: string) => ({ cwd: path.join(FIXTURES, name) });

describe('cli: schema', function () {
  this.timeout(90_000);
  before(async () => {
    await buildCli();
  });
  after(cleanScratch);

  it('tree: applies a numbered set in numeric order (10_ after 2_) and prints tables, columns, types and indexes', async () => {
    const r = await runCli(['schema'], at('good'));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^schema public$/m);
    assert.match(r.stdout, /^ {2}table users$/m);
    assert.match(r.stdout, /^ {4}email text NOT NULL$/m);
    assert.match(r.stdout, /^ {4}state post_state NOT NULL DEFAULT 'draft'::post_state$/m);
    assert.match(r.stdout, /^ {4}index posts_user_id_idx$/m, 'the index from 10_posts_index.sql needs posts, made by 2_posts.sql');
    assert.match(r.stdout, /^ {2}enum post_state \(draft, published\)$/m);
    assert.doesNotMatch(r.stdout, /←/, 'origins only with --origins');
    const withOrigins = await runCli(['schema', '--origins'], at('good'));
    assert.match(withOrigins.stdout, /^ {2}table posts {2}← db\/2_posts\.sql:3$/m);
  });

  it('json: the schema model, with origins relative to the working directory', async () => {
    const r = await runCli(['schema', '--format', 'json'], at('good'));
    assert.equal(r.status, 0, r.stderr);
    const model = JSON.parse(r.stdout) as SchemaModel;
    const pub = model.schemas.find((s) => s.name === 'public');
    assert.ok(pub, 'schema public');
    assert.deepEqual(pub.tables.map((t) => t.name).sort(), ['posts', 'users']);
    const posts = pub.tables.find((t) => t.name === 'posts')!;
    assert.deepEqual(posts.columns.map((c) => c.name), ['id', 'user_id', 'state', 'title']);
    assert.deepEqual(posts.origin, { path: 'db/2_posts.sql', line: 3, migration: '2_posts.sql' });
    assert.deepEqual(posts.indexes.find((i) => i.name === 'posts_user_id_idx')?.origin, { path: 'db/10_posts_index.sql', line: 1, migration: '10_posts_index.sql' });
  });

  it('sql: DDL that recreates the schema', async () => {
    const r = await runCli(['schema', '-f', 'sql'], at('good'));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /CREATE TYPE public\.post_state AS ENUM \('draft', 'published'\);/);
    assert.match(r.stdout, /CREATE TABLE public\.users \(\n {4}id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,\n {4}email text NOT NULL,/);
    assert.match(r.stdout, /CREATE INDEX posts_user_id_idx ON public\.posts USING btree \(user_id\);/);
  });

  it('several sets: each labelled; --set picks one; an unknown --set is a usage error naming the sets', async () => {
    const all = await runCli(['schema'], at('multi'));
    assert.equal(all.status, 0, all.stderr);
    assert.match(all.stdout, /^== admin\/migrations \(generic\)\nschema public\n {2}table audit_log$/m);
    assert.match(all.stdout, /^== app\/migrations \(generic\)\nschema public\n {2}table accounts$/m);

    const one = await runCli(['schema', '--set', 'app/migrations', '--format', 'json'], at('multi'));
    assert.equal(one.status, 0, one.stderr);
    const model = JSON.parse(one.stdout) as SchemaModel;
    assert.deepEqual(model.schemas.flatMap((s) => s.tables.map((t) => t.name)), ['accounts']);

    const bad = await runCli(['schema', '--set', 'nowhere'], at('multi'));
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--set nowhere: not a migration set here \(sets: admin\/migrations, app\/migrations\)/);
  });

  it('a directory argument narrows to the sets under it', async () => {
    const r = await runCli(['schema', '--format', 'json', 'admin'], at('multi'));
    assert.equal(r.status, 0, r.stderr);
    const model = JSON.parse(r.stdout) as SchemaModel;
    assert.deepEqual(model.schemas.flatMap((s) => s.tables.map((t) => t.name)), ['audit_log']);
  });

  it('a migrations folder outside the working directory, named directly: its set is found and applied', async () => {
    const r = await runCli(['schema', '--format', 'json', '../good/db'], at('multi'));
    assert.equal(r.status, 0, r.stderr);
    const model = JSON.parse(r.stdout) as SchemaModel;
    assert.deepEqual(model.schemas.flatMap((s) => s.tables.map((t) => t.name)).sort(), ['posts', 'users']);
  });

  it('an apply error: file:line:col with the hint on stderr, exit 1, and the schema as of the last good statement', async () => {
    const r = await runCli(['schema'], at('failing'));
    assert.equal(r.status, 1);
    // Line 1 and 2 hold non-ASCII text: the column still counts from the start of line 3.
    assert.match(r.stderr, /^db\/2_seed\.sql:3:8: error: function lens_missing_function\(integer\) does not exist \[42883\]$/m);
    assert.match(r.stderr, /^ {2}HINT: No function matches the given name and argument types\./m);
    assert.match(r.stdout, /^ {2}table users$/m);
    assert.doesNotMatch(r.stdout, /never_created/);
  });

  it('preview.setupSql runs before the first migration; its objects are not part of the shown schema', async () => {
    const r = await runCli(['schema', '--format', 'json'], at('setup'));
    assert.equal(r.status, 0, r.stderr);
    const model = JSON.parse(r.stdout) as SchemaModel;
    const tenants = model.schemas.flatMap((s) => s.tables).find((t) => t.name === 'tenants');
    assert.equal(tenants?.columns[0].default, 'platform.current_tenant()');
    assert.ok(!model.schemas.some((s) => s.name === 'platform'), 'the setup schema is baseline, not a migration result');
  });

  it("extensions' C functions are found in the bundled worker (its dlsym lookup is rewritten at build: scripts/pglite-dlsym.mjs)", async () => {
    const dir = scratchDir();
    mkdirSync(path.join(dir, 'db'));
    writeFileSync(path.join(dir, 'db/1_ext.sql'), 'CREATE EXTENSION pgcrypto;\nCREATE EXTENSION pg_trgm;\n');
    writeFileSync(
      path.join(dir, 'db/2_tokens.sql'),
      "CREATE TABLE tokens (id text NOT NULL DEFAULT encode(gen_random_bytes(8), 'hex'), hash text NOT NULL);\n" +
        "INSERT INTO tokens (hash) VALUES (crypt('secret', gen_salt('bf', 4)));\n" +
        'CREATE INDEX tokens_hash_trgm ON tokens USING gin (hash gin_trgm_ops);\n',
    );
    const r = await runCli(['schema'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ {4}id text NOT NULL DEFAULT encode\(gen_random_bytes\(8\), 'hex'::text\)$/m);
    assert.match(r.stdout, /^ {4}index tokens_hash_trgm$/m);
  });

  it('refuses a preview.setupSql outside the workspace, and a setupSql file that does not exist', async () => {
    const dir = scratchDir();
    mkdirSync(path.join(dir, 'db'));
    writeFileSync(path.join(dir, 'db/1_a.sql'), 'CREATE TABLE a (id int);\n');
    writeFileSync(path.join(dir, '.migration-lens.json'), JSON.stringify({ preview: { setupSql: '../outside.sql' } }));
    const outside = await runCli(['schema'], { cwd: dir });
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /preview\.setupSql must be a file inside the workspace \(no absolute path or "\.\."\): "\.\.\/outside\.sql"/);

    writeFileSync(path.join(dir, '.migration-lens.json'), JSON.stringify({ preview: { setupSql: 'missing.sql' } }));
    const missing = await runCli(['schema'], { cwd: dir });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /db: preview\.setupSql: cannot read missing\.sql/);
  });

  it('no migrations, or an unknown format: exit 2 with a clear message', async () => {
    const empty = await runCli(['schema'], { cwd: scratchDir() });
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /no migration files found in \. \(globs tried: \*\*\/migrations/);
    assert.equal((await runCli(['schema', '--allow-empty'], { cwd: scratchDir() })).status, 0);
    const format = await runCli(['schema', '--format', 'yaml'], at('good'));
    assert.equal(format.status, 2);
    assert.match(format.stderr, /--format must be one of tree, json, sql \(got "yaml"\)/);
  });
});
