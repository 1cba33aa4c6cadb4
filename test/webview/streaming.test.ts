// A streamed answer shows what the final render shows: the same blocks and text, and its code
// highlighted too, with hidden characters shown the same way. Streamed code is built as DOM nodes by
// highlight.js, run of lines by run of lines (a construct spanning runs, like a script inside HTML, is
// highlighted whole by the final render only); the final render's code is highlight.js's HTML,
// sanitised with the rest of the answer.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { harness, REPO, stateOf, turnOf, usePanelPage } from './support';

const { generateAnswer } = createRequire(__filename)(path.join(REPO, 'bench', 'answer.js')) as { generateAnswer: (bytes: number, seed?: number) => string };

interface Snapshot {
  /** The answer's HTML without the streaming renderer's grouping blocks, code as plain text. */
  html: string;
  /** Each code block's highlighted HTML. */
  code: string[];
}

const snapshot = (page: Page, turnId: string): Promise<Snapshot> =>
  page.evaluate((id) => {
    const answer = document.querySelector(`section[data-turn-id="${id}"] .answer`)?.cloneNode(true) as HTMLElement | undefined;
    if (!answer) return { html: '', code: [] };
    answer.querySelectorAll('.answer-part, .code-segment').forEach((group) => group.replaceWith(...group.childNodes));
    answer.normalize();
    const code = [...answer.querySelectorAll('pre code')].map((c) => c.innerHTML);
    answer.querySelectorAll('pre code').forEach((c) => (c.textContent = c.textContent));
    return { html: answer.innerHTML.replace(/>\s+</g, '><').trim(), code };
  }, turnId);

/** Streamed (the turn still in progress), then completed: both snapshots. */
async function streamedAndFinal(page: Page, text: string, size: number, perFrame: number): Promise<{ streamed: Snapshot; final: Snapshot }> {
  await harness.post(page, stateOf([turnOf('s', 'in_progress')]));
  await harness.streamDeltas(page, 's', text, { size, perFrame });
  const streamed = await snapshot(page, 's');
  await harness.post(page, stateOf([turnOf('f', 'completed', text)]));
  await harness.frames(page);
  return { streamed, final: await snapshot(page, 'f') };
}

/** What streamed code must share with the final render's (its text is compared with the answer's HTML). */
const codeFacts = (html: string) => ({
  highlighted: /class="hljs-/.test(html),
  markers: (html.match(/class="hidden-char"/g) ?? []).length,
  elements: [...new Set([...html.matchAll(/<([a-z]+)/g)].map((m) => m[1]))].join(' '),
});

function assertSameAnswer({ streamed, final }: { streamed: Snapshot; final: Snapshot }, label = ''): void {
  assert.equal(streamed.html, final.html, `blocks and text ${label}`);
  assert.equal(streamed.code.length, final.code.length);
  streamed.code.forEach((code, i) => assert.deepEqual(codeFacts(code), codeFacts(final.code[i]), `code block ${i} ${label}: ${code}`));
}

describe('webview streaming renders what the final render shows', function () {
  this.timeout(120_000);
  const panel = usePanelPage();

  it('a long mixed answer (headings, lists, tables, quotes, code in five languages) streamed fast, 4 characters a delta', async () => {
    const text = generateAnswer(40_000, 7);
    const shown = await streamedAndFinal(panel.page, text, 4, 50);
    assert.ok(shown.final.code.length > 10, 'the answer has code blocks');
    assertSameAnswer(shown);
  });

  it("another answer streamed at a hosted model's pace, 12 characters a frame", async () => {
    const text = generateAnswer(6_000, 11);
    const shown = await streamedAndFinal(panel.page, text, 12, 1);
    assert.ok(shown.final.code.length > 0, 'the answer has code blocks');
    assertSameAnswer(shown);
  });

  it('code with an embedded language, hidden characters, CRLF line ends, an unknown language and an indented fence', async () => {
    const text = [
      'Markup with a script:',
      '```html\n<div class="x">\n  <script>\n    const a = 1; // one\n  </script>\n</div>\n```',
      'Hidden characters in code:',
      '```ts\nconst s = "a\u202Eb"; // \u200Bzero width\n```',
      'Windows line ends:\r\n\r\n```python\r\ndef f():\r\n    return 1\r\n```\r\n',
      'Unknown language:',
      '```klingon\nqapla <b>not markup</b>\n```',
      '- a list item with code:\n\n  ```js\n  let x = 2;\n  x++;\n  ```',
    ].join('\n\n');
    for (const [size, perFrame] of [[3, 1], [4, 50]]) {
      const shown = await streamedAndFinal(panel.page, text, size, perFrame);
      assertSameAnswer(shown, `(${size}-character deltas, ${perFrame} a frame)`);
      const { final } = shown;
      assert.match(final.code[0], /class="language-javascript"/, 'the script is highlighted as JavaScript');
      assert.equal((final.code[1].match(/class="hidden-char"/g) ?? []).length, 2, 'both hidden characters are shown as markers');
      assert.match(final.code[3], /&lt;b&gt;not markup&lt;\/b&gt;/, 'code in an unknown language is text');
    }
  });
});
