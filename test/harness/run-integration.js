// Integration tests in a real VS Code: `npm run test:integration`
//   (= node scripts/with-node24.js test/harness/run-integration.js; needs Node >= 22).
//
// Builds the extension and the tests, then starts the VS Code server (test/harness/vscode.js)
// on a fresh copy of sample-workspace/ with this repo as the extension under development and
// out/test/integration/index.js as extensionTestsPath: the workbench runs the suite inside the
// extension host and reports the result through window.codeAutomationExit(code).
//
// Env:
//   TEST_TIMEOUT_MS        whole-run timeout (default 10 min)
//   WA_SKIP_BUILD=1        don't run esbuild first
//   WA_EXTENSION_PATH      extension folder to load (default: this repo)
//   WA_TESTS_PATH          tests module (default: out/test/integration/index.js)
//   WA_WORKSPACE           folder copied as the workspace (default: sample-workspace/)
//   KEEP_VSCODE_LOGS=1     keep the server's temp folder (its path is printed)
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { build } = require('./build');
const { startVSCode, tail } = require('./vscode');

const ROOT = path.resolve(__dirname, '..', '..');
const secs = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/** A throwaway copy, so tests may edit files without touching the repo. */
function copyWorkspace(from) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-workspace-'));
  fs.cpSync(from, dir, { recursive: true });
  return dir;
}

/** Prints what the suite appends to `file` while it runs (the extension host has no terminal). */
function follow(file) {
  let offset = 0;
  const flush = () => {
    let buf;
    try {
      buf = fs.readFileSync(file);
    } catch {
      return;
    }
    if (buf.length > offset) {
      process.stdout.write(buf.subarray(offset));
      offset = buf.length;
    }
  };
  const timer = setInterval(flush, 250);
  return () => {
    clearInterval(timer);
    flush();
  };
}

/** Extension host logs: where a suite that fails to load leaves its error. */
function printDiagnostics(vs) {
  console.error(`\n--- VS Code server log (tail) ---\n${tail(vs.serverLog, 40)}`);
  const logs = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/exthost.*\.log$|remoteagent\.log$/.test(e.name)) logs.push(p);
    }
  };
  try { walk(vs.logsDir); } catch { /* no logs */ }
  for (const l of logs) console.error(`\n--- ${path.relative(vs.logsDir, l)} (tail) ---\n${tail(l, 40)}`);
  console.error(`\n--- browser console (tail) ---\n${tail(vs.browserLog, 30)}`);
}

/** One VS Code session running the suite; `untrusted` runs the restricted-mode files instead. */
async function runSuite({ extensionDevelopmentPath, extensionTestsPath, untrusted }) {
  const t0 = Date.now();
  const workspace = copyWorkspace(process.env.WA_WORKSPACE || path.join(ROOT, 'sample-workspace'));
  const timeoutMs = Number(process.env.TEST_TIMEOUT_MS) || 10 * 60_000;
  const resultsLog = path.join(ROOT, 'test-results', untrusted ? 'integration-untrusted.log' : 'integration.log');
  fs.mkdirSync(path.dirname(resultsLog), { recursive: true });
  fs.writeFileSync(resultsLog, '');

  console.log(`[integration] VS Code on ${workspace}${untrusted ? ' (restricted mode)' : ''}\n  extension: ${extensionDevelopmentPath}\n  tests:     ${extensionTestsPath}`);
  const vs = await startVSCode({
    workspace,
    extensionDevelopmentPath,
    extensionTestsPath,
    trusted: !untrusted,
    env: { TEST_RESULTS_LOG: resultsLog, WA_SUITE: untrusted ? 'untrusted' : 'trusted' },
  });
  console.log(`[integration] workbench up after ${secs(t0)}; running the suite …\n`);
  const stopFollowing = follow(resultsLog);

  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
  const code = await Promise.race([vs.automationExit, timeout]);
  clearTimeout(timer);
  stopFollowing();

  let exitCode;
  if (code === 'timeout') {
    console.error(`\n[integration] no result after ${timeoutMs} ms (TEST_TIMEOUT_MS)`);
    printDiagnostics(vs);
    exitCode = 1;
  } else {
    exitCode = code === 0 ? 0 : 1;
    if (exitCode !== 0) {
      if (!fs.readFileSync(resultsLog, 'utf8').trim()) console.error('[integration] the suite printed nothing: it probably failed to load');
      printDiagnostics(vs);
    }
    console.log(`\n[integration] ${exitCode === 0 ? 'passed' : `FAILED (exit code ${code})`} in ${secs(t0)}; log: ${path.relative(ROOT, resultsLog)}`);
  }
  await vs.stop({ keepLogs: exitCode !== 0 || !!process.env.KEEP_VSCODE_LOGS });
  if (exitCode !== 0) console.error(`[integration] VS Code logs kept in ${vs.logsDir}`);
  fs.rmSync(workspace, { recursive: true, force: true });
  return exitCode;
}

async function main() {
  if (!process.env.WA_SKIP_BUILD) build('integration');
  const extensionDevelopmentPath = path.resolve(process.env.WA_EXTENSION_PATH || ROOT);
  const extensionTestsPath = path.resolve(process.env.WA_TESTS_PATH || path.join(ROOT, 'out', 'test', 'integration', 'index.js'));
  if (!fs.existsSync(extensionTestsPath)) throw new Error(`${extensionTestsPath} does not exist (build the tests first)`);
  const trusted = await runSuite({ extensionDevelopmentPath, extensionTestsPath, untrusted: false });
  // The same extension in restricted mode (D2, C2, D3), unless another suite was asked for.
  const untrusted = process.env.WA_TESTS_PATH ? 0 : await runSuite({ extensionDevelopmentPath, extensionTestsPath, untrusted: true });
  process.exit(trusted || untrusted);
}

main().catch((e) => {
  console.error(`[integration] ${e.stack || e}`);
  process.exit(1);
});
