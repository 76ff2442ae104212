/**
 * The suite's mocha instance. Imported before the test files so that `suite`/`test` exist as
 * globals when their (statically bundled) modules are evaluated.
 */
import Mocha from 'mocha';

export const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
mocha.suite.emit('pre-require', globalThis, 'migration-lens integration suite', mocha);
