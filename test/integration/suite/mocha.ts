/**
 * The suite's mocha instance. Imported before the test files so that `suite`/`test` exist as
 * globals when their (statically bundled) modules are evaluated.
 */
import Mocha from 'mocha';

// MIGRATION_LENS_IT_GREP=<pattern>: only the tests whose title matches (while working on them).
const grep = process.env.MIGRATION_LENS_IT_GREP;
export const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
mocha.suite.emit('pre-require', globalThis, 'migration-lens integration suite', mocha);
