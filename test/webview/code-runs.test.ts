// Code interpreter runs and cited sources in the panel (src/webview/code-run-card.ts, turn-view.ts):
// code highlighted through the sanitiser, logs and file names as text (F12), images shown only from
// bytes the host sends (blob: URLs the panel makes; F10), raster types only, and sources that open
// through the host.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { CodeRunRecord, Turn } from '../../src/shared/turn';
import { harness, inspectPage, type Listener, settle, stateOf, turnOf, usePanelPage } from './support';

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

describe('webview code interpreter runs and sources (F10, F12)', function () {
  this.timeout(60_000);
  const panel = usePanelPage();
  let listener: Listener;
  let page: Page;
  let requests: string[];
  beforeEach(() => ({ listener, page, requests } = panel));

  const run = (extra: Partial<CodeRunRecord> = {}): CodeRunRecord => ({ id: 'ci_1', containerId: 'cntr_1', code: 'import pandas as pd\nprint(pd.__version__)', status: 'done', ...extra });
  const posted = () => page.evaluate(() => (window as unknown as { hostMessages: Array<Record<string, unknown>> }).hostMessages);


  it('shows the code highlighted and the logs as text; hostile logs and file names stay inert (F12)', async () => {
    const hostile = `<img src="${listener.origin}/log.png" onerror="window.__pwned=1"><script>window.__pwned=1</script>`;
    const turn: Turn = turnOf('t1', 'completed', 'Plotted.', {
      codeRuns: [run({ logs: `rows: 12\n${hostile}`, files: [{ containerId: 'cntr_1', fileId: 'cfile_csv', filename: `${hostile}.csv` }] })],
    });
    await harness.post(page, stateOf([turn]));
    await settle(page, 2, 200);
    const view = await page.evaluate(() => {
      const card = document.querySelector<HTMLDetailsElement>('.code-run')!;
      card.open = true;
      return {
        gist: card.querySelector('.tool-gist')?.textContent,
        keywords: card.querySelectorAll('.code-run-code .hljs-keyword').length,
        logs: card.querySelector('.code-run-logs')?.textContent,
        file: document.querySelector('.code-file-name')?.textContent,
        buttons: [...document.querySelectorAll<HTMLElement>('.code-file-action')].map((b) => b.dataset.mode),
        pwned: (window as unknown as { __pwned?: number }).__pwned,
      };
    });
    assert.equal(view.gist, '2 lines of Python, 1 file');
    assert.ok((view.keywords ?? 0) > 0, 'the code is highlighted');
    assert.ok(view.logs?.includes(hostile), 'logs are shown as the text they are');
    assert.equal(view.file, `${hostile}.csv`);
    assert.deepEqual(view.buttons, ['open', 'save']);
    assert.equal(view.pwned, undefined);
    assert.deepEqual(await page.evaluate(inspectPage), []);
    assert.equal(listener.hits(), 0);
    assert.deepEqual(requests, []);
  });

  it('F10 an image is asked of the host and shown from the bytes it sends, as a blob: URL; SVG is never shown', async () => {
    const turn: Turn = turnOf('t1', 'completed', 'Here is the plot.', {
      codeRuns: [run({ files: [{ containerId: 'cntr_1', fileId: 'cfile_png', filename: 'plot.png', mimeType: 'image/png' }, { containerId: 'cntr_1', fileId: 'cfile_svg', filename: 'plot.svg', mimeType: 'image/svg+xml' }] })],
    });
    await harness.post(page, stateOf([turn]));
    await settle(page);
    const asks = (await posted()).filter((m) => m.type === 'loadImage');
    assert.deepEqual(asks, [{ type: 'loadImage', turnId: 't1', fileId: 'cfile_png' }], 'only the raster image is asked for');
    await harness.post(page, { type: 'image', fileId: 'cfile_png', mimeType: 'image/png', data: PNG_1PX });
    await harness.post(page, { type: 'image', fileId: 'cfile_svg', mimeType: 'image/svg+xml', data: Buffer.from('<svg onload="window.__pwned=1"/>').toString('base64') });
    await settle(page, 2, 200);
    const images = await page.evaluate(() => [...document.querySelectorAll<HTMLImageElement>('img')].map((i) => ({ src: i.src, loaded: i.complete && i.naturalWidth > 0, file: i.dataset.fileId })));
    assert.equal(images.length, 1);
    assert.match(images[0].src, /^blob:/);
    assert.equal(images[0].loaded, true);
    assert.equal(images[0].file, 'cfile_png');
    // A re-render (the turn re-sent) reuses the bytes: no second request.
    await harness.post(page, { type: 'turn', turn });
    await settle(page);
    assert.equal((await posted()).filter((m) => m.type === 'loadImage').length, 1);
    assert.equal(await page.evaluate(() => document.querySelector<HTMLImageElement>('img.code-image')?.src.startsWith('blob:')), true);
    assert.equal(listener.hits(), 0);
    assert.deepEqual(requests.filter((r) => !r.startsWith('blob:')), []);
  });

  it('Open and Save to Workspace ask the host; sources open through the host', async () => {
    const turn: Turn = turnOf('t1', 'completed', 'See the guide.', {
      codeRuns: [run({ files: [{ containerId: 'cntr_1', fileId: 'cfile_csv', filename: 'out.csv' }] })],
      citations: [{ fileId: 'file-1', filename: 'guide.md', path: 'docs/guide.md' }, { fileId: 'file-2', filename: 'other.md' }],
    });
    await harness.post(page, stateOf([turn]));
    await settle(page);
    await page.locator('.code-file-action[data-mode="save"]').click();
    await page.locator('.code-file-action[data-mode="open"]').click();
    const sources = await page.locator('.sources .source').allInnerTexts();
    assert.deepEqual(sources.map((s) => s.trim()), ['docs/guide.md', 'other.md']);
    await page.locator('.sources .source').first().focus();
    await page.keyboard.press('Enter');
    const sent = (await posted()).filter((m) => m.type === 'generatedFile' || m.type === 'openCitation');
    assert.deepEqual(sent, [
      { type: 'generatedFile', turnId: 't1', fileId: 'cfile_csv', mode: 'save' },
      { type: 'generatedFile', turnId: 't1', fileId: 'cfile_csv', mode: 'open' },
      { type: 'openCitation', turnId: 't1', fileId: 'file-1' },
    ]);
  });
});
