// Long threads: a thread of 1,000 turns (questions, attachments, tool calls, answers with code; see
// history.js) must open, stream and save without the host or the panel slowing down.
// turn-save-ms: saving one finished turn in that thread (FileThreadStore), median of 20; goal < 10 ms.
// thread-open-ms: opening it — reading it from disk (a fresh store) plus the panel rendering the
//   state message the host sends (its last STATE_TURNS turns) until the last turn is on screen (two
//   frames after it is in the DOM) in headless Chromium; median of 5; goal < 300 ms. Its two parts
//   are printed too.
// host-heap-mb: the JavaScript heap the loaded thread holds in the host (after a full GC, against the
//   same process before loading it); goal < 50 MB.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const v8 = require('v8');
const vm = require('vm');
const { makeTurn } = require('./history');
const { openPanel, state } = require('../test/harness/panel-browser');

const OUT = path.join(__dirname, '..', 'out');
const core = (p) => require(path.join(OUT, 'src', 'core', p));
const TURNS = 1000;
const { STATE_TURNS } = require(path.join(OUT, 'src', 'shared', 'protocol'));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

function gc() {
  v8.setFlagsFromString('--expose-gc');
  const collect = vm.runInNewContext('gc');
  collect();
  collect();
}

async function longThreadFigures({ browser }) {
  const { FileThreadStore } = core('threads/thread-store');
  const { UNCHANGED_TEXT } = core('attachments/collect');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-bench-thread-'));
  try {
    const turns = Array.from({ length: TURNS }, (_, i) => makeTurn(i, UNCHANGED_TEXT));
    const store = new FileThreadStore(dir);
    await store.saveTurns('thread_long', turns);
    const saves = [];
    for (let i = 0; i < 20; i++) {
      const next = { ...makeTurn(TURNS + i, UNCHANGED_TEXT), status: 'in_progress', answer: '' };
      turns.push(next);
      await store.saveTurns('thread_long', turns); // the question, as asked
      Object.assign(next, makeTurn(TURNS + i, UNCHANGED_TEXT)); // its answer, finished
      const t = performance.now();
      await store.saveTurns('thread_long', turns);
      saves.push(performance.now() - t);
    }
    const fileKb = fs.statSync(path.join(dir, 'threads', 'thread_long.jsonl')).size / 1024;

    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const loads = [];
    let held;
    for (let i = 0; i < 5; i++) {
      held = undefined;
      const t = performance.now();
      held = await new FileThreadStore(dir).loadTurns('thread_long');
      loads.push(performance.now() - t);
    }
    gc();
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / (1024 * 1024);

    /** Median ms from the state message to its last turn on screen, each time in a fresh panel. */
    const openTime = async (message, lastId) => {
      const times = [];
      for (let i = 0; i < 5; i++) {
        const page = await openPanel(browser);
        try {
          // Posted from inside the page, timed there: the transfer into the page is not the panel's cost.
          await page.evaluate((m) => { window.__benchState = m; }, message);
          times.push(await page.evaluate((id) => new Promise((resolve) => {
            const t = performance.now();
            window.postMessage(window.__benchState, '*');
            const check = () => {
              if (document.querySelector(`section[data-turn-id="${id}"]`)) requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t)));
              else requestAnimationFrame(check);
            };
            check();
          }), lastId));
        } finally {
          await page.close();
        }
      }
      return median(times);
    };
    // As the host sends it (src/host/extension.ts): the last STATE_TURNS turns, and how many come before.
    const message = state(held.slice(-STATE_TURNS));
    message.state.earlierTurns = held.length - STATE_TURNS;
    const render = await openTime(message, held[held.length - 1].id);
    // The same for a thread of one turn: what any first render in a fresh panel costs.
    const renderOne = await openTime(state(held.slice(-1)), held[held.length - 1].id);
    const load = median(loads);
    return {
      'turn-save-ms': median(saves).toFixed(2),
      'thread-open-ms': (load + render).toFixed(1),
      'thread-open-load-ms': load.toFixed(1),
      'thread-open-render-ms': render.toFixed(1),
      'thread-open-render-ms-one-turn': renderOne.toFixed(1),
      'thread-file-kb': fileKb.toFixed(0),
      'host-heap-mb': heapMb.toFixed(1),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { longThreadFigures };
