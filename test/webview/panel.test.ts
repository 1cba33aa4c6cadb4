// The panel's links, robustness and secrets: A8 (links go to the host), A10 (huge and hostile text),
// A12 (the VS Code API object stays private), B3 (nothing secret goes back to the host).
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { WebviewMessage } from '../../src/shared/protocol';
import { answerTexts, harness, inspectPage, type Listener, settle, stateOf, streamAnswers, turnOf, usePanelPage, showAllTurns } from './support';

const hostMessages = (page: Page) => page.evaluate(() => (window as unknown as { hostMessages: WebviewMessage[] }).hostMessages);
/** Generous: a hung panel fails, a slow machine does not. Speed targets live in bench/. */
const RESPONSIVE_MS = 20_000;

describe('webview panel: links, robustness, API object, secrets (A8, A10, A12, B3)', function () {
  this.timeout(120_000);
  const panel = usePanelPage();
  let listener: Listener;
  let browser: Browser;
  let page: Page;
  let requests: string[];
  beforeEach(() => ({ listener, browser, page, requests } = panel));

  it('C2 the header says which settings of an untrusted folder are ignored, and says nothing once trusted', async () => {
    const untrusted = stateOf([]);
    if (untrusted.type !== 'state') throw new Error('a state message');
    await harness.post(page, { type: 'state', state: { ...untrusted.state, ignoredSettings: ['instructions', 'model'] } });
    await settle(page);
    const note = page.locator('.banner.untrusted-settings');
    assert.equal(await note.getAttribute('role'), 'status');
    assert.match((await note.textContent()) ?? '', /not trusted.*ignored \(instructions, model\).*user settings apply/);
    await harness.post(page, untrusted);
    await settle(page);
    assert.equal(await note.count(), 0);
  });

  // ── A8 ───────────────────────────────────────────────────────────────────────
  it('A8 clicking a link posts openLink with the href to the host and never navigates the panel', async () => {
    const links = [
      ['docs', 'https://attacker.example/leak?d=secret#frag'],
      ['auto', 'https://attacker.example/auto'],
      ['bare', 'https://example.org/bare'],
      ['cmd', 'command:workbench.action.terminal.new'],
      ['vs', 'vscode://vscode.git/clone?url=x'],
    ];
    const answer = `[docs](${links[0][1]}) <${links[1][1]}> https://example.org/bare [cmd](${links[3][1]}) [vs](${links[4][1]})`;
    await harness.post(page, stateOf([turnOf('t1', 'completed', answer)]));
    await settle(page);
    const url = page.url();
    const anchors = page.locator('.answer a');
    assert.equal(await anchors.count(), links.length);
    assert.equal(await page.locator('.answer a[href]').count(), 0, 'no link has an href the page could follow');
    for (let i = 0; i < links.length; i++) {
      await anchors.nth(i).click();
      await anchors.nth(i).click({ modifiers: ['Control'] });
      await anchors.nth(i).click({ button: 'middle' });
    }
    await anchors.first().focus();
    await page.keyboard.press('Enter');
    await settle(page, 2, 300);
    const opened = (await hostMessages(page)).flatMap((m) => (m.type === 'openLink' ? [m.href] : []));
    // A click (with or without Ctrl) asks the host once; a middle click does nothing; Enter is a click.
    // command:/vscode: targets are dropped by the sanitiser (an empty href goes to the host, which ignores it).
    const expected = [...links.flatMap(([, href]) => (/^https?:/.test(href) ? [href, href] : ['', ''])), links[0][1]];
    assert.deepEqual(opened, expected);
    assert.equal(page.url(), url, 'the panel did not navigate');
    assert.equal(browser.contexts().flatMap((c) => c.pages()).length, 1, 'no window opened');
    assert.equal(listener.hits(), 0);
    assert.deepEqual(requests, []);
  });

  // ── A10 ──────────────────────────────────────────────────────────────────────
  const responsive = async (what: string) => {
    const t0 = Date.now();
    const alive = await Promise.race([
      page.evaluate(() => document.readyState),
      new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), RESPONSIVE_MS)),
    ]);
    assert.equal(alive, 'complete', `${what}: the panel did not answer within ${RESPONSIVE_MS / 1000} s`);
    return Date.now() - t0;
  };

  /** Resolves once `predicate` holds in the page: huge answers are rendered in slices (turn-view.ts). */
  const arrives = (predicate: () => boolean) => page.waitForFunction(predicate, undefined, { timeout: RESPONSIVE_MS, polling: 100 });

  it('A10 a 5 MB answer, completed and streamed: the panel stays responsive and the text arrives', async () => {
    const paragraph = 'The cache is read once and kept while the file is unchanged; **no** request is repeated. `x = 1`\n\n';
    const big = paragraph.repeat(Math.ceil(5_000_000 / paragraph.length)) + 'THE END';
    await harness.post(page, stateOf([turnOf('t1', 'completed', big)]));
    await responsive('5 MB completed');
    await arrives(() => document.querySelector('.answer')?.textContent?.trimEnd().endsWith('THE END') === true);
    await responsive('5 MB completed, rendered');
    // Streamed: 512 KB deltas, one per frame.
    const problems = await streamAnswers(page, [{ id: 't2', text: big }], { chunk: 524_288, inspectEach: false, finish: false });
    assert.deepEqual(problems, []);
    await responsive('5 MB streamed');
    // The streamed render may take a few frames to catch up with the last delta.
    await page.waitForFunction(() => document.querySelector('section[data-turn-id="t2"] .answer')?.textContent?.trimEnd().endsWith('THE END'), undefined, { timeout: RESPONSIVE_MS });
  });

  it('A10 a 10,000-line code block, completed and streamed: responsive, every line there', async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `const line${i} = ${i}; // <b>${i}</b>`);
    const answer = '```ts\n' + lines.join('\n') + '\n```\n\nafter';
    await harness.post(page, stateOf([turnOf('t1', 'completed', answer)]));
    await responsive('10,000 lines completed');
    const count = () => page.evaluate(() => (document.querySelector('.answer pre code')?.textContent ?? '').split('\n').filter(Boolean).length);
    await arrives(() => document.querySelector('.answer')?.textContent?.includes('after') === true);
    assert.equal(await count(), 10_000);
    const problems = await streamAnswers(page, [{ id: 't2', text: answer }], { chunk: 4096, inspectEach: false });
    assert.deepEqual(problems, []);
    await responsive('10,000 lines streamed');
    // The completed turn is rendered again, in slices: wait for its end.
    await arrives(() => document.querySelector('.answer')?.textContent?.includes('after') === true);
    assert.equal(await count(), 10_000);
  });

  const deepLists = Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');

  it('A10 500 levels of nested lists, blockquotes and emphasis: responsive, completed and streamed', async () => {
    const quotes = Array.from({ length: 500 }, (_, i) => `${'>'.repeat(i + 1)} quote ${i}`).join('\n');
    const answers = [
      { id: 'lists', text: `${deepLists}\n\nLISTS END` },
      { id: 'quotes', text: `${quotes}\n\nQUOTES END` },
      { id: 'mixed', text: `${'> - '.repeat(500)}deepest\n\nMIXED END` },
      { id: 'emphasis', text: `${'*'.repeat(5000)}x${'*'.repeat(5000)} ${'['.repeat(5000)}x${'](y)'.repeat(20)} EMPHASIS END` },
    ];
    await harness.post(page, stateOf(answers.map((a) => turnOf(a.id, 'completed', a.text))));
    await showAllTurns(page);
    await responsive('nesting completed');
    await arrives(() => ['LISTS END', 'QUOTES END', 'MIXED END', 'EMPHASIS END'].every((end) => document.body.textContent?.includes(end)));
    const texts = await answerTexts(page);
    assert.ok(texts.lists.includes('level 0') && texts.lists.includes('level 30'), 'the list renders');
    assert.ok(texts.quotes.includes('quote 0') && texts.quotes.includes('QUOTES END'), 'the text after the quotes arrives');
    assert.ok(texts.mixed.includes('MIXED END'), 'the text after the mixed nesting arrives');
    assert.ok(texts.emphasis.includes('EMPHASIS END'), 'the text after 5,000 emphasis markers arrives');
    assert.deepEqual(await streamAnswers(page, answers, { chunk: 2048, inspectEach: false }), []);
    await responsive('nesting streamed');
    await arrives(() => ['LISTS END', 'QUOTES END', 'MIXED END', 'EMPHASIS END'].every((end) => document.body.textContent?.includes(end)));
    assert.ok((await answerTexts(page)).quotes.includes('QUOTES END'));
  });

  // markdown-it stops at maxNesting (100 token levels, about 50 list levels) and drops the rest;
  // the panel then shows the answer as plain text (markdown.ts), completed and streamed.
  it('A10 text after 500 nested list levels is not lost', async () => {
    await harness.post(page, stateOf([turnOf('lists', 'completed', `${deepLists}\n\nLISTS END`)]));
    await responsive('lists');
    await arrives(() => document.body.textContent?.includes('LISTS END') === true);
    const text = (await answerTexts(page)).lists;
    assert.ok(text.includes('level 499') && text.includes('LISTS END'));
    assert.ok(text.includes('shown as plain text'), 'the user is told why it is not formatted');
    assert.deepEqual(await streamAnswers(page, [{ id: 'lists', text: `${deepLists}\n\nLISTS END` }], { chunk: 2048, inspectEach: false }), []);
    assert.ok((await answerTexts(page)).lists.includes('LISTS END'), 'streamed too');
  });

  const HIDDEN = ['\u202E', '\u202A', '\u202B', '\u202C', '\u202D', '\u200B', '\u200C', '\u200D', '\u2066', '\u2067', '\u2068', '\u2069', '\u2060', '\uFEFF'];
  const hiddenAnswer = [
    `Text: admin${HIDDEN.join('x')}end`,
    '',
    `Inline: \`if (user ${'\u202E'}!= admin${'\u2066'})\` and **bold${'\u200B'}**`,
    '',
    `[link${'\u202E'}txt.exe](https://example.com/a${'\u200B'}b)`,
    '',
    '```js',
    `const access = "user${'\u202E'} \u2066// check if admin\u2069 \u2066";`,
    `let zero${'\u200B'}width = 1;`,
    '```',
  ].join('\n');

  const checkHidden = async (id: string) => {
    const result = await page.evaluate((id) => {
      const answer = document.querySelector(`section[data-turn-id="${id}"] .answer`);
      const markers = (sel: string) => [...(answer?.querySelectorAll(`${sel} .hidden-char`) ?? [])].map((m) => m.textContent);
      return { text: answer?.textContent ?? '', all: markers(''), p: markers('p'), code: markers('p code'), block: markers('pre code'), link: markers('a') };
    }, id);
    for (const ch of HIDDEN) assert.ok(!result.text.includes(ch), `${id}: U+${ch.charCodeAt(0).toString(16).toUpperCase()} is still invisible in the text`);
    for (const ch of HIDDEN) {
      const marker = `‹U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}›`;
      assert.ok(result.all.includes(marker), `${id}: no marker ${marker}`);
    }
    assert.ok(result.code.includes('‹U+202E›') && result.code.includes('‹U+2066›'), `${id}: inline code markers ${JSON.stringify(result.code)}`);
    assert.ok(result.block.includes('‹U+202E›') && result.block.includes('‹U+2069›') && result.block.includes('‹U+200B›'), `${id}: code block markers ${JSON.stringify(result.block)}`);
    assert.ok(result.link.includes('‹U+202E›'), `${id}: link text markers ${JSON.stringify(result.link)}`);
  };

  it('A10 bidi and zero-width characters are visible as markers in text, inline code, links and code blocks, completed and streamed', async () => {
    await harness.post(page, stateOf([turnOf('done', 'completed', hiddenAnswer)]));
    await settle(page);
    await checkHidden('done');
    // Streamed, the stream still open: checked before the completed turn replaces it.
    await harness.post(page, stateOf([turnOf('live', 'in_progress')]));
    for (let i = 0; i < hiddenAnswer.length; i += 3) await harness.post(page, { type: 'delta', turnId: 'live', text: hiddenAnswer.slice(i, i + 3) });
    await settle(page, 2, 150);
    await checkHidden('live');
    // And a code block still open at the end of the stream.
    await harness.post(page, stateOf([turnOf('open', 'in_progress')]), { type: 'delta', turnId: 'open', text: hiddenAnswer.replace(/```\s*$/, '') });
    await settle(page, 2, 150);
    const open = await page.evaluate(() => [...document.querySelectorAll('.answer pre code .hidden-char')].map((m) => m.textContent));
    assert.ok(open.includes('‹U+202E›') && open.includes('‹U+200B›'), JSON.stringify(open));
    // The link's target is shown percent-encoded in its title.
    assert.match((await page.locator('.answer a').first().getAttribute('title')) ?? '', /a%E2%80%8Bb/);
  });

  // ── A12 ──────────────────────────────────────────────────────────────────────
  /** Objects reachable from window in two steps that carry the stub's brand. */
  const findApi = () =>
    page.evaluate((brand) => {
      const sym = Symbol.for(brand);
      const found: string[] = [];
      const isApi = (v: unknown) => typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[sym] === true;
      const props = (o: object) => {
        try {
          return [...Object.getOwnPropertyNames(o), ...Object.getOwnPropertySymbols(o)];
        } catch {
          return [];
        }
      };
      const get = (o: object, k: string | symbol) => {
        try {
          return (o as Record<string | symbol, unknown>)[k];
        } catch {
          return undefined;
        }
      };
      for (const k of props(window)) {
        const v = get(window, k);
        if (isApi(v)) found.push(`window.${String(k)}`);
        if ((typeof v === 'object' || typeof v === 'function') && v !== null && v !== window) {
          for (const k2 of props(v)) if (isApi(get(v, k2))) found.push(`window.${String(k)}.${String(k2)}`);
        }
      }
      // Expando properties on the panel's elements.
      for (const el of document.querySelectorAll('*')) for (const k of props(el)) if (isApi(get(el, k))) found.push(`<${el.tagName}>.${String(k)}`);
      return found;
    }, harness.API_BRAND);

  it('A12 the acquireVsCodeApi() object is not reachable from window, and cannot be acquired again', async () => {
    await harness.post(page, stateOf([turnOf('t1', 'completed', 'hello `code`\n\n```js\nx\n```')]));
    await settle(page);
    await page.locator('.code-action[data-action="copy"]').click();
    assert.deepEqual(await findApi(), []);
    const again = await page.evaluate(() => {
      try {
        (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi();
        return 'acquired';
      } catch (e) {
        return (e as Error).message;
      }
    });
    assert.match(again, /already been acquired/, 'the panel acquired the API itself, once');
    // Negative control: the scan finds a branded object put on window or one level down.
    await page.evaluate((brand) => {
      const fake = Object.defineProperty({}, Symbol.for(brand), { value: true });
      (window as unknown as Record<string, unknown>).leaked = fake;
      (window as unknown as Record<string, unknown>).holder = { api: fake };
    }, harness.API_BRAND);
    assert.deepEqual(await findApi(), ['window.leaked', 'window.holder.api']);
  });

  // ── B3 ───────────────────────────────────────────────────────────────────────
  it('B3 nothing the webview posts back or keeps holds the API key', async () => {
    const KEY = 'sk-webview-test-SECRET-424242';
    // The key can only be in what the user typed (pasted by mistake into a question is the user's own
    // action); everything the panel sends by itself must be key-free. Exercise every button.
    await harness.post(
      page,
      { ...stateOf([turnOf('t1', 'failed', 'partial ```js\nconst k = 1;\n```', { error: { kind: 'auth', message: 'Incorrect API key provided: sk-web****4242.', retryable: true, action: 'setApiKey', requestId: 'req_1' } })]) },
      { type: 'notice', text: 'API key saved. Retry to use it.' },
    );
    await settle(page);
    for (const sel of ['.code-action[data-action="copy"]', '.code-action[data-action="insert"]', '.code-action[data-action="apply"]', '[data-action="retry"]', '[data-action="setApiKey"]', '[data-action="newThread"]', '[data-action="switchThread"]']) {
      await page.locator(sel).first().click();
    }
    await page.locator('.composer-input').fill('Why does the request fail?');
    await page.locator('.composer-input').press('Control+Enter');
    await settle(page);
    const sent = JSON.stringify(await hostMessages(page));
    const kept = JSON.stringify(await page.evaluate(() => document.documentElement.outerHTML));
    assert.ok(sent.includes('"type":"setApiKey"') && sent.includes('"type":"ask"'), `the actions were posted: ${sent}`);
    for (const where of [sent, kept]) {
      assert.ok(!where.includes(KEY), 'the key is not in what the webview sends or shows');
      assert.ok(!where.includes('SECRET-424242'));
    }
    // Negative control: a key the host did send (it must not) would be found the same way.
    await harness.post(page, { type: 'notice', text: `key ${KEY}` });
    await settle(page);
    assert.ok((await page.evaluate(() => document.documentElement.outerHTML)).includes(KEY));
    assert.deepEqual(await page.evaluate(inspectPage), []);
  });
});
