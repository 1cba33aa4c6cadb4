// VS Code's test-runner contract: the workbench loads this module (extensionTestsPath) in the
// extension host, with the extension under development loaded, and awaits run(). It is run by
// test/harness/run-integration.js (offline, real VS Code server + Chromium) and by
// test/harness/run-electron.js (@vscode/test-electron, where VS Code can be downloaded).
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
// mocha 11 is CommonJS (mocha 12 is ESM-only and fails here with "Mocha is not a constructor").
import Mocha from 'mocha';

/** Every `*.test.js` below this folder, in a stable order. */
function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    // (skipping node_modules: recursive readdir follows symlinked folders)
    .filter((f) => f.endsWith('.test.js') && !f.split(path.sep).includes('node_modules'))
    // WA_SUITE=untrusted (a restricted-mode window) runs only the *.untrusted.test.js files.
    .filter((f) => f.endsWith('.untrusted.test.js') === (process.env.WA_SUITE === 'untrusted'))
    .sort()
    .map((f) => path.join(dir, f));
}

export async function run(): Promise<void> {
  // Stack traces in the transpiled out/ files should point at the .ts sources.
  process.setSourceMapsEnabled(true);

  // The extension host replaces console.* with forwarders to the workbench, so nothing reaches a
  // terminal: mirror everything the reporter prints into a file the harness prints afterwards.
  const log = process.env.TEST_RESULTS_LOG;
  if (log) {
    fs.mkdirSync(path.dirname(log), { recursive: true });
    const original = Mocha.reporters.Base.consoleLog;
    Mocha.reporters.Base.consoleLog = (...data: unknown[]) => {
      fs.appendFileSync(log, util.format(...data) + '\n');
      original(...data);
    };
  }

  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
  for (const file of testFiles(__dirname)) mocha.addFile(file);

  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed.`);
}
