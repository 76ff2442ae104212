import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { defaultConfig, DEFAULT_MIGRATION_GLOBS, validateConfig } from '../../../server/src/config';
import { classifyFolder, CONVENTION_IDS, TRANSACTION_MODES, CONVENTIONS, conventionOfEmptyFolder, fileTransactionMode, type FileSection, type FolderView } from '../../../server/src/layout/conventions';
import { sectionText } from '../../../server/src/layout/conventions/sections';
import { lintText } from '../../../server/src/engine';
import { detectSets } from '../../../server/src/layout/detect';
import { cleanTemp, FIXTURES, tempDir, write } from './helpers';

function folder(relRoot: string, names: string[], files: Record<string, string> = {}): FolderView {
  return {
    workspace: '/ws', root: `/ws/${relRoot}`, relRoot, dir: `/${relRoot}`.toLowerCase(), rels: names.map((n) => `${relRoot}/${n}`), names, folders: false,
    exists: (rel) => rel in files, read: (rel) => files[rel],
  };
}

describe('convention registry', () => {
  it('every module is registered under its own id and declares each part of its runner model', () => {
    for (const id of CONVENTION_IDS) {
      const c = CONVENTIONS[id];
      assert.equal(c.id, id);
      for (const text of [c.tool, c.detection.describe, c.order.describe, c.transaction.describe, c.downs.describe, c.naming.describe, c.detection.defaultFolder]) assert.ok(text, `${id}: a description is missing`);
      assert.ok(TRANSACTION_MODES.includes(c.transaction.mode));
    }
    assert.equal(CONVENTIONS.generic.detection.priority, Math.max(...CONVENTION_IDS.map((id) => CONVENTIONS[id].detection.priority)), 'generic is tried last');
  });

  it('classifies folders by priority, generic last', () => {
    assert.equal(classifyFolder(folder('db/init', ['01_schema.sql'])), 'init-sorted');
    assert.equal(classifyFolder(folder('backend/migrations', ['1_a.up.sql', '1_a.down.sql'])), 'up-down');
    assert.equal(classifyFolder(folder('drizzle', ['0000_x.sql'], { 'meta/_journal.json': '{}' })), 'drizzle');
    assert.equal(classifyFolder(folder('supabase/migrations', ['20240101000000_x.sql'])), 'supabase');
    assert.equal(classifyFolder(folder('db', ['001_x.sql'])), 'numbered');
    assert.equal(classifyFolder(folder('sql', ['001_x.sql'])), 'generic');
    assert.equal(conventionOfEmptyFolder('prisma/migrations', () => false), 'prisma');
    assert.equal(conventionOfEmptyFolder('anything', (rel) => rel === 'migration_lock.toml'), 'prisma');
    assert.equal(conventionOfEmptyFolder('anything', () => false), 'generic');
  });

  it('the configuration accepts every registered id, and the default globs are those the modules list', () => {
    for (const id of CONVENTION_IDS) assert.deepEqual(validateConfig({ convention: id }, 'x').problems, []);
    // Flyway's command-line location (`sql/`) and sqitch's script folders are found by name.
    assert.deepEqual(DEFAULT_MIGRATION_GLOBS, [
      '**/migrations/**/*.sql', '**/migration/**/*.sql', '**/migrate/**/*.sql', '**/db/init/**/*.sql', '**/db/[0-9]*.sql',
      '**/V[0-9]*__*.sql', '**/U[0-9]*__*.sql', '**/R__*.sql', '**/deploy/**/*.sql', '**/revert/**/*.sql', '**/verify/**/*.sql',
    ]);
  });

  it('classifies the tools that mark their files: Flyway names, goose and dbmate markers, sqitch.plan, graphile-migrate committed files', () => {
    assert.equal(classifyFolder(folder('sql', ['V1__init.sql', 'V1.1__x.sql', 'R__view.sql'])), 'flyway');
    assert.equal(classifyFolder(folder('migrations', ['00001_a.sql'], { '00001_a.sql': '-- header\n-- +goose Up\nSELECT 1;\n' })), 'goose');
    assert.equal(classifyFolder(folder('db/migrations', ['20240101000000_a.sql'], { '20240101000000_a.sql': '-- migrate:up\nSELECT 1;\n-- migrate:down\n' })), 'dbmate');
    assert.equal(classifyFolder(folder('', ['a.sql'], { 'sqitch.plan': '%project=p\n' })), 'sqitch');
    assert.equal(classifyFolder(folder('migrations', ['000001.sql', 'current.sql'], { 'committed/000001.sql': '--! Previous: -\n--! Hash: sha1:x\n\nSELECT 1;\n', committed: '' })), 'graphile-migrate');
    // Plain numbered files in a migrations/ folder stay generic: no marker, no claim.
    assert.equal(classifyFolder(folder('migrations', ['001_a.sql'], { '001_a.sql': 'SELECT 1;\n' })), 'generic');
  });

  it('per-file transaction modes follow each tool', () => {
    assert.equal(fileTransactionMode('goose', '-- +goose NO TRANSACTION\n-- +goose Up\nSELECT 1;\n'), 'none');
    assert.equal(fileTransactionMode('goose', '-- +goose Up\nSELECT 1;\n'), 'per-file');
    // dbmate sends a section as one query: one statement runs outside a transaction, several share an implicit one.
    assert.equal(fileTransactionMode('dbmate', '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n'), 'none');
    assert.equal(fileTransactionMode('dbmate', '-- migrate:up transaction:false\nSELECT 1;\nCREATE INDEX CONCURRENTLY i ON t (a);\n'), 'script');
    assert.equal(fileTransactionMode('flyway', 'CREATE INDEX CONCURRENTLY i ON t (a);'), 'none');
    assert.equal(fileTransactionMode('flyway', 'ALTER TABLE t ADD COLUMN b int;'), 'per-file');
    assert.equal(fileTransactionMode('sqitch', 'BEGIN;\nCREATE TABLE t (a int);\nCOMMIT;\n'), 'none');
    assert.equal(fileTransactionMode('graphile-migrate', "--! no-transaction\nALTER TYPE r ADD VALUE IF NOT EXISTS 'x';\n"), 'none');
    // graphile-migrate sends the body as one query too: several statements, one implicit transaction (not graphile's own).
    assert.equal(fileTransactionMode('graphile-migrate', '--! Previous: -\n--! Hash: sha1:x\n\n--! no-transaction\nSELECT 1;\nSELECT 2;\n'), 'script');
  });

  it('a file without an opt-out runs in its convention\'s mode', () => {
    assert.equal(fileTransactionMode('init-sorted', 'SELECT 1;'), 'all');
    assert.equal(fileTransactionMode('numbered', undefined), 'none');
  });

  it('a section keeps the file\'s offsets: the other sections become blanks, line breaks stay', () => {
    const text = '-- up\nCREATE TABLE é (id int);\r\n-- down\nDROP TABLE é;\n';
    const down = text.indexOf('-- down');
    const sections: FileSection[] = [{ role: 'up', start: 0, end: down }, { role: 'down', start: down, end: text.length }];
    const up = sectionText(text, sections, 'up');
    assert.equal(up.length, text.length);
    assert.equal(up.slice(0, down), text.slice(0, down));
    assert.match(up.slice(down), /^ +\n +\n$/);
    assert.equal(sectionText(text, sections, 'down').indexOf('DROP TABLE é;'), text.indexOf('DROP TABLE é;'));
  });

  it('a convention with sections lints each section as its own migration, the down one as the rollback of the up one', () => {
    const original = CONVENTIONS.generic.downs.sections;
    // A stand-in for goose-style markers, to check the engine's plumbing.
    CONVENTIONS.generic.downs.sections = (t) => {
      const d = t.indexOf('-- down');
      return d < 0 ? undefined : [{ role: 'up', start: 0, end: d }, { role: 'down', start: d, end: t.length }];
    };
    try {
      const text = '-- up\nCREATE TABLE IF NOT EXISTS t (id int);\n-- down\nDROP TABLE IF EXISTS t;\n';
      const ids = lintText(text, { path: 'sql/001_t.sql' }).findings.map((f) => f.ruleId);
      assert.ok(!ids.includes('drop-table'), `the down section drops what its up section made: ${ids.join(', ')}`);
      const bare = lintText('DROP TABLE IF EXISTS t;\n', { path: 'sql/001_t.sql' }).findings.map((f) => f.ruleId);
      assert.ok(bare.includes('drop-table'), 'without sections the drop is data loss');
    } finally {
      CONVENTIONS.generic.downs.sections = original;
    }
  });
});

describe('golang-migrate pairing', () => {
  after(cleanTemp);

  it('pairs an up and a down file by version when their titles differ', () => {
    const [set] = detectSets(join(FIXTURES, '../realistic/golang-migrate'), defaultConfig());
    const up = set.files.find((f) => f.stem === '3_add_audit_log')!;
    assert.match(up.downPath ?? '', /3_revert_audit_log\.down\.sql$/);
    assert.ok(set.files.every((f) => f.downPath), 'every up file has its down file');
    assert.equal(set.downs.length, 5);
  });

  it('never pairs among duplicate versions, and matches 007 with 7 (versions are numbers)', () => {
    const dir = tempDir();
    write(dir, 'migrations/7_a.up.sql', 'SELECT 1;');
    write(dir, 'migrations/7_b.up.sql', 'SELECT 1;');
    write(dir, 'migrations/7_c.down.sql', 'SELECT 1;');
    write(dir, 'migrations/008_d.up.sql', 'SELECT 1;');
    write(dir, 'migrations/8_e.down.sql', 'SELECT 1;');
    const [set] = detectSets(dir, defaultConfig());
    assert.deepEqual(set.files.map((f) => [f.stem, f.downPath?.replace(/.*\//, '')]), [['7_a', undefined], ['7_b', undefined], ['008_d', '8_e.down.sql']]);
  });
});
