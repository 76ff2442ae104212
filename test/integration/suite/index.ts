/**
 * Entry point the VS Code extension host loads (`extensionTestsPath`): runs the suite with mocha.
 * Test files are imported statically because esbuild bundles this file; ./mocha comes first.
 */
import { mocha } from './mocha';
import { progressLine, reportProgress } from './progress';
import './activation.test'; // first: it measures start-up before any suite starts a preview
import './memory.test'; // second: the server's peak then covers start-up and its own preview only
import './diagnostics.test';
import './rule-docs.test';
import './snippets.test';
import './new-migration.test';
import './preview.test';
import './conventions.test';
import './candidates.test';
import './proofs.test';
import './live.test';
import './navigation.test';
import './first-hour.test';

export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    // A suite with nothing in it must not pass as green.
    const total = mocha.suite.total();
    if (total === 0) return reject(new Error('the integration suite has no tests'));
    // Each test has its own mocha timeout (60 s by default, see ./mocha, or its this.timeout());
    // the runner scales the whole run's limit with the count and names the test running when a limit hits.
    const runner = mocha.run((failures) => (failures ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
    reportProgress(runner, total, (event) => console.log(progressLine(event)));
  });
}
