// Tool cards (src/webview/tool-card.ts): each tool call of a turn shown as a collapsible card between
// the attachment chips and the answer. Names, arguments and outputs are untrusted (F9, F12): text only,
// hidden characters visible (A10). A streaming turn is re-sent whenever a call starts or ends: open
// cards stay open, keyboard focus stays put and the streamed answer is neither lost nor duplicated.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { ToolCallRecord, Turn } from '../../src/shared/turn';
import { answerTexts, harness, inspectPage, type Listener, loadCorpus, settle, stateOf, turnOf, usePanelPage , expectNoTraffic } from './support';

const call = (callId: string, name: string, args: string, status: ToolCallRecord['status'], extra: Partial<ToolCallRecord> = {}): ToolCallRecord => ({ callId, name, arguments: args, status, ...extra });

/** One call in each status. */
const CALLS: ToolCallRecord[] = [
  call('c1', 'read_file', '{"path":"src/math.ts","startLine":null,"endLine":null}', 'done', { summary: '42 lines of src/math.ts', output: 'export const add = (a: number, b: number) => a + b;', durationMs: 120 }),
  call('c2', 'search_workspace', '{"query":"TODO","isRegex":null,"glob":null}', 'running'),
  call('c3', 'get_git_diff', '{"path":null}', 'error', { summary: 'git is not available', output: '{"error":"git is not available"}', durationMs: 2500 }),
  call('c4', 'read_file', '{"path":".env","startLine":null,"endLine":null}', 'refused', { summary: 'read_file refused: .env is withheld', output: '{"error":"refused"}', durationMs: 0 }),
  call('c5', 'list_files', '{"glob":"**/*.ts"}', 'cancelled', { summary: 'cancelled', durationMs: 7 }),
];

interface CardView {
  status: string;
  icon: string;
  name: string;
  gist: string;
  summary: string;
  duration: string;
  label: string;
  open: boolean;
}

const cards = (page: Page, turnId = 't1'): Promise<CardView[]> =>
  page.evaluate(
    (id) =>
      [...document.querySelectorAll<HTMLDetailsElement>(`section[data-turn-id="${id}"] .tool-card`)].map((d) => {
        const text = (sel: string) => d.querySelector(`summary ${sel}`)?.textContent ?? '';
        return {
          status: d.dataset.status ?? '',
          icon: d.querySelector('.tool-icon')?.className ?? '',
          name: text('.tool-name'),
          gist: text('.tool-gist'),
          summary: text('.tool-summary'),
          duration: text('.tool-duration'),
          label: d.querySelector('summary')?.getAttribute('aria-label') ?? '',
          open: d.open,
        };
      }),
    turnId,
  );

/** The text of turn t1's answer (the final render ends with a newline, the streamed one may not). */
const answerOf = async (page: Page) => ((await answerTexts(page)).t1 ?? '').trim();

const bodyTexts = (page: Page, index: number) =>
  page.evaluate((i) => {
    const card = document.querySelectorAll('.tool-card')[i];
    return { args: card.querySelector('.tool-arguments')?.textContent ?? null, output: card.querySelector('.tool-output')?.textContent ?? null };
  }, index);

describe('webview tool cards (F9, F12, A7, A10)', function () {
  this.timeout(60_000);
  const panel = usePanelPage();
  let listener: Listener;
  let page: Page;
  beforeEach(() => ({ listener, page } = panel));

  const noTraffic = () => expectNoTraffic(panel);

  it('shows one card per call, in order, between the chips and the answer: icon, name, argument gist, summary, duration', async () => {
    const attachments: Turn['attachments'] = [{ kind: 'file', path: 'src/math.ts', languageId: 'typescript', text: 'x' }];
    await harness.post(page, stateOf([turnOf('t1', 'requires_action', 'So far', { attachments, tools: CALLS })]));
    await settle(page);
    const shown = await cards(page);
    assert.deepEqual(
      shown.map(({ status, name, gist, summary, duration }) => ({ status, name, gist, summary, duration })),
      [
        { status: 'done', name: 'read_file', gist: 'src/math.ts', summary: '42 lines of src/math.ts', duration: '120 ms' },
        { status: 'running', name: 'search_workspace', gist: 'TODO', summary: '', duration: '' },
        { status: 'error', name: 'get_git_diff', gist: '', summary: 'git is not available', duration: '2.5 s' },
        { status: 'refused', name: 'read_file', gist: '.env', summary: 'read_file refused: .env is withheld', duration: '0 ms' },
        { status: 'cancelled', name: 'list_files', gist: '**/*.ts', summary: 'cancelled', duration: '7 ms' },
      ],
    );
    const icons = shown.map((c) => c.icon);
    for (const [i, icon] of ['codicon-check', 'codicon-loading', 'codicon-error', 'codicon-circle-slash', 'codicon-debug-stop'].entries()) assert.ok(icons[i].includes(icon), `${shown[i].status}: ${icons[i]}`);
    assert.ok(icons[1].includes('codicon-modifier-spin'));
    assert.equal(shown[0].label, 'Tool read_file, src/math.ts, done, 42 lines of src/math.ts, 120 ms');
    assert.ok(shown.every((c) => !c.open), 'cards start collapsed');
    // Placement: question, chips, tools, answer, status.
    const order = await page.evaluate(() => [...document.querySelector('section.turn')!.children].map((c) => c.className.split(' ')[0]));
    assert.deepEqual(order.slice(0, 4), ['question', 'chips', 'tools', 'answer']);
    assert.match((await page.locator('.status-text').textContent()) ?? '', /^Running tools/);
    // A turn without tools has no card group.
    await harness.post(page, stateOf([turnOf('t2', 'completed', 'Plain')]));
    await settle(page);
    assert.equal(await page.locator('.tools').count(), 0);
  });

  it('expanded, a card shows the arguments pretty-printed and the output; unparsable arguments as sent, their gist cut to 80', async () => {
    const raw = `not json ${'x'.repeat(200)}`;
    const tools = [CALLS[0], CALLS[1], call('c9', 'search_workspace', raw, 'error', { output: 'bad arguments', durationMs: 1 })];
    await harness.post(page, stateOf([turnOf('t1', 'completed', 'Done', { tools })]));
    await settle(page);
    assert.equal(await page.locator('.tool-arguments').first().isVisible(), false, 'collapsed: the body is hidden');
    await page.locator('.tool-card summary').first().click();
    await settle(page);
    assert.equal(await page.locator('.tool-arguments').first().isVisible(), true);
    assert.deepEqual(await bodyTexts(page, 0), { args: JSON.stringify(JSON.parse(CALLS[0].arguments), null, 2), output: CALLS[0].output });
    // Still running: arguments, no output yet.
    assert.deepEqual(await bodyTexts(page, 1), { args: '{\n  "query": "TODO",\n  "isRegex": null,\n  "glob": null\n}', output: null });
    assert.match((await page.locator('.tool-card').nth(1).locator('.tool-pending').textContent()) ?? '', /Waiting/);
    assert.deepEqual(await bodyTexts(page, 2), { args: raw, output: 'bad arguments' });
    assert.equal((await cards(page))[2].gist, `${raw.slice(0, 80)}…`);
    // The output box scrolls rather than growing without bound.
    const long = Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n');
    await harness.post(page, { type: 'turn', turn: turnOf('t1', 'completed', 'Done', { tools: [{ ...CALLS[0], output: long }] }) });
    await settle(page);
    const box = await page.evaluate(() => {
      const pre = document.querySelector<HTMLElement>('.tool-output')!;
      return { client: pre.clientHeight, scroll: pre.scrollHeight, overflow: getComputedStyle(pre).overflowY, text: pre.textContent };
    });
    assert.equal(box.text, long);
    assert.ok(box.client < 400 && box.scroll > box.client && box.overflow === 'auto', JSON.stringify({ ...box, text: undefined }));
  });

  it('F12 A7 hostile tool names, arguments, summaries and outputs render as text: no element, no script, no fetch', async () => {
    const o = listener.origin;
    const hostile = [
      '<img src=x onerror="window.__pwned=\'img\'">',
      '<script>window.__pwned="script"</script>',
      '[click](javascript:window.__pwned=1)',
      `![t](${o}/tool.png) ![p](https://attacker.example/p.png)`,
      `<a href="javascript:window.__pwned=2">x</a><iframe src="${o}/frame"></iframe><svg onload="window.__pwned=3"></svg>`,
    ];
    const corpus = loadCorpus('payloads.txt', listener).map((p) => p.text);
    const payloads = [...hostile, ...corpus];
    const tools = payloads.map((p, i) =>
      call(`h${i}`, p, i % 2 ? JSON.stringify({ path: p, query: p }) : p, (['done', 'error', 'refused', 'running', 'cancelled'] as const)[i % 5], { summary: p, output: p, durationMs: i }),
    );
    await harness.post(page, stateOf([turnOf('t1', 'requires_action', '', { tools })]));
    await settle(page, 2, 100);
    // Every card open, as the user would read them.
    await page.evaluate(() => document.querySelectorAll<HTMLDetailsElement>('.tool-card').forEach((d) => (d.open = true)));
    await settle(page, 2, 300);
    assert.deepEqual(await page.evaluate(inspectPage), []);
    assert.equal(await page.locator('.tools img, .tools script, .tools iframe, .tools svg, .tools a, .tools [href], .tools [src], .tools [style]').count(), 0);
    // Nothing but the card's own structure: text nodes inside known elements.
    const tags = await page.evaluate(() => [...new Set([...document.querySelectorAll('.tools *')].map((e) => `${e.tagName.toLowerCase()}.${e.classList[0] ?? ''}`))].sort());
    assert.deepEqual(tags, ['details.tool-card', 'div.tool-body', 'div.tool-label', 'pre.tool-text', 'span.tool-duration', 'span.tool-gist', 'span.tool-icon', 'span.tool-name', 'span.tool-summary', 'summary.']);
    // The text is exactly what was sent (corpus payloads hold no hidden characters).
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('.tool-card')].map((d) => ({ name: d.querySelector('.tool-name')?.textContent, summary: d.querySelector('.tool-summary')?.textContent, output: d.querySelector('.tool-output')?.textContent, args: d.querySelector('.tool-arguments')?.textContent })),
    );
    payloads.forEach((p, i) => {
      assert.deepEqual(shown[i], { name: p, summary: p, output: p, args: i % 2 ? JSON.stringify({ path: p, query: p }, null, 2) : p }, `payload ${i}`);
    });
    // Clicking through every card runs nothing and opens nothing.
    for (const summary of await page.locator('.tool-card summary').all()) await summary.click();
    await settle(page, 2, 300);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.ok(!(await page.evaluate(() => (window as unknown as { hostMessages: { type: string }[] }).hostMessages)).some((m) => m.type === 'openLink'));
    noTraffic();
  });

  it('A10 bidi and zero-width characters in tool names, gists, summaries, arguments and outputs are shown as markers', async () => {
    const sneaky = 'ok\u202Etxt.exe\u202C\u200Bdone\u2066x\u2069\uFEFF';
    const tools = [call('c1', `read\u200Bfile`, JSON.stringify({ path: `src/${sneaky}` }), 'done', { summary: `summary ${sneaky}`, output: `output ${sneaky}`, durationMs: 3 })];
    await harness.post(page, stateOf([turnOf('t1', 'completed', 'Done', { tools })]));
    await settle(page);
    await page.locator('.tool-card summary').click();
    const found = await page.evaluate(() => {
      const card = document.querySelector('.tool-card')!;
      const markers = (sel: string) => [...card.querySelectorAll(`${sel} .hidden-char`)].map((m) => m.textContent);
      const raw = /[\u200B-\u200D\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/;
      const rawLeft = [...card.querySelectorAll('*')].flatMap((e) => [...e.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && raw.test(n.textContent ?? '')).map(() => e.className));
      return {
        name: markers('.tool-name'),
        gist: markers('.tool-gist'),
        summary: markers('.tool-summary'),
        args: markers('.tool-arguments'),
        output: markers('.tool-output'),
        rawLeft,
        label: card.querySelector('summary')?.getAttribute('aria-label') ?? '',
        title: card.querySelector('summary')?.getAttribute('title') ?? '',
      };
    });
    const all = ['‹U+202E›', '‹U+202C›', '‹U+200B›', '‹U+2066›', '‹U+2069›', '‹U+FEFF›'];
    assert.deepEqual(found.name, ['‹U+200B›']);
    for (const part of ['gist', 'summary', 'args', 'output'] as const) assert.deepEqual(found[part], all, part);
    assert.deepEqual(found.rawLeft, [], 'no hidden character left as text');
    assert.ok(!/[\u200B-\u200D\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/.test(found.label + found.title), 'spelt out in attributes');
    assert.ok(found.label.includes('U+202E') && found.title === 'readU+200Bfile', JSON.stringify(found));
  });

  it('a turn re-sent while tools run keeps open cards open, and the streamed answer is neither lost nor duplicated', async () => {
    const first = 'Let me look at **the file** first.\n\n';
    await harness.post(page, stateOf([turnOf('t1', 'in_progress')]));
    for (const piece of [first.slice(0, 10), first.slice(10)]) await harness.post(page, { type: 'delta', turnId: 't1', text: piece });
    await settle(page);
    // Mark the streamed answer element: it should survive the re-sent turns.
    await page.evaluate(() => ((document.querySelector('.answer') as unknown as { __mark: number }).__mark = 1));
    const running = call('c1', 'read_file', '{"path":"src/math.ts"}', 'running');
    await harness.post(page, { type: 'turn', turn: turnOf('t1', 'requires_action', first, { tools: [running] }) });
    await settle(page);
    await page.locator('.tool-card summary').click();
    await settle(page);
    assert.equal((await cards(page))[0].open, true);
    // The call ends, a second starts: the first card stays open, the second starts closed.
    const done = { ...running, status: 'done' as const, summary: '3 lines', output: 'a\nb\nc', durationMs: 12 };
    await harness.post(page, { type: 'turn', turn: turnOf('t1', 'requires_action', first, { tools: [done, call('c2', 'list_files', '{"glob":null}', 'running')] }) });
    await settle(page);
    assert.deepEqual((await cards(page)).map((c) => [c.status, c.open]), [['done', true], ['running', false]]);
    assert.equal(await page.locator('.tool-output').textContent(), 'a\nb\nc');
    assert.equal(await page.evaluate(() => (document.querySelector('.answer') as unknown as { __mark?: number }).__mark), 1, 'the answer element was kept');
    // Deltas, then the turn re-sent before the frame renders them, then more deltas.
    const second = 'The function `add` sums two numbers.';
    const tools = [done, { ...call('c2', 'list_files', '{"glob":null}', 'done'), durationMs: 4 }];
    await page.evaluate(
      ({ first, second, tools }) => {
        window.postMessage({ type: 'delta', turnId: 't1', text: second.slice(0, 12) }, '*');
        window.postMessage({ type: 'turn', turn: { id: 't1', kind: 'ask', question: 'Explain the module', attachments: [], createdAt: 0, answer: first + second.slice(0, 12), status: 'in_progress', tools } }, '*');
        window.postMessage({ type: 'delta', turnId: 't1', text: second.slice(12) }, '*');
      },
      { first, second, tools },
    );
    await settle(page, 3, 150);
    assert.equal(await answerOf(page), 'Let me look at the file first.\nThe function add sums two numbers.');
    assert.deepEqual((await cards(page)).map((c) => c.open), [true, false]);
    // A re-sent turn with a different answer (the host's text wins) is rendered from that text.
    await harness.post(page, { type: 'turn', turn: turnOf('t1', 'in_progress', 'Rewritten.', { tools }) });
    await settle(page);
    assert.equal(await answerOf(page), 'Rewritten.');
    await harness.post(page, { type: 'delta', turnId: 't1', text: ' More.' });
    await settle(page, 2, 100);
    assert.equal(await answerOf(page), 'Rewritten. More.');
    // Completed: the final render, cards still as the user left them; a state refresh keeps them too.
    await harness.post(page, { type: 'turn', turn: turnOf('t1', 'completed', 'Rewritten. More.', { tools }) });
    await settle(page);
    assert.equal(await answerOf(page), 'Rewritten. More.');
    assert.deepEqual((await cards(page)).map((c) => c.open), [true, false]);
    await harness.post(page, stateOf([turnOf('t1', 'completed', 'Rewritten. More.', { tools })]));
    await settle(page);
    assert.deepEqual((await cards(page)).map((c) => c.open), [true, false]);
    // Closed by the user: stays closed.
    await page.locator('.tool-card summary').first().click();
    await harness.post(page, { type: 'turn', turn: turnOf('t1', 'completed', 'Rewritten. More.', { tools }) });
    await settle(page);
    assert.deepEqual((await cards(page)).map((c) => c.open), [false, false]);
  });

  it('cards are reached with Tab and toggled with Enter and Space; focus stays on a card when the turn is re-sent', async () => {
    const running = call('c1', 'read_file', '{"path":"src/math.ts"}', 'running');
    await harness.post(page, stateOf([turnOf('t1', 'requires_action', 'Looking…', { tools: [running, call('c2', 'list_files', '{"glob":null}', 'running')] })]));
    await settle(page);
    const focusedKey = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('.tool-card') ? (document.activeElement as HTMLElement).dataset.focusKey ?? 'inside' : (document.activeElement?.tagName ?? 'none'));
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focusedKey()) === 't1\nc1';
    }
    assert.ok(reached, 'the first card\'s summary is reachable with Tab');
    // The theme variable VS Code sets (undefined here, which would void the outline declaration).
    const outline = await page.evaluate(() => {
      document.body.style.setProperty('--vscode-focusBorder', 'rgb(0, 127, 212)');
      const active = document.activeElement!;
      return { visible: active.matches(':focus-visible'), style: getComputedStyle(active).outlineStyle };
    });
    assert.deepEqual(outline, { visible: true, style: 'solid' }, 'focus is visible');
    await page.keyboard.press('Enter');
    await settle(page);
    assert.deepEqual((await cards(page)).map((c) => c.open), [true, false]);
    await page.keyboard.press(' ');
    await settle(page);
    assert.deepEqual((await cards(page)).map((c) => c.open), [false, false]);
    await page.keyboard.press('Space');
    await settle(page);
    assert.deepEqual((await cards(page)).map((c) => c.open), [true, false]);
    // The call ends: the turn is re-sent, the card is still open and still focused.
    await harness.post(page, { type: 'turn', turn: turnOf('t1', 'requires_action', 'Looking…', { tools: [{ ...running, status: 'done', durationMs: 5, output: 'x' }, call('c2', 'list_files', '{"glob":null}', 'running')] }) });
    await settle(page);
    assert.equal(await focusedKey(), 't1\nc1');
    assert.deepEqual((await cards(page)).map((c) => [c.status, c.open]), [['done', true], ['running', false]]);
    // Tab moves on to the arguments and the output (scrollable boxes, so focusable), then to the next card.
    for (const box of ['tool-arguments', 'tool-output']) {
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate((c) => document.activeElement?.classList.contains(c), box), true, box);
    }
    await page.keyboard.press('Tab');
    assert.equal(await focusedKey(), 't1\nc2');
    await page.keyboard.press('Enter');
    await settle(page);
    assert.deepEqual((await cards(page)).map((c) => c.open), [true, true]);
  });
});
