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
    for (let i = 0; i < 10 && (await page.locator('button.earlier-turns').count()); i++) {
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
});
