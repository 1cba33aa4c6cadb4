// Integration tests in a downloaded VS Code (Electron): `npm run test:electron`.
//
// For machines that CAN download VS Code (a developer's laptop, CI with internet). It runs the very
// same suite as run-integration.js (out/test/integration/index.js, VS Code's test-runner contract)
// through @vscode/test-electron, which downloads VS Code into .vscode-test/ on first use. On the
// project's offline machines that download fails: use `npm run test:integration` there (the VS
// Code server from the code-server npm package; see test/harness/vscode.js). Not run by `npm test`.
//
// The npm script builds first (node esbuild.js && node esbuild.js --tests). On Linux without a
// display, run it under xvfb-run. Env: VSCODE_VERSION (default: the engines minimum, 1.101.0;
// "stable" for the latest).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');

const ROOT = path.resolve(__dirname, '..', '..');

async function main() {
  // A throwaway copy of the sample workspace, as in run-integration.js.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-workspace-'));
  fs.cpSync(path.join(ROOT, 'sample-workspace'), workspace, { recursive: true });
  const resultsLog = path.join(ROOT, 'test-results', 'integration-electron.log');
  fs.mkdirSync(path.dirname(resultsLog), { recursive: true });
  fs.writeFileSync(resultsLog, '');
  try {
    await runTests({
      version: process.env.VSCODE_VERSION || '1.101.0',
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out', 'test', 'integration', 'index.js'),
      // The suite mirrors its reporter output into this file (see test/integration/index.ts).
      extensionTestsEnv: { TEST_RESULTS_LOG: resultsLog },
      // --disable-extensions: only the extension under development (and built-ins) load.
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
    console.log(`[electron] passed; log: ${path.relative(ROOT, resultsLog)}`);
  } catch (e) {
    console.error(`[electron] failed: ${e.message || e}`);
    process.exitCode = 1;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main();
