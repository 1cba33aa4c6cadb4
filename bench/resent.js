// resent-attachment-bytes: bytes of unchanged attachments sent again over a 10-turn thread about
// the same 5 open files. The real chain: the core's attachment policy and the Assistant (which
// remembers what each answered turn sent) against the fake OpenAI server; the bytes are counted
// in the requests the server received (on Chat Completions: in each request's new user message;
// the earlier turns it repeats are the history, sent by design). Goal 0 on both backends.
'use strict';

const path = require('path');

const OUT = path.join(__dirname, '..', 'out');
const core = (p) => require(path.join(OUT, 'src', 'core', p));

function sourceFile(i) {
  const lines = Array.from({ length: 120 }, (_, n) => `export function f${i}_${n}(x: number): number {\n  return x * ${n} + ${i};\n}`);
  return { kind: 'file', path: `src/module${i}.ts`, languageId: 'typescript', text: lines.join('\n'), explicit: false };
}

/** The 10-turn thread on one backend; returns the requests the fake server received and their file texts. */
async function runThread(api, fake) {
  const { Assistant } = core('assistant');
  const { openBackend } = core('backends/select');
  const { InMemoryServerMemory } = core('backends/server-memory');
  const { TokenCounters } = core('tokens/count');
  const { createClient } = core('client');
  const { MemoryThreadStore } = core('threads/thread-store');
  const { silentLogger } = core('logger');
  const { collectAttachments, PathFilter } = core('attachments');
  const memory = new InMemoryServerMemory();
  const counters = new TokenCounters();
  const assistant = new Assistant({
    store: new MemoryThreadStore(),
    log: silentLogger,
    profile: () => ({ model: 'bench', instructions: 'bench', endpoint: fake.url, idleTimeoutMs: 30_000 }),
    apiKey: async () => 'sk-bench',
    openBackend: (apiKey, needsConversation, signal) =>
      openBackend({ server: fake.url, setting: api, isOpenAI: false, isAzure: false }, { client: createClient({ apiKey, baseUrl: fake.url }), log: silentLogger, memory, counters }, needsConversation, signal),
  });
  await assistant.load();
  const files = Array.from({ length: 5 }, (_, i) => sourceFile(i));
  for (let turn = 1; turn <= 10; turn++) {
    const collected = collectAttachments(files, { filter: new PathFilter(), trusted: true, sent: assistant.sentFiles() });
    await assistant.ask({ kind: 'ask', question: `Question ${turn} about these modules`, attachments: collected.attachments, sentHashes: collected.sentHashes });
  }
}

/** File parts of each request: Responses input parts, or the last user message of a Chat Completions request. */
function fileTexts(request) {
  if (request.path === '/v1/responses') return request.body.input[0].content.map((c) => c.text).filter((t) => t.startsWith('File from'));
  const last = request.body.messages.filter((m) => m.role === 'user').at(-1);
  return last.content.split(/\n\n(?=File from)/).filter((t) => t.startsWith('File from'));
}

async function resentFigures() {
  const { startFakeOpenAI } = require(path.join(OUT, 'test', 'fake-openai', 'server.js'));
  const { UNCHANGED_TEXT } = core('attachments');
  const fake = await startFakeOpenAI({ apiKeys: ['sk-bench'] });
  const figures = {};
  try {
    for (const [api, route, suffix] of [['responses', '/v1/responses', ''], ['chatCompletions', '/v1/chat/completions', '-chat']]) {
      fake.reset();
      await runThread(api, fake);
      const requests = fake.requests.filter((r) => r.method === 'POST' && r.path === route);
      const firstBytes = fileTexts(requests[0]).reduce((n, t) => n + Buffer.byteLength(t), 0);
      let resent = 0;
      for (const r of requests.slice(1)) for (const t of fileTexts(r)) if (!t.includes(UNCHANGED_TEXT)) resent += Buffer.byteLength(t);
      Object.assign(figures, { [`resent-attachment-bytes${suffix}`]: resent, [`first-turn-attachment-bytes${suffix}`]: firstBytes, [`turns-measured${suffix}`]: requests.length });
    }
    return figures;
  } finally {
    await fake.close();
  }
}

module.exports = { resentFigures };
