// A real VS Code for tests, on a machine that cannot download one.
//
// The bare VS Code server bundled in the npm package code-server (scripts/ensure-vscode.js) runs
// under Node 24 with a real Node extension host; Debian's Chromium, driven by playwright-core, is
// the window (the web workbench). Used by run-integration.js (VS Code's test-runner contract),
// the e2e tests (UI driving) and demo.js.
//
//   const { startVSCode, runCommand } = require('../harness/vscode');
//   const vs = await startVSCode({ workspace, extensionDevelopmentPath });
//   await runCommand(vs.page, 'Workspace Assistant: Show Panel');
//   await vs.stop();
//
// Selectors were checked on VS Code 1.139; see /work/shared/docs/vscode-harness.md.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { ensureVSCode } = require('../../scripts/ensure-vscode');

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS_DIR = path.join(ROOT, 'test-results');

// Quiet, deterministic workbench: nothing opens by itself, nothing phones home.
const BASE_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden', // else an empty chat side bar takes room
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
};

const CHROMIUM_ARGS = [
  '--no-sandbox', // we run as root
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Otherwise Chromium may block the workbench's ws://127.0.0.1 connections
  // (ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS).
  '--disable-features=LocalNetworkAccessChecks',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A port that was free a moment ago (the server binds it right after); `port` checks that one. */
function freePort(port = 0) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', (e) => reject(e.code === 'EADDRINUSE' ? new Error(`port ${port} is already in use (set another one, e.g. PORT=…)`) : e));
    srv.listen(port, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tail(file, lines = 60) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

async function waitForHttp(url, server, logFile, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`VS Code server exited (${server.exitCode ?? server.signalCode}) before listening:\n${tail(logFile)}`);
    }
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch { /* not up yet */ }
    await sleep(150);
  }
  throw new Error(`VS Code server not listening on ${url} after ${timeoutMs} ms:\n${tail(logFile)}`);
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal); // the whole group: server, extension host, its children
  } catch { /* already gone */ }
}

/**
 * Starts the VS Code server and (unless `browser: false`) a Chromium showing the workbench.
 * @param {object} o
 * @param {string} o.workspace  folder to open
 * @param {string} [o.extensionDevelopmentPath]  extension folder loaded as under F5
 * @param {string} [o.extensionTestsPath]  module exporting run(): Promise<void> (VS Code's test contract)
 * @param {object} [o.env]  extra env for the server; it reaches the extension host
 * @param {object} [o.settings]  user settings on top of BASE_SETTINGS
 * @param {boolean} [o.trusted]  false: restricted mode (default: trusted)
 * @param {number} [o.port]  default: a free port
 * @param {boolean} [o.headless]  default true
 * @param {boolean} [o.browser]  default true; false = server only (demo.js)
 * @returns {Promise<{page, browser, url, port, logsDir, serverLog, automationExit?, stop}>}
 *   `automationExit` (with extensionTestsPath) resolves to the code the workbench passes to
 *   window.codeAutomationExit when the tests are done.
 */
async function startVSCode(o) {
  const { serverMain, node24, chromium: chromiumPath } = ensureVSCode({ quiet: true });
  // A given port is checked first: otherwise we might wait on whatever else answers there.
  const port = await freePort(o.port || 0);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-vscode-'));
  const userData = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  const serverLog = path.join(tmp, 'server.log');
  const browserLog = path.join(tmp, 'browser.log');
  // trusted: false opens the folder in restricted mode (workspace trust on, never asked).
  const trust = o.trusted === false ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {};
  writeJson(path.join(userData, 'User', 'settings.json'), { ...BASE_SETTINGS, ...trust, ...(o.settings || {}) });
  // The workbench is a remote window: it ignores machine(-overridable)-scoped settings (such as
  // workspaceAssistant.baseUrl) from the user settings and reads them from the remote machine's.
  writeJson(path.join(userData, 'Machine', 'settings.json'), { ...(o.settings || {}) });
  fs.mkdirSync(extensionsDir, { recursive: true });

  const authority = `127.0.0.1:${port}`;
  const base = `http://${authority}`;
  const args = [
    serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver', // needed for the payload's extensionTestsPath + codeAutomationExit
    '--disable-telemetry',
    '--disable-experiments',
    ...(o.trusted === false ? [] : ['--disable-workspace-trust']),
    '--user-data-dir', userData,
    '--extensions-dir', extensionsDir,
  ];
  // Run from a VS Code terminal, VSCODE_* variables (IPC hooks, git askpass, …) would point the
  // server and its extension host at that other VS Code: drop them.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VSCODE_|ELECTRON_RUN_AS_NODE$)/.test(k)));
  const env = {
    ...inherited,
    ...(o.env || {}),
    EXTENSIONS_GALLERY: '{}', // no marketplace => no network
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
    // The server leaves vscode-ipc-*.sock files in the temp dir: keep them in ours, removed by stop().
    TMPDIR: path.join(tmp, 'tmp'),
  };
  fs.mkdirSync(env.TMPDIR);
  const log = fs.openSync(serverLog, 'a');
  // detached: its own process group, so stop() can kill the extension host and everything it spawned.
  const server = spawn(node24, args, { env, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  // Never leave a server behind, even if the caller crashes before stop().
  const onExit = () => killGroup(server, 'SIGKILL');
  process.on('exit', onExit);

  let browser;
  let stopped = false;
  const stop = async ({ keepLogs = !!process.env.KEEP_VSCODE_LOGS } = {}) => {
    if (stopped) return;
    stopped = true;
    if (browser) {
      // browser.close() can hang if Chromium is wedged; don't let it block the teardown.
      await Promise.race([browser.close().catch(() => {}), sleep(5000)]);
    }
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      killGroup(server, 'SIGTERM');
      await Promise.race([exited, sleep(3000)]);
    }
    killGroup(server, 'SIGKILL'); // stragglers in the group (extension host children)
    process.removeListener('exit', onExit);
    if (!keepLogs) fs.rmSync(tmp, { recursive: true, force: true });
  };

  try {
    await waitForHttp(base + '/version', server, serverLog, 60_000);

    const payload = [];
    if (o.extensionDevelopmentPath) {
      payload.push(['extensionDevelopmentPath', `vscode-remote://${authority}${path.resolve(o.extensionDevelopmentPath)}`]);
    }
    if (o.extensionTestsPath) {
      payload.push(['extensionTestsPath', `vscode-remote://${authority}${path.resolve(o.extensionTestsPath)}`]);
    }
    let url = `${base}/?folder=${encodeURIComponent(path.resolve(o.workspace))}`;
    if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    const result = { url, port, logsDir: tmp, serverLog, browserLog, server, stop, page: undefined, browser: undefined };
    if (o.browser === false) return result;

    const { chromium } = require('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, headless: o.headless !== false, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.on('console', (m) => {
      fs.appendFileSync(browserLog, `[${m.type()}] ${m.text()}\n`);
      if (process.env.DEBUG_VSCODE) console.error(`[browser ${m.type()}] ${m.text().slice(0, 500)}`);
    });
    page.on('pageerror', (e) => fs.appendFileSync(browserLog, `[pageerror] ${e.stack || e}\n`));
    if (o.extensionTestsPath) {
      // The workbench calls window.codeAutomationExit(code) when run() settles.
      result.automationExit = new Promise((resolve) => {
        page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code))).catch(() => {});
      });
    }
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    return Object.assign(result, { page, browser });
  } catch (e) {
    await stop({ keepLogs: true });
    e.message += `\n(VS Code logs kept in ${tmp})`;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// UI helpers for e2e tests

const quickInput = (page) => page.locator('.quick-input-widget input');
const quickRow = (page, text) => page.locator('.quick-input-list .monaco-list-row', { hasText: text });

/** Runs a command palette command by its full title, e.g. 'Workspace Assistant: Show Panel'. */
async function runCommand(page, title, { timeout = 30_000 } = {}) {
  // Focus the workbench first: F1 pressed while a webview (the panel) has the focus never reaches it.
  await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 }, force: true }).catch(() => {});
  await page.keyboard.press('F1');
  const input = quickInput(page);
  await input.waitFor({ state: 'visible', timeout });
  await input.fill('>' + title);
  // Exact label match: the fuzzy search may list similar commands first.
  const exact = new RegExp(`^${escapeRe(title)}$`);
  const rows = page.locator('.quick-input-list .monaco-list-row');
  await rows.filter({ has: page.locator('.label-name', { hasText: exact }) }).first().waitFor({ timeout });
  // Move the keyboard focus onto that row, then accept it with Enter as a user would.
  const focusedLabel = page.locator('.quick-input-list .monaco-list-row.focused .label-name');
  const count = await rows.count();
  for (let i = 0; i <= count; i++) {
    const label = await focusedLabel.first().innerText({ timeout: 1000 }).catch(() => '');
    if (exact.test(label.trim())) {
      await page.keyboard.press('Enter');
      // Done when the palette closed or went on to the command's own input (e.g. Ask…).
      await page.waitForFunction(
        (value) => {
          const el = document.querySelector('.quick-input-widget input');
          return !el || !el.offsetParent || el.value !== value;
        },
        '>' + title,
        { timeout },
      );
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`command palette: could not focus "${title}"`);
}

/** Opens a workspace file with Quick Open (Ctrl+P); `name` may be a relative path. */
async function openFile(page, name, { timeout = 30_000 } = {}) {
  const base = path.basename(name);
  // Focus the workbench first: Ctrl+P inside a webview would not reach it. Then the first editor
  // group (Ctrl+1), so the file opens beside the panel rather than over it when the panel's group
  // was the active one.
  await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 }, force: true }).catch(() => {});
  await page.keyboard.press('Control+1');
  await page.keyboard.press('Control+P');
  const input = quickInput(page);
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(name);
  await quickRow(page, base).first().waitFor({ timeout });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: base }).first().waitFor({ timeout });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout });
}

/** Selects from the line containing `fromText` to the end of the line containing `toText`. */
async function selectLines(page, fromText, toText = fromText, { timeout = 30_000 } = {}) {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const first = editor.locator('.view-line', { hasText: fromText }).first();
  const last = editor.locator('.view-line', { hasText: toText }).first();
  await first.waitFor({ timeout });
  await last.waitFor({ timeout });
  await first.click();
  await page.keyboard.press('End');
  await page.keyboard.press('Home'); // first non-blank character
  // Shift+click anywhere on the last line, then extend to its end: no line arithmetic that a
  // scroll or a slow layout could throw off.
  await last.click({ modifiers: ['Shift'] });
  await page.keyboard.press('Shift+End');
}

/**
 * Right-clicks the editor line containing `lineText` and picks `item` from the `submenu` of the
 * context menu; `beforeClick` runs once the item is shown (a screenshot, say).
 */
async function editorMenu(page, lineText, submenu, item, { timeout = 10_000, beforeClick } = {}) {
  await page.locator('.monaco-editor .view-line', { hasText: lineText }).click({ button: 'right' });
  const sub = page.locator('.monaco-menu .action-item .action-label', { hasText: new RegExp(`^${escapeRe(submenu)}$`) });
  await sub.waitFor({ timeout });
  await sub.hover();
  const entry = page.locator('.monaco-menu .action-item .action-label', { hasText: new RegExp(`^${escapeRe(item)}$`) });
  // The submenu slides in: an item clicked before it is shown is missed.
  await entry.waitFor({ timeout });
  if (beforeClick) await beforeClick();
  await entry.click();
  // A click that lands while the submenu is still moving is dropped and leaves the menu open, with
  // the item focused: Enter chooses it then, as a keyboard user would.
  const menu = page.locator('.context-view .monaco-menu');
  try {
    await menu.first().waitFor({ state: 'hidden', timeout: 1500 });
  } catch {
    await page.keyboard.press('Enter');
    await menu.first().waitFor({ state: 'hidden', timeout });
  }
}

/**
 * The webview content frame (the inner `fake.html` frame inside the outer `pre/index.html` one)
 * whose body text satisfies `predicate` (function of the text, RegExp or substring); polls.
 */
async function webviewFrame(page, predicate = () => true, { timeout = 30_000 } = {}) {
  const test = typeof predicate === 'function' ? predicate
    : predicate instanceof RegExp ? (t) => predicate.test(t) : (t) => t.includes(String(predicate));
  const end = Date.now() + timeout;
  let seen = [];
  while (Date.now() < end) {
    seen = [];
    for (const f of page.frames()) {
      if (!/fake\.html/.test(f.url())) continue;
      try {
        const text = await f.locator('body').innerText({ timeout: 1000 });
        seen.push(text.slice(0, 200));
        if (await test(text, f)) return f;
      } catch { /* frame navigating or detached */ }
    }
    await sleep(150);
  }
  throw new Error(`no webview frame matched within ${timeout} ms; webview bodies seen: ${JSON.stringify(seen)}`);
}

/** Saves a screenshot of the page as test-results/<name>.png and returns its path. */
async function screenshot(page, name) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Developer: Reload Window, as a user reloads: the workbench saves its state (open editors, the front
 * tab of each group) before the page goes, which a bare page reload may cut short.
 */
async function reloadWindow(page) {
  const navigated = page.waitForNavigation({ timeout: 60_000 });
  // The palette goes away with the page, so runCommand may not see it close: the navigation is what counts.
  await runCommand(page, 'Developer: Reload Window').catch(() => undefined);
  await navigated;
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
}

module.exports = {
  editorMenu,
  reloadWindow,
  startVSCode,
  runCommand,
  openFile,
  selectLines,
  webviewFrame,
  screenshot,
  freePort,
  tail,
  BASE_SETTINGS,
  CHROMIUM_ARGS,
  RESULTS_DIR,
};
