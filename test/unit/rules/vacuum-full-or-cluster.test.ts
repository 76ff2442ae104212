import { expectDocsExamples, expectFires, expectQuiet } from './harness';

const ID = 'vacuum-full-or-cluster';

describe(ID, () => {
  it('follows its docs examples', () => expectDocsExamples(ID));
  it('fires on VACUUM FULL (either spelling, or of the whole database) and CLUSTER', () => {
    expectFires(ID, 'VACUUM FULL users;');
    expectFires(ID, 'VACUUM (FULL, ANALYZE) users;');
    expectFires(ID, 'VACUUM FULL;');
    expectFires(ID, 'CLUSTER users USING users_pkey;');
    expectFires(ID, 'CLUSTER;');
  });
  it('is quiet on plain VACUUM, FULL switched off, ANALYZE, and tables created in the file', () => {
    expectQuiet(ID, 'VACUUM users;');
    expectQuiet(ID, 'VACUUM (FULL false) users;');
    expectQuiet(ID, 'ANALYZE users;');
    expectQuiet(ID, 'CREATE TABLE t (id int PRIMARY KEY);\nCLUSTER t USING t_pkey;\nVACUUM FULL t;');
  });
});
