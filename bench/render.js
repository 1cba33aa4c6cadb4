// render-ratio: what streaming a ~200 KB answer costs the panel, divided by what rendering the same
// answer once costs. render-ratio-naive: the same for the old renderer (naive.js), in the same run.
//
// Method. Cost is the page's main-thread work as Chromium accounts it: the CDP Performance domain's
// ScriptDuration + LayoutDuration + RecalcStyleDuration, read before and after (their deltas, so idle
// time does not count). The stream is fed from inside the page, like the host's messages arrive:
// 4-character `delta` messages, 50 per animation frame (12,000 characters a second at 60 frames a
// second: a fast model, or a burst after a stall), each frame's batch rendered by the panel on its next
// frame. The feeding itself (posting 50,000 messages, and the panel receiving them) is measured on its
// own, with deltas for a turn the panel does not show, and subtracted, so only rendering is compared.
// "Once" is the final render of a completed turn (a `turn` message with the whole answer), the
// median of 5 after a warm-up; the stream's figures are single runs of 50,000 deltas.
'use strict';

const path = require('path');
const { generateAnswer } = require('./answer');
const { buildNaive } = require('./naive');
const { openPanel, post, state, turn, frames } = require('./browser');

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
function stream(page, turnId, answer) {
  return page.evaluate(
    async ({ turnId, answer, size, perFrame }) => {
      const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      for (let i = 0; i < answer.length; ) {
        for (let k = 0; k < perFrame && i < answer.length; k++, i += size) window.postMessage({ type: 'delta', turnId, text: answer.slice(i, i + size) }, '*');
        await nextFrame();
      }
      await nextFrame();
      await nextFrame();
    },
    { turnId, answer, size: DELTA_CHARS, perFrame: DELTAS_PER_FRAME },
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const text = (page, turnId) => page.evaluate((id) => document.querySelector(`section[data-turn-id="${id}"] .answer`).textContent.replace(/\s+/g, ' ').trim(), turnId);

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
  const reference = await text(page, 'once5');

  await post(page, state([turn('streamed', 'in_progress')]));
  await frames(page);
  const feeding = await cost(() => stream(page, 'nobody', answer));
  const streamed = await cost(() => stream(page, 'streamed', answer));
  if ((await text(page, 'streamed')) !== reference) console.warn(`warning: the streamed answer's text differs from the full render (${webview ? 'naive' : 'incremental'})`);
  await page.close();
  return { once: median(onceRuns), streamed: streamed - feeding };
}

async function renderFigures({ browser, tmp }) {
  const answer = generateAnswer(200_000);
  const real = await measure(browser, answer);
  const naive = await measure(browser, answer, await buildNaive(path.join(tmp, 'webview-naive.js')));
  return {
    'render-ratio': (real.streamed / real.once).toFixed(2),
    'render-ratio-naive': (naive.streamed / naive.once).toFixed(1),
  };
}

module.exports = { renderFigures };
