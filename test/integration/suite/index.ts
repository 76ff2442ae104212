/**
 * Entry point the VS Code extension host loads (`extensionTestsPath`): runs the suite with mocha.
 * Test files are imported statically because esbuild bundles this file; ./mocha comes first.
 */
import { mocha } from './mocha';
import './activation.test'; // first: it measures start-up before any suite starts a preview
import './diagnostics.test';
import './ruleDocs.test';
import './snippets.test';
import './newMigration.test';
import './preview.test';
import './conventions.test';
import './proofs.test';
import './live.test';

export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    // A suite with nothing in it must not pass as green.
    if (mocha.suite.total() === 0) return reject(new Error('the integration suite has no tests'));
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
