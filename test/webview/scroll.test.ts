// The panel follows a streaming answer to its end while the user has not scrolled up, however much
// each render adds, and stops following once the user scrolls up to read.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { harness, settle, stateOf, turnOf, usePanelPage } from './support';

const paragraph = (i: number) => `Paragraph ${i}: ${'the handler caches the parsed configuration and the watcher invalidates it '.repeat(6)}\n\n`;

describe('webview scrolling while an answer streams', function () {
  this.timeout(60_000);
  const panel = usePanelPage();
  let page: Page;
  beforeEach(() => ({ page } = panel));

  /** Streams `count` paragraphs into t1, `perFrame` deltas of one paragraph each per frame. */
  const stream = (from: number, count: number, perFrame: number) =>
    page.evaluate(
      async ({ count, perFrame, texts }) => {
        const frame = () => new Promise((r) => requestAnimationFrame(r));
        for (let i = 0; i < count; i += perFrame) {
          for (let k = i; k < Math.min(count, i + perFrame); k++) window.postMessage({ type: 'delta', turnId: 't1', text: texts[k] }, '*');
          await frame();
        }
        await new Promise((r) => setTimeout(r, 300));
        await frame();
      },
      { count, perFrame, texts: Array.from({ length: count }, (_, i) => paragraph(from + i)) },
    );
  const gap = () => page.evaluate(() => { const l = document.querySelector('.turns')!; return l.scrollHeight - l.scrollTop - l.clientHeight; });


  it('follows to the end even when one render adds several screens (a fast burst)', async () => {
    await harness.post(page, stateOf([turnOf('t1', 'in_progress')]));
    await settle(page);
    await stream(0, 120, 30); // ~16 KB a frame: far more than a screen per render
    assert.ok((await gap()) < 5, `the list is ${await gap()} px short of the end`);
  });

  it('stops following once the user scrolls up, and keeps the place they are reading', async () => {
    await harness.post(page, stateOf([turnOf('t1', 'in_progress')]));
    await settle(page);
    await stream(0, 40, 4);
    await page.evaluate(() => { document.querySelector('.turns')!.scrollTop = 100; });
    await settle(page);
    await stream(40, 40, 4);
    assert.equal(await page.evaluate(() => document.querySelector('.turns')!.scrollTop), 100);
    // Back at the end: following again.
    await page.evaluate(() => { const l = document.querySelector('.turns')!; l.scrollTop = l.scrollHeight; });
    await settle(page);
    await stream(80, 40, 4);
    assert.ok((await gap()) < 5);
  });
});
