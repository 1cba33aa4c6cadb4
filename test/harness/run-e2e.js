// End-to-end tests in a real VS Code window: `npm run test:e2e`
//   (= node scripts/with-node24.js test/harness/run-e2e.js; needs Node >= 22).
//
// Builds the extension and the tests, then runs mocha in this process on
// out/test/e2e/**/*.test.js. Each test file starts its own VS Code with test/harness/vscode.js
// and drives it with playwright-core; screenshots go to test-results/.
//
// Env: WA_SKIP_BUILD=1 (don't build), WA_EXTENSION_PATH (extension to load, default: this repo),
//      E2E_GREP (only tests whose title matches), KEEP_VSCODE_LOGS=1.
'use strict';

const fs = require('fs');
const path = require('path');
const { build } = require('./build');
const Mocha = require('mocha');
const { ensureVSCode } = require('../../scripts/ensure-vscode');
const { RESULTS_DIR } = require('./vscode');

const ROOT = path.resolve(__dirname, '..', '..');
const E2E_DIR = path.join(ROOT, 'out', 'test', 'e2e');

function testFiles() {
  if (!fs.existsSync(E2E_DIR)) return [];
  return fs.readdirSync(E2E_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(E2E_DIR, f));
}

async function main() {
  if (!process.env.WA_SKIP_BUILD) build('e2e');
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  // Install VS Code now, so its first-time install does not eat into a test's timeout.
  ensureVSCode();
  // Stack traces of the transpiled tests should point at the .ts sources.
  process.setSourceMapsEnabled(true);

  const files = testFiles();
  if (files.length === 0) {
    console.error(`[e2e] no tests in ${path.relative(ROOT, E2E_DIR)}/`);
    process.exit(1);
  }
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 120_000, grep: process.env.E2E_GREP });
  for (const f of files) mocha.addFile(f);
  const failures = await new Promise((resolve) => mocha.run(resolve));
  console.log(`[e2e] screenshots in ${path.relative(ROOT, RESULTS_DIR)}/`);
  // Exit explicitly: a test that forgot to stop its VS Code must not keep the run alive.
  process.exit(failures > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(`[e2e] ${e.stack || e}`);
  process.exit(1);
});
