// The Thinking section (src/webview/thinking.ts): the model's reasoning, streamed by `reasoning`
// messages into a collapsed <details class="thinking"> just above the turn's answer. It is model output
// under the same rules as answers (A4–A10): plain text only, nothing fetched or run, hidden characters
// visible; never part of the answer, its copy buttons, Insert or Apply. The user's open/closed choice
// survives re-renders of the turn, the stream and a reload of the panel (the webview state).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { HostMessage, WebviewMessage } from '../../src/shared/protocol';
import type { ToolCallRecord } from '../../src/shared/turn';
import { answerTexts, expectNoTraffic, harness, inspectPage, installInspector, type Listener, loadCorpus, settle, stateOf, turnOf, usePanelPage, showAllTurns } from './support';

interface ThinkingView {
  open: boolean;
  state: string;
  label: string;
  icon: string;
  text: string;
  /** The class of the element after the section (the answer). */
  next: string;
  /** Thinking sections in the turn (one at most). */
  count: number;
}

/** Turn `turnId`'s Thinking section as the user sees it, or null when it has none. */
const thinkingOf = (page: Page, turnId = 't1'): Promise<ThinkingView | null> =>
  page.evaluate((id) => {
    const section = document.querySelector(`section.turn[data-turn-id="${CSS.escape(id)}"]`);
    const d = section?.querySelector<HTMLDetailsElement>(':scope > details.thinking');
    if (!section || !d) return null;
    return {
      open: d.open,
      state: d.dataset.state ?? '',
      label: d.querySelector('summary .thinking-label')?.textContent ?? '',
      icon: d.querySelector('summary .thinking-icon')?.className ?? '',
      text: d.querySelector('.thinking-text')?.textContent ?? '',
      next: d.nextElementSibling?.className ?? '',
      count: section.querySelectorAll('.thinking').length,
    };
  }, turnId);

/** The text of turn `turnId`'s answer (the final render ends with a newline, the streamed one may not). */
const answerOf = async (page: Page, turnId = 't1') => ((await answerTexts(page))[turnId] ?? '').trim();

const hostMessages = (page: Page) => page.evaluate(() => (window as unknown as { hostMessages: WebviewMessage[] }).hostMessages);

/** Streams `text` as `reasoning` messages from inside the page: `size` characters a message, `perFrame` a frame; then waits out the pacing. */
const streamReasoning = (page: Page, turnId: string, text: string, { size = 4, perFrame = 1 } = {}) =>
  page.evaluate(
    async ({ turnId, text, size, perFrame }) => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      for (let i = 0; i < text.length; ) {
        for (let k = 0; k < perFrame && i < text.length; k++, i += size) window.postMessage({ type: 'reasoning', turnId, text: text.slice(i, i + size) }, '*');
        await frame();
      }
      // The pacing of fast streams may hold the last text back for up to 192 ms (pacing.ts).
      await new Promise((resolve) => setTimeout(resolve, 220));
      await frame();
      await frame();
    },
    { turnId, text, size, perFrame },
  );

/**
 * Keeps what the panel gives setState in sessionStorage and gives it back on the next load, as VS Code
 * keeps a webview's state across reloads of the panel (the harness's stub forgets it on a page reload).
 */
function keepStateAcrossReloads(): void {
  const w = window as unknown as { acquireVsCodeApi: () => { setState(s: unknown): void } };
  const acquire = w.acquireVsCodeApi;
  w.acquireVsCodeApi = () => {
    const api = acquire();
    const saved = sessionStorage.getItem('wa-view-state');
    if (saved !== null) api.setState(JSON.parse(saved));
    const setState = api.setState.bind(api);
    api.setState = (s) => {
      sessionStorage.setItem('wa-view-state', JSON.stringify(s));
      setState(s);
    };
    return api;
  };
}

/** Reloads the panel page and waits for its ready message (then the test sends the state, as the host does). */
async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { hostMessages: WebviewMessage[] }).hostMessages.some((m) => m.type === 'ready'));
}

const REASONING = Array.from({ length: 60 }, (_, i) => `**Step ${i}**\n\nThe user wants to know why \`add\` returns NaN; step ${i} checks the inputs and the cache.\n`).join('\n');
const ANSWER = 'The inputs are strings. Convert them first:\n\n```ts\nconst sum = add(Number(a), Number(b));\n```\n';
const HIDDEN = ['\u202E', '\u202A', '\u202B', '\u202C', '\u202D', '\u200B', '\u200C', '\u200D', '\u2066', '\u2067', '\u2068', '\u2069', '\u2060', '\uFEFF'];
const HIDDEN_RE = /[\u200B-\u200D\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/;
/** What a Thinking section may hold: its own structure, text nodes and hidden-character markers. */
const STRUCTURE = ['details.thinking', 'div.thinking-part', 'div.thinking-text', 'span.hidden-char', 'span.thinking-chevron', 'span.thinking-icon', 'span.thinking-label', 'summary.thinking-summary'];
const structure = (page: Page) =>
  page.evaluate(() => [...new Set([...document.querySelectorAll('.thinking, .thinking *')].map((e) => `${e.tagName.toLowerCase()}.${e.classList[0] ?? ''}`))].sort());

describe('webview Thinking section (A4–A10 for reasoning)', function () {
  this.timeout(120_000);
  const panel = usePanelPage({
    prepare: async (page) => {
      await page.addInitScript(keepStateAcrossReloads);
      await reload(page);
    },
  });
  let listener: Listener;
  let page: Page;
  beforeEach(() => ({ listener, page } = panel));

  it('appears collapsed just above the answer on the first reasoning; reasoning streams into it, never into the answer; the answer renders below it', async () => {
    await harness.post(page, stateOf([turnOf('t1', 'in_progress')]));
    await settle(page);
    assert.equal(await thinkingOf(page), null, 'no section before any reasoning');
    await harness.post(page, { type: 'reasoning', turnId: 't1', text: REASONING.slice(0, 10) });
    await settle(page);
    const first = await thinkingOf(page);
    assert.deepEqual(
      { open: first?.open, state: first?.state, label: first?.label, text: first?.text, next: first?.next },
      { open: false, state: 'active', label: 'Thinking…', text: REASONING.slice(0, 10), next: 'answer markdown' },
    );
    assert.match(first?.icon ?? '', /codicon-loading\b.*codicon-modifier-spin/, 'a spinner while it thinks');
    assert.equal(await page.locator('.thinking summary').isVisible(), true);
    assert.equal(await page.locator('.thinking-text').isVisible(), false, 'collapsed: the reasoning is hidden');
    await streamReasoning(page, 't1', REASONING.slice(10), { size: 4, perFrame: 20 });
    const streamed = await thinkingOf(page);
    assert.equal(streamed?.text, REASONING, 'all the reasoning, once, in order');
    assert.equal(streamed?.state, 'active');
    assert.equal(await answerOf(page), '', 'nothing in the answer');
    assert.ok((await page.locator('.thinking-part').count()) > 1, 'long reasoning is kept in several blocks');
    // The answer starts: the summary says how long the model thought.
    await harness.streamDeltas(page, 't1', ANSWER, { size: 5, perFrame: 3 });
    const answering = await thinkingOf(page);
    assert.match(answering?.label ?? '', /^Thought for \d+ s$/);
    assert.equal(answering?.state, 'done');
    assert.match(answering?.icon ?? '', /codicon-lightbulb/);
    assert.equal(answering?.text, REASONING);
    const streamedAnswer = await answerOf(page);
    assert.ok(streamedAnswer.includes('const sum = add(Number(a), Number(b));') && !streamedAnswer.includes('Step'), streamedAnswer);
    const order = await page.evaluate(() => [...document.querySelector('section.turn')!.children].map((c) => c.className.split(' ')[0]));
    assert.deepEqual(order, ['question', 'thinking', 'answer', 'status']);
    // Completed: the same section, the answer rendered whole below it.
    await harness.post(page, { type: 'turn', turn: turnOf('t1', 'completed', ANSWER, { reasoning: REASONING }) });
    await settle(page);
    assert.deepEqual(await thinkingOf(page), { ...answering, count: 1 });
    const finalAnswer = await answerOf(page);
    assert.ok(finalAnswer.startsWith('The inputs are strings.') && finalAnswer.includes('const sum = add(Number(a), Number(b));') && !finalAnswer.includes('Step'), finalAnswer);
    // Copy, Insert and Apply take the answer's code only; the reasoning has no code actions, links or buttons.
    for (const action of ['copy', 'insert', 'apply']) await page.locator(`.answer .code-action[data-action="${action}"]`).click();
    const sent = (await hostMessages(page)).flatMap((m) => (m.type === 'copy' || m.type === 'insert' || m.type === 'apply' ? [m.text] : []));
    assert.deepEqual(sent, Array(3).fill('const sum = add(Number(a), Number(b));\n'));
    assert.equal(await page.locator('.thinking button, .thinking a, .thinking .code-block, .thinking [data-action]').count(), 0);
    assert.deepEqual(await page.evaluate(inspectPage), []);
  });

  it('a turn without reasoning has none; a turn restored with reasoning shows it collapsed, whole, as plain text', async () => {
    const long = `${REASONING}\n${'A very long line of reasoning without a break '.repeat(300)}\nThe end.`;
    await harness.post(page, stateOf([turnOf('plain', 'completed', 'Just an answer'), turnOf('empty', 'completed', 'Another', { reasoning: '' }), turnOf('t1', 'completed', ANSWER, { reasoning: long })]));
    await settle(page);
    assert.equal(await thinkingOf(page, 'plain'), null);
    assert.equal(await thinkingOf(page, 'empty'), null);
    assert.equal(await page.locator('.thinking').count(), 1);
    const restored = await thinkingOf(page);
    assert.deepEqual(restored && { ...restored, icon: undefined }, { open: false, state: 'done', label: 'Thinking', icon: undefined, text: long, next: 'answer markdown', count: 1 });
    assert.ok(!(await answerOf(page)).includes('Step 1'), 'the reasoning is not in the answer');
    // Markdown in reasoning is shown as written: no element is made from it.
    assert.deepEqual(await structure(page), STRUCTURE.filter((s) => s !== 'span.hidden-char'));
    // Opened with a click it shows its text; the blocks read as the unbroken text would.
    await page.locator('.thinking summary').click();
    assert.equal(await page.locator('.thinking-text').isVisible(), true);
    const lines = await page.evaluate(() => {
      const text = document.querySelector<HTMLElement>('.thinking-text')!;
      const copy = Object.assign(document.createElement('div'), { className: 'thinking-text', textContent: text.textContent });
      text.after(copy);
      const heights = [text.getBoundingClientRect().height, copy.getBoundingClientRect().height];
      copy.remove();
      return heights;
    });
    assert.equal(lines[0], lines[1], 'split into blocks, the reasoning takes the lines it would take whole');
    // A turn restored while it still thinks (a reload mid-stream): "Thinking…" until its answer starts.
    await harness.post(page, stateOf([turnOf('t2', 'in_progress', '', { reasoning: 'Half a thought' })]));
    await settle(page);
    assert.deepEqual([(await thinkingOf(page, 't2'))?.state, (await thinkingOf(page, 't2'))?.label], ['active', 'Thinking…']);
    await harness.post(page, { type: 'reasoning', turnId: 't2', text: ', finished.' }, { type: 'delta', turnId: 't2', text: 'Answer' });
    await settle(page, 2, 100);
    const after = await thinkingOf(page, 't2');
    // Its start was not seen here: no duration to tell.
    assert.deepEqual([after?.state, after?.label, after?.text], ['done', 'Thinking', 'Half a thought, finished.']);
    assert.equal(await answerOf(page, 't2'), 'Answer');
  });

  it('the open state survives re-renders of the turn, the stream and a reload; no text is lost or doubled', async () => {
    await harness.post(page, stateOf([turnOf('t1', 'in_progress')]), { type: 'reasoning', turnId: 't1', text: 'First thought.\n' });
    await settle(page);
    await page.locator('.thinking summary').click();
    await settle(page);
    assert.equal((await thinkingOf(page))?.open, true);
    await page.evaluate(() => ((document.querySelector('.thinking') as unknown as { __mark: number }).__mark = 1));
    const mark = () => page.evaluate(() => (document.querySelector('.thinking') as unknown as { __mark?: number }).__mark);
    // The turn is re-sent (a tool call starts): the same section, open, its text once.
    const tool: ToolCallRecord = { callId: 'c1', name: 'read_file', arguments: '{"path":"src/math.ts"}', status: 'running' };
    await harness.post(page, { type: 'turn', turn: turnOf('t1', 'requires_action', '', { reasoning: 'First thought.\n', tools: [tool] }) });
    await settle(page);
    assert.deepEqual([(await thinkingOf(page))?.open, (await thinkingOf(page))?.text, await mark()], [true, 'First thought.\n', 1]);
    // Reasoning, the turn re-sent before the frame renders it, more reasoning.
    await page.evaluate((tool) => {
      const turn = { id: 't1', kind: 'ask', question: 'Explain the module', attachments: [], createdAt: 0, answer: '', status: 'in_progress', tools: [{ ...tool, status: 'done' }] };
      window.postMessage({ type: 'reasoning', turnId: 't1', text: 'Second' }, '*');
      window.postMessage({ type: 'turn', turn: { ...turn, reasoning: 'First thought.\nSecond' } }, '*');
      window.postMessage({ type: 'reasoning', turnId: 't1', text: ' thought.' }, '*');
    }, tool);
    await settle(page, 3, 150);
    assert.deepEqual([(await thinkingOf(page))?.open, (await thinkingOf(page))?.text, await mark()], [true, 'First thought.\nSecond thought.', 1]);
    // Keyboard focus on the summary stays there when the turn is re-sent.
    await page.locator('.thinking summary').focus();
    await harness.post(page, { type: 'turn', turn: turnOf('t1', 'in_progress', '', { reasoning: 'First thought.\nSecond thought.' }) });
    await settle(page);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('thinking-summary')), true);
    // The host's text wins when it differs: a new section from it, still open, focus kept.
    await harness.post(page, { type: 'turn', turn: turnOf('t1', 'in_progress', '', { reasoning: 'Rewritten.' }) });
    await settle(page);
    assert.deepEqual([(await thinkingOf(page))?.open, (await thinkingOf(page))?.text, await mark()], [true, 'Rewritten.', undefined]);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('thinking-summary')), true);
    await streamReasoning(page, 't1', ' More.', { size: 2 });
    await harness.streamDeltas(page, 't1', 'The answer.', { size: 3, perFrame: 1 });
    const answered = await thinkingOf(page);
    assert.deepEqual([answered?.open, answered?.text, answered?.state], [true, 'Rewritten. More.', 'done']);
    assert.equal(await answerOf(page), 'The answer.');
    // Completed, then a state refresh: still open, the same time shown.
    await harness.post(page, { type: 'turn', turn: turnOf('t1', 'completed', 'The answer.', { reasoning: 'Rewritten. More.' }) });
    await settle(page);
    assert.equal((await thinkingOf(page))?.open, true);
    const restoredState = stateOf([turnOf('t1', 'completed', 'The answer.', { reasoning: 'Rewritten. More.' }), turnOf('t2', 'completed', 'Other', { reasoning: 'Other thoughts' })]);
    await harness.post(page, restoredState);
    await settle(page);
    assert.deepEqual([(await thinkingOf(page))?.open, (await thinkingOf(page))?.label], [true, answered?.label]);
    assert.equal((await thinkingOf(page, 't2'))?.open, false);
    // A reload of the panel: the host sends the state again; the user's choices and the time are kept, the draft too.
    await page.locator('.composer-input').fill('a draft');
    await reload(page);
    await harness.post(page, restoredState);
    await settle(page);
    assert.deepEqual([(await thinkingOf(page))?.open, (await thinkingOf(page))?.label, (await thinkingOf(page))?.text], [true, answered?.label, 'Rewritten. More.']);
    assert.equal((await thinkingOf(page, 't2'))?.open, false);
    assert.equal(await page.locator('.composer-input').inputValue(), 'a draft');
    // Closed with the keyboard (Enter, then Space, then Enter), it stays closed through a reload.
    await page.locator('.thinking summary').first().focus();
    for (const key of ['Enter', ' ', 'Enter']) await page.keyboard.press(key);
    await settle(page);
    assert.equal((await thinkingOf(page))?.open, false);
    await reload(page);
    await harness.post(page, restoredState);
    await settle(page);
    assert.deepEqual([(await thinkingOf(page))?.open, (await thinkingOf(page, 't2'))?.open], [false, false]);
  });

  it('the summary is reached with Tab and shows the focus', async () => {
    await harness.post(page, stateOf([turnOf('t1', 'completed', 'Answer', { reasoning: 'Thoughts' })]));
    await settle(page);
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.classList.contains('thinking-summary') === true);
    }
    assert.ok(reached, 'the Thinking summary is reachable with Tab');
    const outline = await page.evaluate(() => {
      document.body.style.setProperty('--vscode-focusBorder', 'rgb(0, 127, 212)');
      const active = document.activeElement!;
      return { visible: active.matches(':focus-visible'), style: getComputedStyle(active).outlineStyle };
    });
    assert.deepEqual(outline, { visible: true, style: 'solid' });
    await page.keyboard.press('Enter');
    await settle(page);
    assert.equal((await thinkingOf(page))?.open, true);
  });

  it('a retried turn re-sent without reasoning loses its section, and thinks afresh', async () => {
    await harness.post(page, stateOf([turnOf('t1', 'failed', 'Partial', { reasoning: 'Old thoughts' })]));
    await settle(page);
    assert.equal((await thinkingOf(page))?.text, 'Old thoughts');
    await harness.post(page, { type: 'turn', turn: turnOf('t1', 'in_progress', '') });
    await settle(page);
    assert.equal(await thinkingOf(page), null);
    await harness.post(page, { type: 'reasoning', turnId: 't1', text: 'New thoughts' });
    await settle(page);
    const fresh = await thinkingOf(page);
    assert.deepEqual([fresh?.text, fresh?.state, fresh?.label, fresh?.next], ['New thoughts', 'active', 'Thinking…', 'answer markdown']);
  });

  it('A4 A5 A7 A9 G6 images, HTML, scripts and the payload corpus in reasoning fetch nothing and run nothing, streamed (open) and restored', async () => {
    const o = listener.origin;
    const own = [
      `![x](${o}/p.png)`,
      `![tracker][t]\n\n[t]: ${o}/ref.png`,
      `<img src="${o}/raw.png" onerror="window.__pwned='thinking img'">`,
      `<img srcset="${o}/a.png 1x"><picture><source srcset="${o}/p.webp"></picture><svg><image href="${o}/s.png"/></svg>`,
      `<div style="background:url(${o}/bg.png)">styled</div><link rel="stylesheet" href="${o}/l.css">`,
      '<script>window.__pwned = "thinking script"</script>',
      '[click](javascript:window.__pwned=1) <a href="javascript:window.__pwned=2">x</a>',
      '![a](https://att' + 'acker.example/x.png)',
    ];
    const payloads = [...own, ...loadCorpus('payloads.txt', listener).map((p) => p.text)];
    assert.ok(payloads.every((p) => !HIDDEN_RE.test(p)), 'the payloads hold no hidden characters (their text is compared as is)');
    const ids = payloads.map((_, i) => `r${i}`);
    await harness.post(page, stateOf(ids.map((id) => turnOf(id, 'in_progress'))));
    await showAllTurns(page);
    // The first character of each, then every section opened, as the user would read them.
    await harness.post(page, ...ids.map((id, i): HostMessage => ({ type: 'reasoning', turnId: id, text: payloads[i].slice(0, 1) })));
    await settle(page);
    await page.evaluate(() => document.querySelectorAll<HTMLDetailsElement>('details.thinking').forEach((d) => (d.open = true)));
    await installInspector(page);
    // Then the rest in 3-character pieces, split anywhere (A9), the page inspected after every round.
    const problems = await page.evaluate(
      async ({ ids, payloads }) => {
        const inspect = (window as unknown as { __inspect: () => string[] }).__inspect;
        const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
        const found: string[] = [];
        const rounds = Math.max(...payloads.map((p) => Math.ceil((p.length - 1) / 3)));
        for (let round = 0; round < rounds; round++) {
          ids.forEach((id, i) => {
            const text = payloads[i].slice(1 + round * 3, 1 + (round + 1) * 3);
            if (text) window.postMessage({ type: 'reasoning', turnId: id, text }, '*');
          });
          await frame();
          await frame();
          for (const p of inspect()) found.push(`after round ${round + 1}: ${p}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 220));
        await frame();
        return [...found, ...inspect().map((p) => `end of stream: ${p}`)];
      },
      { ids, payloads },
    );
    assert.deepEqual(problems, []);
    const texts = async () => Promise.all(ids.map(async (id) => (await thinkingOf(page, id))?.text));
    assert.deepEqual(await texts(), payloads, 'each payload shown as its text, exactly');
    assert.ok((await page.evaluate(() => [...document.querySelectorAll('details.thinking')].every((d) => (d as HTMLDetailsElement).open))), 'all open');
    assert.deepEqual(await structure(page), STRUCTURE.filter((s) => s !== 'span.hidden-char'), 'no element made from the reasoning');
    assert.ok(Object.values(await answerTexts(page)).every((t) => t === ''), 'nothing in the answers');
    // Restored: the same payloads in completed turns (open, as the user left them).
    await harness.post(page, stateOf(ids.map((id, i) => turnOf(id, 'completed', 'Done.', { reasoning: payloads[i] }))));
    await showAllTurns(page);
    await settle(page, 2, 100);
    assert.deepEqual(await page.evaluate(inspectPage), []);
    assert.deepEqual(await texts(), payloads);
    assert.deepEqual(await structure(page), STRUCTURE.filter((s) => s !== 'span.hidden-char'));
    for (const summary of (await page.locator('.thinking summary').all()).slice(0, 10)) await summary.click();
    await settle(page, 2, 300);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.ok(!(await hostMessages(page)).some((m) => m.type === 'openLink'));
    expectNoTraffic(panel);
  });

  it('A10 bidi and zero-width characters in reasoning are shown as markers, streamed a character at a time and restored', async () => {
    const sneaky = `Check: admin${HIDDEN.join('x')}end\nif (user \u202E!= admin\u2066) // ok`;
    const check = async (id: string) => {
      const found = await page.evaluate((id) => {
        const d = document.querySelector(`section[data-turn-id="${id}"] .thinking`)!;
        const raw = /[\u200B-\u200D\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/;
        const rawLeft = [...d.querySelectorAll('*')].flatMap((e) => [...e.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && raw.test(n.textContent ?? '')).map(() => e.className));
        return { markers: [...d.querySelectorAll('.thinking-text .hidden-char')].map((m) => m.textContent), rawLeft };
      }, id);
      const expected = [...sneaky].filter((ch) => HIDDEN_RE.test(ch)).map((ch) => `‹U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}›`);
      assert.deepEqual(found, { markers: expected, rawLeft: [] }, id);
    };
    await harness.post(page, stateOf([turnOf('live', 'in_progress')]));
    await streamReasoning(page, 'live', sneaky, { size: 1, perFrame: 1 });
    await check('live');
    await harness.post(page, stateOf([turnOf('done', 'completed', 'Answer', { reasoning: sneaky })]));
    await settle(page);
    await check('done');
  });

  it('A10 a huge reasoning (2 MB restored, 100 KB streamed fast) keeps the panel responsive; the panel follows an open section as it grows', async () => {
    const huge = Array.from({ length: 20_000 }, (_, i) => `Line ${i}: ${'considering the cache and the watcher '.repeat(2)}`).join('\n');
    const started = Date.now();
    await harness.post(page, stateOf([turnOf('big', 'completed', 'Answer', { reasoning: huge })]));
    await settle(page);
    assert.ok(Date.now() - started < 20_000, `restored in ${Date.now() - started} ms`);
    assert.equal((await thinkingOf(page, 'big'))?.text.length, huge.length);
    // Streamed into an open section, 4 characters a message, 50 a frame: the panel keeps following the end.
    await harness.post(page, stateOf([turnOf('t1', 'in_progress')]), { type: 'reasoning', turnId: 't1', text: 'Start.\n' });
    await settle(page);
    await page.locator('.thinking summary').click();
    const streamed = huge.slice(0, 100_000);
    const t0 = Date.now();
    await streamReasoning(page, 't1', streamed, { size: 4, perFrame: 50 });
    assert.ok(Date.now() - t0 < 60_000, `streamed in ${Date.now() - t0} ms`);
    assert.equal((await thinkingOf(page))?.text, `Start.\n${streamed}`);
    const gap = await page.evaluate(() => {
      const l = document.querySelector('.turns')!;
      return l.scrollHeight - l.scrollTop - l.clientHeight;
    });
    assert.ok(gap < 5, `the list is ${gap} px short of the end`);
  });
});
