// Headless Chromium with the panel page (bench/page.html: the real dist/webview.js and dist/webview.css,
// with acquireVsCodeApi stubbed) and helpers to talk to it the way the extension host does.
const path = require('path');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'];

function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** Opens the panel page with `webview` (a path to a panel script; default dist/webview.js) and waits for `ready`. */
async function openPanel(browser, webview) {
  const page = await browser.newPage({ viewport: { width: 600, height: 900 } });
  const url = pathToFileURL(path.join(__dirname, 'page.html'));
  if (webview) url.searchParams.set('webview', pathToFileURL(webview).href);
  await page.goto(url.href);
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

module.exports = { launch, openPanel, post, state, turn, frames };
