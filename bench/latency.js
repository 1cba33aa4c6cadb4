// socket-to-screen-ms-p50 / -p99: from a delta leaving the fake OpenAI server to its text being in
// the panel's DOM.
//
// The chain, all real except VS Code's own message passing: the fake server (test/fake-openai) streams
// a scripted reply over HTTP → the core's backend (ResponsesBackend, or ChatBackend against the fake
// playing Ollama: the `-chat` figures) on the OpenAI SDK (createClient), in this
// process, turns SSE frames into text deltas → each delta is posted to the page as the host would post
// it (a `delta` message, sent through playwright without waiting, like webview.postMessage) → the panel
// renders it on its next animation frame → a MutationObserver in the page notes when it is in the DOM.
// Each delta carries a marker §n§. The server side stamps a marker when the SSE bytes holding it are
// handed to the socket (ServerResponse#write, wrapped here); the page stamps it in the observer callback
// that first finds it in the answer's text. Both stamps are epoch milliseconds from a monotonic clock,
// performance.timeOrigin + performance.now(), in Node and in the page; the two origins are taken at
// different times, so the page clock's offset is measured (the round trip with the smallest delay,
// offset = page time − midpoint of the round trip) and taken off.
'use strict';

const http = require('http');
const path = require('path');
const { openPanel, post, state, turn, frames } = require('../test/harness/panel-browser');

const OUT = path.resolve(__dirname, '..', 'out');
const DELTAS = 400;
const DELAY_MS = 10; // between SSE frames: ~100 deltas a second

const now = () => performance.timeOrigin + performance.now();

/** Deltas as a model writes them: words, some markup, paragraphs and list items, each with its marker. */
function script(count, first) {
  const words = ['the', 'cache', '**is**', 'read', '`once`', 'and', 'kept', 'while', 'the', 'file', 'is', 'unchanged'];
  return Array.from({ length: count }, (_, i) => {
    const n = first + i;
    const sep = n % 40 === 39 ? '\n\n' : n % 10 === 9 ? '\n- ' : ' ';
    return `§${n}§ ${words[n % words.length]}${sep}`;
  });
}

async function clockOffset(page) {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 30; i++) {
    const t0 = now();
    const p = await page.evaluate(() => performance.timeOrigin + performance.now());
    const t1 = now();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: p - (t0 + t1) / 2 };
  }
  return best.offset;
}

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** The streamed request of each backend, against `fake`: Responses + Conversations, or Chat Completions (as Ollama). */
async function openBackend(kind, fake) {
  const { createClient } = require(path.join(OUT, 'src/core/client.js'));
  const { silentLogger } = require(path.join(OUT, 'src/core/logger.js'));
  const client = createClient({ apiKey: 'sk-bench', baseUrl: fake.url, maxRetries: 0 });
  const signal = new AbortController().signal;
  if (kind === 'responses') {
    const { ResponsesBackend } = require(path.join(OUT, 'src/core/backends/responses.js'));
    const backend = new ResponsesBackend(client, silentLogger);
    const threadRef = await backend.createThread(signal);
    return { route: 'responses', stream: () => backend.streamTurn({ threadRef, model: 'gpt-4.1-mini', instructions: '', parts: ['Explain'], signal }) };
  }
  const { ChatBackend } = require(path.join(OUT, 'src/core/backends/chat/chat-backend.js'));
  const { InMemoryServerMemory } = require(path.join(OUT, 'src/core/backends/server-memory.js'));
  const { TokenCounters } = require(path.join(OUT, 'src/core/tokens/count.js'));
  const turn = { id: 'turn_latency', kind: 'ask', question: 'Explain', attachments: [], createdAt: 0, answer: '', status: 'in_progress' };
  return {
    route: 'chat',
    stream: () => {
      const backend = new ChatBackend({ client, log: silentLogger, counters: new TokenCounters(), memory: new InMemoryServerMemory(), server: fake.url });
      return backend.streamTurn({ threadRef: '', history: [], turn, model: fake.models[0], instructions: '', parts: ['Explain'], signal });
    },
  };
}

/** The figures of one backend; `suffix` names them (`-chat`). */
async function measure(browser, kind, suffix) {
  const { startFakeOpenAI } = require(path.join(OUT, 'test/fake-openai/server.js'));

  // Stamp each marker when the server hands its bytes to the socket.
  const sentAt = new Map();
  const write = http.ServerResponse.prototype.write;
  http.ServerResponse.prototype.write = function (chunk, ...rest) {
    const t = now();
    for (const m of String(chunk).matchAll(/§(\d+)§/g)) if (!sentAt.has(+m[1])) sentAt.set(+m[1], t);
    return write.call(this, chunk, ...rest);
  };

  const fake = await startFakeOpenAI(kind === 'chat' ? { flavour: 'ollama' } : {});
  const page = await openPanel(browser);
  try {
    const backend = await openBackend(kind, fake);
    await post(page, state([turn('latency', 'in_progress')]));
    await frames(page);
    await page.evaluate(() => {
      window.seenAt = {};
      const answer = document.querySelector('section[data-turn-id="latency"] .answer');
      new MutationObserver(() => {
        const t = performance.timeOrigin + performance.now();
        for (const m of answer.textContent.matchAll(/§(\d+)§/g)) if (!(m[1] in window.seenAt)) window.seenAt[m[1]] = t;
      }).observe(document.getElementById('app'), { subtree: true, childList: true, characterData: true });
    });

    const run = async (text) => {
      fake.script(backend.route, { text, delayMs: DELAY_MS });
      for await (const event of backend.stream()) {
        if (event.type === 'text') post(page, { type: 'delta', turnId: 'latency', text: event.delta }).catch(() => {});
      }
      await frames(page, 3);
    };
    await run(script(50, 0)); // warm-up, not counted
    await run(script(DELTAS, 50));

    const offset = await clockOffset(page);
    const seenAt = await page.evaluate(() => window.seenAt);
    const latencies = [];
    for (let n = 50; n < 50 + DELTAS; n++) {
      if (!(n in seenAt) || !sentAt.has(n)) throw new Error(`delta ${n} was not seen in the page`);
      latencies.push(seenAt[n] - offset - sentAt.get(n));
    }
    return {
      [`socket-to-screen-ms-p50${suffix}`]: percentile(latencies, 50).toFixed(1),
      [`socket-to-screen-ms-p99${suffix}`]: percentile(latencies, 99).toFixed(1),
    };
  } finally {
    http.ServerResponse.prototype.write = write;
    await page.close();
    await fake.close();
  }
}

/** Both backends: Responses (as OpenAI) and Chat Completions (as Ollama, `-chat`). */
async function latencyFigures({ browser }) {
  return { ...(await measure(browser, 'responses', '')), ...(await measure(browser, 'chat', '-chat')) };
}

module.exports = { latencyFigures };
