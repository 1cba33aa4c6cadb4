// render-ratio: what streaming a ~200 KB answer costs the panel, divided by what rendering the same
// answer once costs. render-ratio-every-frame: the same without the panel's pacing of fast streams
// (pacing.ts: a stream faster than 2,000 characters a second renders every 96–192 ms, spaced by what
// its renders cost, instead of on every frame). render-ratio-naive: the panel as it was (every frame
// re-renders the whole answer). All three in the same run, with the same answer and the same feed
// (variants.js builds the other two).
//
// Method. Cost is the page's main-thread work as Chromium accounts it: the CDP Performance domain's
// ScriptDuration + LayoutDuration + RecalcStyleDuration, read before and after (their deltas, so idle
// time does not count; a layout forced by script counts as layout, not twice). The stream is fed from
// inside the page, like the host's messages arrive: 4-character `delta` messages, 50 per animation
// frame (12,000 characters a second at 60 frames a second: a very fast model, or a burst after a
// stall). The feeding itself (posting 50,000 messages) is measured on its own, with deltas for a turn
// the panel does not show, and subtracted. "Once" is the final render of a completed turn (a `turn`
// message with the whole answer), the median of 5 after a warm-up; a stream is one run of 50,000 deltas.
'use strict';

const path = require('path');
const { generateAnswer } = require('./answer');
const { buildVariant } = require('./variants');
const { openPanel, post, state, turn, frames, streamDeltas } = require('../test/harness/panel-browser');

const DELTA_CHARS = 4;
const DELTAS_PER_FRAME = 50;

async function costMeter(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    return (m.ScriptDuration + m.LayoutDuration + m.RecalcStyleDuration) * 1000;
  };
  /** Milliseconds of script + style + layout spent while `work` runs. */
  return async (work) => {
    const before = await read();
    await work();
    return (await read()) - before;
  };
}

/** Streams `answer` into turn `turnId` from inside the page, DELTAS_PER_FRAME deltas a frame. */
const stream = (page, turnId, answer) => streamDeltas(page, turnId, answer, { size: DELTA_CHARS, perFrame: DELTAS_PER_FRAME });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** The answer's HTML, without the streaming renderer's grouping blocks and with code as plain text
 * (streamed code is highlighted per run of lines): a streamed answer must come out the same as one
 * rendered whole. */
const shape = (page, turnId) =>
  page.evaluate((id) => {
    const answer = document.querySelector(`section[data-turn-id="${id}"] .answer`).cloneNode(true);
    answer.querySelectorAll('.answer-part, .code-segment, .paragraph-part').forEach((group) => group.replaceWith(...group.childNodes));
    answer.querySelectorAll('pre code').forEach((code) => (code.textContent = code.textContent));
    answer.normalize();
    return answer.innerHTML.replace(/>\s+</g, '><').trim();
  }, turnId);

/** { once, streamed } in ms for the panel script `webview` (undefined: the real dist/webview.js). */
async function measure(browser, answer, webview) {
  const page = await openPanel(browser, webview);
  const cost = await costMeter(page);

  const onceRuns = [];
  for (let run = 0; run < 6; run++) {
    await post(page, state([]));
    await frames(page);
    const ms = await cost(async () => {
      await post(page, { type: 'turn', turn: turn(`once${run}`, 'completed', answer) });
      await frames(page);
    });
    if (run > 0) onceRuns.push(ms); // run 0 warms up
  }
  const reference = await shape(page, 'once5');

  await post(page, state([turn('streamed', 'in_progress')]));
  await frames(page);
  const feeding = await cost(() => stream(page, 'nobody', answer));
  const streamed = await cost(() => stream(page, 'streamed', answer));
  if ((await shape(page, 'streamed')) !== reference) console.warn(`warning: the streamed answer differs from the full render (${webview ?? 'dist/webview.js'})`);
  await page.close();
  return { once: median(onceRuns), streamed: streamed - feeding };
}

async function renderFigures({ browser, tmp }) {
  const answer = generateAnswer(200_000);
  const ratio = ({ streamed, once }) => streamed / once;
  // The shipped panel: the median of five runs (one run swings by a fifth either way on a 2-core machine).
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(ratio(await measure(browser, answer)));
  const shipped = median(runs);
  const everyFrame = ratio(await measure(browser, answer, await buildVariant(path.join(tmp, 'webview-every-frame.js'), { naive: false })));
  const naive = ratio(await measure(browser, answer, await buildVariant(path.join(tmp, 'webview-naive.js'), { naive: true })));
  return {
    'render-ratio': shipped.toFixed(2),
    'render-ratio-runs': runs.map((r) => r.toFixed(2)).join(' / '),
    'render-ratio-every-frame': everyFrame.toFixed(2),
    'render-ratio-naive': naive.toFixed(1),
  };
}

module.exports = { renderFigures, measure };
