// A long thread opens on its last turns, and the earlier ones come when the reader goes up to
// them (issue 10, "Long threads"): opening 1,000 turns rendered whole took seconds.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { harness, settle, stateOf, turnOf, usePanelPage } from './support';

const answer = (i: number) => `Answer ${i}: ${'the cache is rebuilt when the watcher fires '.repeat(8)}\n\n\`\`\`ts\nconst v${i} = ${i};\n\`\`\``;
const thread = (n: number) => Array.from({ length: n }, (_, i) => turnOf(`t${i}`, 'completed', answer(i), { createdAt: i }));
const sections = (page: Page) => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('section.turn')].map((s) => s.dataset.turnId));

describe('webview: a long thread', function () {
  this.timeout(60_000);
  const panel = usePanelPage();
  let page: Page;
  beforeEach(() => ({ page } = panel));

  it('opens on its last turns, at its end, and says how many earlier ones there are', async () => {
    await harness.post(page, stateOf(thread(1000)));
    await settle(page);
    const shown = await sections(page);
    assert.ok(shown.length <= 25, `${shown.length} turns rendered at once`);
    assert.equal(shown.at(-1), 't999');
    assert.equal(await page.locator('button.earlier-turns').textContent(), `Show ${(1000 - shown.length).toLocaleString('en-US')} earlier turns`);
    const gap = await page.evaluate(() => { const l = document.querySelector('.turns')!; return l.scrollHeight - l.scrollTop - l.clientHeight; });
    assert.ok(gap < 20, `at the end (${gap} px from it)`);
  });

  it('renders earlier turns when asked or scrolled to, keeping the reader\'s place, until the first one', async () => {
    await harness.post(page, stateOf(thread(120)));
    await settle(page);
    const before = (await sections(page)).length;
    const firstShown = (await sections(page))[0]!;
    const topOf = (id: string) => page.evaluate((id) => document.querySelector(`section[data-turn-id="${id}"]`)!.getBoundingClientRect().top, id);
    const at = await topOf(firstShown);
    // Clicked in place (a click from Playwright would first scroll the button into view).
    await page.evaluate(() => (document.querySelector('button.earlier-turns') as HTMLButtonElement).click());
    await settle(page);
    assert.ok((await sections(page)).length > before);
    assert.ok(Math.abs((await topOf(firstShown)) - at) < 2, 'what the reader saw did not move');
    // Scrolling to the top brings the rest, in order.
    for (let i = 0; i < 40 && (await page.locator('button.earlier-turns').count()); i++) {
      await page.evaluate(() => { document.querySelector('.turns')!.scrollTop = 0; });
      await settle(page, 2, 100);
    }
    assert.deepEqual(await sections(page), thread(120).map((t) => t.id));
    assert.equal(await page.locator('button.earlier-turns').count(), 0);
  });

  it('an update of an earlier turn not shown yet does not land at the end; a new turn does, and streams', async () => {
    await harness.post(page, stateOf(thread(100)));
    await settle(page);
    await harness.post(page, { type: 'turn', turn: turnOf('t3', 'completed', 'changed elsewhere', { createdAt: 3 }) });
    await harness.post(page, { type: 'turn', turn: turnOf('new', 'in_progress', '', { createdAt: 100 }) }, { type: 'delta', turnId: 'new', text: 'Streaming **now**' });
    await settle(page, 3, 300);
    const shown = await sections(page);
    assert.ok(!shown.includes('t3'));
    assert.equal(shown.at(-1), 'new');
    assert.equal(await page.locator('section[data-turn-id="new"] .answer strong').textContent(), 'now');
  });

  it('a thread longer than the state carries asks the host for its earlier turns, one request at a time, and shows them in order', async () => {
    const all = thread(300);
    const message = stateOf(all.slice(200));
    if (message.type !== 'state') throw new Error('a state message');
    await harness.post(page, { type: 'state', state: { ...message.state, earlierTurns: 200, earlierTokens: 0 } });
    await settle(page);
    assert.equal(await page.locator('button.earlier-turns').textContent(), `Show ${200 + 100 - (await sections(page)).length} earlier turns`);
    const asks = () => page.evaluate(() => (window as unknown as { hostMessages: Array<{ type: string; before?: string }> }).hostMessages.filter((m) => m.type === 'earlierTurns'));
    const click = () => page.evaluate(() => (document.querySelector('button.earlier-turns') as HTMLButtonElement | null)?.click());
    for (let i = 0; i < 20 && (await sections(page))[0] !== 't200'; i++) await click();
    assert.deepEqual(await asks(), [], 'the turns it holds come first, without asking');
    await click();
    await click(); // a second click while the first request is on its way asks nothing more
    assert.deepEqual(await asks(), [{ type: 'earlierTurns', before: 't200' }]);
    await harness.post(page, { type: 'earlierTurns', before: 't200', turns: all.slice(100, 200), remaining: 100 });
    await settle(page);
    for (let i = 0; i < 20 && (await sections(page))[0] !== 't100'; i++) await click();
    await click();
    assert.deepEqual((await asks()).map((m) => m.before), ['t200', 't100']);
    await harness.post(page, { type: 'earlierTurns', before: 't100', turns: all.slice(0, 100), remaining: 0 });
    for (let i = 0; i < 20 && (await page.locator('button.earlier-turns').count()); i++) await click();
    await settle(page);
    assert.deepEqual(await sections(page), all.map((t) => t.id));
  });
});
