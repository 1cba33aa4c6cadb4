// Shared pieces of the webview tests: the real panel page in headless Chromium (test/harness/
// panel-browser.js, production bundles built into out/webview-dist by run-webview.js), a loopback
// listener that counts every connection, and an in-page check that rendered answers are inert.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type * as Harness from '../harness/panel-browser';
import type { HostMessage } from '../../src/shared/protocol';
import type { Turn, TurnStatus } from '../../src/shared/turn';

export const REPO = path.resolve(__dirname, '..', '..', '..');
/** `node esbuild.js --production --outdir=out/webview-dist`: the shipped bundles, built apart from dist/. */
export const DIST = process.env.WA_WEBVIEW_DIST || path.join(REPO, 'out', 'webview-dist');
export const harness: typeof Harness = createRequire(__filename)(path.join(REPO, 'test', 'harness', 'panel-browser.js'));

/** A loopback HTTP server standing in for an attacker's host: counts every TCP connection (TLS attempts included) and request. */
export interface Listener {
  readonly port: number;
  readonly origin: string;
  /** Connections since start (or the last reset). */
  hits(): number;
  /** Request lines seen (host + path), for the failure message. */
  readonly requests: string[];
  reset(): void;
  close(): Promise<void>;
}

export async function startListener(): Promise<Listener> {
  let connections = 0;
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    requests.push(`${req.headers.host ?? ''}${req.url ?? ''}`);
    // A redirect endpoint like an image proxy's: anything that follows it comes back here.
    if (req.url?.startsWith('/redirect')) {
      res.writeHead(302, { location: '/redirected' });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'image/gif', 'access-control-allow-origin': '*' });
    res.end(Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAA=', 'base64'));
  });
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    hits: () => connections,
    requests,
    reset: () => {
      connections = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

/** Host names the payloads use; Chromium resolves them to the listener. Every other name fails to resolve. */
export const ATTACKER_HOSTS = ['attacker', 'attacker.example', '*.attacker.example', 'camo.githubusercontent.com', '*.githubusercontent.com', '*.googleusercontent.com', 'i.imgur.com', 'proxy.duckduckgo.com', 'tracker.example.net'];

/** Chromium with the attacker hosts mapped to `listener` and nothing else resolvable. */
export function launchBrowser(listener: Listener): Promise<Browser> {
  const rules = [...ATTACKER_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${listener.port}`), 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1'].join(',');
  return harness.launch([`--host-resolver-rules=${rules}`, '--disable-component-update', '--disable-sync']);
}

/** Every non-file request the page makes (whether or not it reaches anything). */
export function watchRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) seen.push(r.url());
  });
  return seen;
}

/** What every webview suite works with; `usePanelPage` sets the fields in its hooks. */
export interface PanelPage {
  listener: Listener;
  browser: Browser;
  page: Page;
  /** The current page's non-file requests (see watchRequests). */
  requests: string[];
}

/**
 * Registers the hooks the webview suites share: one browser per suite, its attacker hosts mapped to
 * a loopback listener, and a fresh panel page per test whose requests are recorded; `prepare` runs
 * on each new page before the listener's count is reset. Read the fields inside hooks and tests.
 */
export function usePanelPage(options: { csp?: boolean; prepare?: (page: Page) => Promise<void> } = {}): PanelPage {
  const fixture = {} as PanelPage;
  before(async () => {
    fixture.listener = await startListener();
    fixture.browser = await launchBrowser(fixture.listener);
  });
  after(async () => {
    await fixture.browser?.close();
    await fixture.listener?.close();
  });
  beforeEach(async () => {
    fixture.page = await harness.openPanel(fixture.browser, options.csp ? { dist: DIST, csp: true } : { dist: DIST });
    fixture.requests = watchRequests(fixture.page);
    await options.prepare?.(fixture.page);
    fixture.listener.reset();
  });
  afterEach(() => fixture.page?.close());
  return fixture;
}

/** Nothing reached the loopback listener and the page made no network request. */
export function expectNoTraffic({ listener, requests }: PanelPage): void {
  assert.equal(listener.hits(), 0, `the listener was reached: ${listener.requests.join(', ')}`);
  assert.deepEqual(requests, [], 'the page made network requests');
}

export const THREAD = { id: 'thread_test', title: 'Test', createdAt: 0 };
export const stateOf = (turns: Turn[]): HostMessage => ({ type: 'state', state: { thread: THREAD, turns, backendLabel: 'Test', demo: true, hasApiKey: true } });
export const turnOf = (id: string, status: TurnStatus, answer = '', extra: Partial<Turn> = {}): Turn => ({ ...harness.turn(id, status, answer), ...extra });

/** Waits `n` animation frames, then `ms` more (an image error event or a lazy load would have fired). */
export async function settle(page: Page, n = 2, ms = 50): Promise<void> {
  await harness.frames(page, n);
  if (ms) await page.waitForTimeout(ms);
}

/** Payloads of a corpus file: blocks that start with `=== name`; `$ORIGIN` becomes the listener's origin. */
export function loadCorpus(file: string, listener: Listener): { name: string; text: string }[] {
  const source = fs.readFileSync(path.join(REPO, 'test', 'webview', file), 'utf8');
  const blocks = source.split(/^=== /m).slice(1);
  return blocks.map((block) => {
    const nl = block.indexOf('\n');
    const text = block.slice(nl + 1).replace(/\n$/, '').replaceAll('$ORIGIN', listener.origin).replaceAll('$PORT', String(listener.port));
    return { name: block.slice(0, nl).trim(), text };
  });
}

/**
 * Runs in the page: what is not inert in the panel. A script that ran (window.__pwned), an element
 * with an on* handler, a fetching element or attribute in an answer or a Thinking section (model output
 * both), an href/src to javascript:/data:.
 * Returns one line per problem, prefixed by the turn it is in.
 */
export function inspectPage(): string[] {
  const problems: string[] = [];
  const w = window as unknown as Record<string, unknown>;
  if (w.__pwned !== undefined) problems.push(`page: a script ran (__pwned = ${String(w.__pwned)})`);
  const where = (el: Element) => el.closest('section.turn')?.getAttribute('data-turn-id') ?? 'page';
  const FETCHING = 'script,iframe,frame,frameset,object,embed,applet,img,image,svg,math,picture,source,video,audio,track,link,meta,base,form,input,button:not(.code-action),style,textarea,select,portal,feImage,use';
  document.querySelectorAll('.answer, .thinking').forEach((answer) => {
    answer.querySelectorAll(FETCHING).forEach((el) => problems.push(`${where(el)}: <${el.tagName.toLowerCase()}> in ${answer.matches('.thinking') ? 'a Thinking section' : 'an answer'}`));
  });
  document.querySelectorAll('*').forEach((el) => {
    for (const a of Array.from(el.attributes)) {
      const inAnswer = el.closest('.answer, .thinking') !== null;
      if (/^on/i.test(a.name)) problems.push(`${where(el)}: ${el.tagName.toLowerCase()} has ${a.name}`);
      else if (inAnswer && /^(src|srcset|href|xlink:href|action|formaction|data|poster|background|srcdoc|ping|style|id|name|target|http-equiv)$/i.test(a.name))
        problems.push(`${where(el)}: ${el.tagName.toLowerCase()} has ${a.name}="${a.value.slice(0, 60)}"`);
      else if (/(^|-)(href|src)$/i.test(a.name) && /^[\s\u0000-\u001f]*(javascript|data|vbscript):/i.test(a.value))
        problems.push(`${where(el)}: ${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 60)}"`);
    }
  });
  // The page itself: one script (the panel's), no frames or base/refresh anywhere.
  if (document.scripts.length !== 1) problems.push(`page: ${document.scripts.length} scripts`);
  if (document.querySelector('iframe, frame, object, embed, base, meta[http-equiv="refresh" i]')) problems.push('page: a frame, object, base or refresh element');
  if (location.protocol !== 'file:' || !location.pathname.endsWith('/panel.html')) problems.push(`page: navigated to ${location.href}`);
  return problems;
}

/** Installs inspectPage in the page (as window.__inspect) so in-page loops can call it between frames. */
export async function installInspector(page: Page): Promise<void> {
  await page.evaluate(`window.__inspect = ${inspectPage.toString()}`);
}

export interface StreamOptions {
  /** Characters per delta. */
  readonly chunk: number;
  /** Animation frames between rounds of deltas (one delta to every turn per round). */
  readonly framesBetween?: number;
  /** Run the inspector after every round. */
  readonly inspectEach?: boolean;
  /** Then send each turn completed and check the final render too (default true). */
  readonly finish?: boolean;
}

/**
 * Streams each answer into its own turn (all turns at once, one delta each per round, frames in
 * between), as `delta` messages from the host, then sends each turn completed. Returns the problems
 * the inspector found after any round (tagged with the round) and after the final render.
 */
export async function streamAnswers(page: Page, answers: { id: string; text: string }[], options: StreamOptions): Promise<string[]> {
  await harness.post(page, stateOf(answers.map((a) => turnOf(a.id, 'in_progress'))));
  await showAllTurns(page);
  await installInspector(page);
  const problems = await page.evaluate(
    async ({ answers, chunk, framesBetween, inspectEach }) => {
      const inspect = (window as unknown as { __inspect: () => string[] }).__inspect;
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const found: string[] = [];
      const rounds = Math.max(...answers.map((a) => Math.ceil(a.text.length / chunk)));
      for (let round = 0; round < rounds; round++) {
        for (const a of answers) {
          const text = a.text.slice(round * chunk, (round + 1) * chunk);
          if (text) window.postMessage({ type: 'delta', turnId: a.id, text }, '*');
        }
        for (let f = 0; f < framesBetween; f++) await frame();
        if (inspectEach) for (const p of inspect()) found.push(`after delta ${round + 1}: ${p}`);
      }
      // The pacing of fast streams may hold the last text back for up to 192 ms (pacing.ts: MAX_INTERVAL_MS).
      await new Promise((resolve) => setTimeout(resolve, 220));
      await frame();
      for (const p of inspect()) found.push(`end of stream: ${p}`);
      return found;
    },
    { answers, chunk: options.chunk, framesBetween: options.framesBetween ?? 1, inspectEach: options.inspectEach ?? true },
  );
  const streamedText = await answerTexts(page);
  for (const a of answers) if (streamedText[a.id] === undefined) problems.push(`${a.id}: no streamed answer rendered`);
  if (options.finish === false) return problems;
  await harness.post(page, ...answers.map((a): HostMessage => ({ type: 'turn', turn: turnOf(a.id, 'completed', a.text) })));
  await settle(page);
  for (const p of await page.evaluate(inspectPage)) problems.push(`final: ${p}`);
  return problems;
}

/** Renders the answers as completed turns (one state message). */
/** A long thread opens on its last turns: renders the earlier ones too, as a reader scrolling up would have. */
export async function showAllTurns(page: Page): Promise<void> {
  for (let i = 0; i < 1000 && (await page.locator('button.earlier-turns').count()) > 0; i++) {
    await page.evaluate(() => (document.querySelector('button.earlier-turns') as HTMLButtonElement | null)?.click());
  }
}

export async function renderAnswers(page: Page, answers: { id: string; text: string }[]): Promise<string[]> {
  await harness.post(page, stateOf(answers.map((a) => turnOf(a.id, 'completed', a.text))));
  await showAllTurns(page);
  await settle(page);
  return page.evaluate(inspectPage);
}

/** The text of each turn's answer, by turn id. */
export const answerTexts = (page: Page): Promise<Record<string, string>> =>
  page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll<HTMLElement>('section.turn')].map((s) => [s.dataset.turnId ?? '', s.querySelector('.answer')?.textContent ?? ''])),
  );
