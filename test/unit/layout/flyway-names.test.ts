import * as assert from 'node:assert/strict';
import {
  compareFlywayNames,
  compareFlywayVersions,
  FLYWAY_DEFAULT_NAMING,
  flywayConfLocations,
  flywayConfNaming,
  flywayNonTransactional,
  flywayScriptMode,
  flywayTomlLocations,
  nextFlywayVersion,
  parseFlywayName,
  scriptConfigTransaction,
  type FlywayName,
} from '../../../server/src/layout/flyway-names';

const named = (n: string) => {
  const r = parseFlywayName(n);
  assert.ok(r && !('error' in r), `${n} should parse`);
  return r as FlywayName;
};

describe('Flyway names and versions', () => {
  it('reads versioned, undo, repeatable, baseline and callback names', () => {
    assert.deepEqual(parseFlywayName('V1_2__Add_users.sql'), { kind: 'versioned', version: '1_2', parts: [1n, 2n], description: 'Add users', rawDescription: 'Add_users' });
    assert.equal(named('U3__drop_x.sql').kind, 'undo');
    assert.deepEqual(parseFlywayName('R__people_view.sql'), { kind: 'repeatable', version: '', parts: [], description: 'people view', rawDescription: 'people_view' });
    assert.equal(named('B5__baseline.sql').kind, 'baseline');
    assert.equal(named('afterMigrate.sql').kind, 'callback');
    assert.equal(named('beforeEachMigrate__log.sql').kind, 'callback');
    assert.equal(named('V2__x.SQL').version, '2', 'the suffix ignores case');
  });

  it('is not a Flyway script without a known prefix or suffix; prefixes are case-sensitive', () => {
    assert.equal(parseFlywayName('001_init.sql'), undefined);
    assert.equal(parseFlywayName('v1__lower.sql'), undefined);
    assert.equal(parseFlywayName('V1__x.txt'), undefined);
  });

  it('rejects what Flyway rejects, with its message', () => {
    assert.deepEqual(parseFlywayName('R1__x.sql'), { error: 'Invalid repeatable migration name format: R1__x.sql (It cannot contain a version and should look like this: R__x.sql)' });
    assert.deepEqual(parseFlywayName('V__x.sql'), { error: 'Invalid versioned migration name format: V__x.sql (It must contain a version and should look like this: V1.2__x.sql)' });
    assert.deepEqual(parseFlywayName('V1a__x.sql'), { error: 'Invalid versioned migration name format: V1a__x.sql (could not recognise version number 1a)' });
  });

  it('compares versions part by part as numbers, with _ read as . and trailing zeros dropped', () => {
    const sorted = ['1.10', '2', '1.2', '1.1', '1_3', '1.2.1', '0.9', '10'].sort(compareFlywayVersions);
    assert.deepEqual(sorted, ['0.9', '1.1', '1.2', '1.2.1', '1_3', '1.10', '2', '10']);
    assert.equal(compareFlywayVersions('1.0', '1'), 0);
    assert.equal(compareFlywayVersions('1_1', '1.1'), 0);
    assert.equal(compareFlywayVersions('007', '7'), 0);
    assert.equal(compareFlywayVersions('20260421143005', '20260421143004'), 1);
    assert.equal(compareFlywayVersions('99999999999999999999999', '1'), 1, 'BigInteger parts, no precision loss');
  });

  it('applies versioned scripts by version (undo after its versioned twin), then repeatables by description', () => {
    const names = ['R__b_view.sql', 'V1.10__c.sql', 'U1.2__b.sql', 'V1.2__b.sql', 'R__a_func.sql', 'V1.9__a.sql'];
    assert.deepEqual(names.map(named).sort(compareFlywayNames).map((n) => `${n.kind}:${n.version}:${n.description}`), [
      'versioned:1.2:b',
      'undo:1.2:b',
      'versioned:1.9:a',
      'versioned:1.10:c',
      'repeatable::a func',
      'repeatable::b view',
    ]);
  });

  it('next version: the last part plus one, keeping padding and separators; timestamps stay timestamps', () => {
    assert.equal(nextFlywayVersion(undefined, '20260421143005'), '1');
    assert.equal(nextFlywayVersion('1.9', 'x'), '1.10');
    assert.equal(nextFlywayVersion('1_2', 'x'), '1_3');
    assert.equal(nextFlywayVersion('007', 'x'), '008');
    assert.equal(nextFlywayVersion('2', 'x'), '3');
    assert.equal(nextFlywayVersion('202604211200', '20260421143005'), '20260421143005');
    assert.equal(nextFlywayVersion('20990101000000', '20260421143005'), '20990101000001');
  });

  it('reads filesystem locations from flyway.conf and flyway.toml', () => {
    assert.deepEqual(flywayConfLocations('flyway.url=jdbc:postgresql://x/db\nflyway.locations=filesystem:sql/migrations,classpath:db/migration,filesystem:sql/repeatable\n'), ['sql/migrations', 'sql/repeatable']);
    assert.deepEqual(flywayConfLocations('flyway.locations=db/migration\n'), ['db/migration']);
    assert.equal(flywayConfLocations('flyway.url=x\n'), undefined);
    assert.deepEqual(flywayTomlLocations('[environments.default]\nurl = "jdbc:postgresql://localhost/db"\n\n[flyway]\nlocations = ["filesystem:database/migrations",\n  "filesystem:database/repeatable"]\nmixed = true\n'), ['database/migrations', 'database/repeatable']);
    assert.deepEqual(flywayTomlLocations('[environments.dev.flyway]\nlocations = ["filesystem:db"]\n'), ['db']);
    assert.equal(flywayTomlLocations('[environments.default]\nlocations = ["filesystem:nope"]\n'), undefined);
  });

  it('knows the statements Flyway runs outside a transaction on PostgreSQL', () => {
    assert.equal(flywayNonTransactional('CREATE UNIQUE INDEX CONCURRENTLY I ON T (A)'), true);
    assert.equal(flywayNonTransactional('DROP INDEX CONCURRENTLY I'), true);
    assert.equal(flywayNonTransactional('VACUUM ANALYZE T'), true);
    assert.equal(flywayNonTransactional('REINDEX DATABASE D'), true);
    assert.equal(flywayNonTransactional('REINDEX TABLE CONCURRENTLY T'), false, 'Flyway does not detect this one: it fails inside the transaction');
    assert.equal(flywayNonTransactional('CREATE INDEX I ON T (A)'), false);
  });

  it('decides a script\'s transaction as Flyway does: config file first, then its statements; mixing is refused', () => {
    assert.deepEqual(flywayScriptMode(['SET lock_timeout = 1', 'ALTER TABLE t ADD COLUMN c int']), { transaction: true });
    assert.deepEqual(flywayScriptMode(['-- build it online\ncreate  index\n concurrently i on t (c)']), { transaction: false });
    assert.deepEqual(flywayScriptMode(['UPDATE t SET c = 1 WHERE c IS NULL', 'CREATE INDEX CONCURRENTLY i ON t (c)', 'SELECT 1']), { transaction: false, mixedAt: 1 });
    assert.deepEqual(flywayScriptMode(['UPDATE t SET c = 1 WHERE c IS NULL', 'CREATE INDEX CONCURRENTLY i ON t (c)'], undefined, true), { transaction: false });
    assert.deepEqual(flywayScriptMode(['UPDATE t SET c = 1 WHERE c IS NULL', 'CREATE INDEX CONCURRENTLY i ON t (c)'], true), { transaction: true });
    assert.deepEqual(flywayScriptMode(['REINDEX INDEX CONCURRENTLY i'], false), { transaction: false });
  });

  it('reads executeInTransaction from a script config file', () => {
    assert.equal(scriptConfigTransaction('executeInTransaction=false\n'), false);
    assert.equal(scriptConfigTransaction('# comment\nencoding=UTF-8\nexecuteInTransaction = true\n'), true);
    assert.equal(scriptConfigTransaction('encoding=UTF-8\n'), undefined);
  });
});

describe('Flyway name settings from flyway.conf and flyway.toml', () => {
  it('reads the prefixes, the separator and the suffixes over the defaults', () => {
    const conf = flywayConfNaming('flyway.url=jdbc:postgresql://db/app\nflyway.sqlMigrationPrefix=M\nflyway.sqlMigrationSeparator=-\nflyway.repeatableSqlMigrationPrefix = RR\nflyway.undoSqlMigrationPrefix: down\n', false);
    assert.deepEqual(conf, { ...FLYWAY_DEFAULT_NAMING, versionedPrefix: 'M', separator: '-', repeatablePrefix: 'RR', undoPrefix: 'down' });
    const toml = flywayConfNaming('[environments.dev]\nurl = "jdbc:postgresql://db/app"\n\n[flyway]\nsqlMigrationSeparator = "-"\nsqlMigrationSuffixes = [".sql", ".pgsql"]\n', true);
    assert.deepEqual(toml, { ...FLYWAY_DEFAULT_NAMING, separator: '-', suffixes: ['.sql', '.pgsql'] });
    // An empty value would make every file a migration: the default stays.
    assert.deepEqual(flywayConfNaming('flyway.sqlMigrationSeparator=\n', false), FLYWAY_DEFAULT_NAMING);
  });

  it('names read with them: M1.9-add_b.sql, RR-view.sql', () => {
    const naming = flywayConfNaming('flyway.sqlMigrationPrefix=M\nflyway.sqlMigrationSeparator=-\nflyway.repeatableSqlMigrationPrefix=RR\n', false);
    assert.deepEqual(pick(parseFlywayName('M1.9-add_b.sql', naming)), ['versioned', '1.9', 'add b']);
    assert.deepEqual(pick(parseFlywayName('RR-view.sql', naming)), ['repeatable', '', 'view']);
    assert.equal(parseFlywayName('V1__init.sql', naming), undefined, 'V is no prefix of this configuration');
  });
});

function pick(r: ReturnType<typeof parseFlywayName>): [string, string, string] | undefined {
  return r && !('error' in r) ? [r.kind, r.version, r.description] : undefined;
}
