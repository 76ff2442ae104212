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
    assert.deepEqual(DEFAULT_MIGRATION_GLOBS, ['**/migrations/**/*.sql', '**/migration/**/*.sql', '**/migrate/**/*.sql', '**/db/init/**/*.sql', '**/db/[0-9]*.sql']);
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
