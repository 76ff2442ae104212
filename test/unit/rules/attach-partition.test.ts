import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/config';
import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'attach-partition';
const ATTACH = "ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires when the attached table existed before (its rows are scanned) and is information', () => {
    assert.equal(expectFires(ID, ATTACH)[0].severity, 'info');
  });
  it('is quiet when the attached table is new, or a CHECK validated earlier in the file lets PostgreSQL skip the scan', () => {
    expectQuiet(ID, `CREATE TABLE events_2024 (id bigint, at date);\n${ATTACH}`);
    expectQuiet(ID, `ALTER TABLE events_2024 ADD CONSTRAINT b CHECK (at >= '2024-01-01' AND at < '2025-01-01');\n${ATTACH}`);
  });
  it('still fires when the CHECK is only added NOT VALID', () => {
    expectFires(ID, `ALTER TABLE events_2024 ADD CONSTRAINT b CHECK (at >= '2024-01-01') NOT VALID;\n${ATTACH}`);
  });
  it('before PostgreSQL 12 warns about the parent lock even for a new partition', () => {
    const config = { ...defaultConfig(), postgresVersion: 11 };
    assert.match(expectFires(ID, `CREATE TABLE events_2024 (id bigint, at date);\n${ATTACH}`, { config })[0].message, /parent events/);
  });
});
