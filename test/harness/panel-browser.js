// Headless Chromium with the panel's real page (the HTML src/core/webview-html.ts builds for the host,
// loading the production dist/webview.js and dist/webview.css) and helpers to talk to it the way the
// extension host does. Used by the webview tests (test/webview/) and the benchmarks (bench/).
// acquireVsCodeApi() is stubbed: what the webview posts to the host is kept in window.hostMessages.
// Needs `node esbuild.js --tests` (for out/src/core/webview-html.js) and the bundles.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  // A file:// page may reach 127.0.0.1 (the tests' loopback listener must see what would be fetched).
  '--disable-features=LocalNetworkAccessChecks',
];
/** Marks the object acquireVsCodeApi() returns, so a test can look for it (A12). */
const API_BRAND = 'workspaceAssistant.test.vscodeApi';

/** `extraArgs`: more Chromium switches (e.g. --host-resolver-rules). */
function launch(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...extraArgs] });
}

/** What VS Code gives a webview, without a host; runs before the page's own scripts (no CSP applies). */
function stubVsCodeApi(brand) {
  window.hostMessages = [];
  let acquired = false;
  window.acquireVsCodeApi = () => {
    // As in VS Code: once per page, so injected content cannot get its own copy.
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    let state;
    const api = {
      // Messages cross a process boundary in VS Code: a copy, never the object.
      postMessage: (m) => window.hostMessages.push(structuredClone(m)),
      getState: () => state,
      setState: (s) => {
        state = s;
      },
    };
    Object.defineProperty(api, Symbol.for(brand), { value: true });
    return api;
  };
}

/** The page as the host builds it, with the nonce 'test-nonce' and the CSP source `file:`; `csp: false` leaves out the CSP meta tag. */
function panelPage({ dist, webview, csp }) {
  const { panelHtml } = require(path.join(ROOT, 'out', 'src', 'core', 'webview-html.js'));
  const html = panelHtml({
    nonce: 'test-nonce',
    cspSource: 'file:',
    styleUri: pathToFileURL(path.join(dist, 'webview.css')).href,
    scriptUri: pathToFileURL(webview || path.join(dist, 'webview.js')).href,
    title: 'Workspace Assistant',
  });
  if (csp) return html;
  const without = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, '');
  if (without === html) throw new Error('panel-browser: no CSP meta tag in the panel page');
  return without;
}

/**
 * Opens the panel page and waits for `ready`. `options` is a path to another panel script (bench
 * variants) or { webview, dist (default dist/), csp (default false: the renderer alone is tested) }.
 */
async function openPanel(browser, options = {}) {
  const { webview, dist = path.join(ROOT, 'dist'), csp = false } = typeof options === 'string' ? { webview: options } : options;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-panel-'));
  const file = path.join(dir, 'panel.html');
  fs.writeFileSync(file, panelPage({ dist, webview, csp }));
  const page = await browser.newPage({ viewport: { width: 600, height: 900 } });
  page.on('close', () => fs.rmSync(dir, { recursive: true, force: true }));
  await page.addInitScript(stubVsCodeApi, API_BRAND);
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => window.hostMessages.some((m) => m.type === 'ready'));
  return page;
}

/** Posts host → webview messages, as VS Code delivers them: `message` events on the window. */
function post(page, ...messages) {
  return page.evaluate((ms) => ms.forEach((m) => window.postMessage(m, '*')), messages);
}

const thread = { id: 'thread_bench', title: 'Bench', createdAt: 0 };

/** A panel state holding `turns`. */
const state = (turns) => ({ type: 'state', state: { thread, turns, backendLabel: 'Bench', demo: true, hasApiKey: true } });

/** A turn as the host sends it. */
const turn = (id, status, answer = '') => ({ id, kind: 'ask', question: 'Explain the module', attachments: [], createdAt: 0, answer, status });

/** Resolves after `n` animation frames in the page (so a pending render and its layout have happened). */
const frames = (page, n = 2) =>
  page.evaluate((k) => new Promise((resolve) => { const step = () => (k-- > 0 ? requestAnimationFrame(step) : resolve()); step(); }), n);

/**
 * Streams `text` into turn `turnId` from inside the page, as the host's messages arrive: `size`-character
 * `delta` messages, `perFrame` of them an animation frame. Then waits out the pacing of fast streams
 * (src/webview/pacing.ts: at most 192 ms) and two frames, so that the last text has been rendered.
 */
function streamDeltas(page, turnId, text, { size = 4, perFrame = 50 } = {}) {
  return page.evaluate(
    async ({ turnId, text, size, perFrame }) => {
      const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      for (let i = 0; i < text.length; ) {
        for (let k = 0; k < perFrame && i < text.length; k++, i += size) window.postMessage({ type: 'delta', turnId, text: text.slice(i, i + size) }, '*');
        await nextFrame();
      }
      await new Promise((resolve) => setTimeout(resolve, 220));
      await nextFrame();
      await nextFrame();
    },
    { turnId, text, size, perFrame },
  );
}

module.exports = { launch, openPanel, panelPage, post, state, turn, frames, streamDeltas, API_BRAND };
