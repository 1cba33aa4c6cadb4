#!/usr/bin/env node
// `npm test`: every check, in order, each timed; stops at the first failure with its exit code.
//   build → typecheck → lint → build tests → unit → webview (production panel bundle in headless
//   Chromium) → integration (real VS Code) → e2e (real VS Code UI)
// The VS Code steps need Node 24 and install it plus the VS Code server into .cache/ on first use
// (scripts/with-node24.js, scripts/ensure-vscode.js; a few minutes, once).
'use strict';

const { spawnSync } = require('child_process');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const node = process.execPath;
// Local binaries through node directly: the same as `npx tsc`/`npx eslint`, without npx's lookup.
const bin = (p) => path.join(ROOT, 'node_modules', p);
const withNode24 = path.join(ROOT, 'scripts', 'with-node24.js');

const STEPS = [
  ['build', 'node esbuild.js', [node, 'esbuild.js']],
  ['typecheck', 'tsc --noEmit -p .', [node, bin('typescript/bin/tsc'), '--noEmit', '-p', '.']],
  ['lint', 'eslint src test', [node, bin('eslint/bin/eslint.js'), 'src', 'test']],
  ['build tests', 'node esbuild.js --tests', [node, 'esbuild.js', '--tests']],
  ['unit', 'mocha (.mocharc.json)', [node, withNode24, bin('mocha/bin/mocha.js')]],
  ['webview', 'test/harness/run-webview.js', [node, 'test/harness/run-webview.js']],
  ['integration', 'test/harness/run-integration.js', [node, withNode24, 'test/harness/run-integration.js']],
  ['e2e', 'test/harness/run-e2e.js', [node, withNode24, 'test/harness/run-e2e.js']],
];

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

function main() {
  const t0 = Date.now();
  const done = [];
  // The build steps already ran: the harness runners need not repeat them.
  const env = { ...process.env, WA_SKIP_BUILD: '1' };
  for (const [name, label, [cmd, ...args]] of STEPS) {
    console.log(`\n━━━ ${name}: ${label}`);
    const t = Date.now();
    const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env });
    const ms = Date.now() - t;
    const code = r.status ?? 1;
    done.push({ name, ms, ok: code === 0 });
    console.log(`━━━ ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${secs(ms)}`);
    if (code !== 0) {
      summary(done, t0);
      process.exit(code);
    }
  }
  summary(done, t0);
}

function summary(done, t0) {
  console.log('\nSummary');
  for (const s of done) console.log(`  ${s.ok ? '✔' : '✘'} ${s.name.padEnd(12)} ${secs(s.ms).padStart(8)}`);
  const skipped = STEPS.slice(done.length).map(([name]) => name);
  if (skipped.length) console.log(`  (not run: ${skipped.join(', ')})`);
  console.log(`  total ${secs(Date.now() - t0)}`);
}

main();
