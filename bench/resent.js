// resent-attachment-bytes: bytes of unchanged attachments sent again over a 10-turn thread about
// the same 5 open files. The real chain: the core's attachment policy and the Assistant (which
// remembers what each answered turn sent) against the fake OpenAI server; the bytes are counted
// in the requests the server received. Goal 0.
'use strict';

const path = require('path');

const OUT = path.join(__dirname, '..', 'out');
const core = (p) => require(path.join(OUT, 'src', 'core', p));

function sourceFile(i) {
  const lines = Array.from({ length: 120 }, (_, n) => `export function f${i}_${n}(x: number): number {\n  return x * ${n} + ${i};\n}`);
  return { kind: 'file', path: `src/module${i}.ts`, languageId: 'typescript', text: lines.join('\n'), explicit: false };
}

async function resentFigures() {
  const { startFakeOpenAI } = require(path.join(OUT, 'test', 'fake-openai', 'server.js'));
  const { Assistant } = core('assistant');
  const { ResponsesBackend } = core('backends/responses');
  const { createClient } = core('client');
  const { MemoryThreadStore } = core('thread-store');
  const { silentLogger } = core('logger');
  const { collectAttachments, PathFilter, UNCHANGED_TEXT } = core('attachments');
  const fake = await startFakeOpenAI({ apiKeys: ['sk-bench'] });
  try {
    const assistant = new Assistant({
      store: new MemoryThreadStore(),
      log: silentLogger,
      profile: () => ({ model: 'bench', instructions: 'bench', endpoint: fake.url, idleTimeoutMs: 30_000 }),
      apiKey: async () => 'sk-bench',
      createBackend: (apiKey) => new ResponsesBackend(createClient({ apiKey, baseUrl: fake.url }), silentLogger),
    });
    await assistant.load();
    const files = Array.from({ length: 5 }, (_, i) => sourceFile(i));
    for (let turn = 1; turn <= 10; turn++) {
      const collected = collectAttachments(files, { filter: new PathFilter(), trusted: true, sent: assistant.sentFiles() });
      await assistant.ask({ kind: 'ask', question: `Question ${turn} about these modules`, attachments: collected.attachments, sentHashes: collected.sentHashes });
    }
    const requests = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/responses');
    const fileParts = (r) => r.body.input[0].content.map((c) => c.text).filter((t) => t.startsWith('File from'));
    const firstBytes = fileParts(requests[0]).reduce((n, t) => n + Buffer.byteLength(t), 0);
    let resent = 0;
    for (const r of requests.slice(1)) for (const t of fileParts(r)) if (!t.includes(UNCHANGED_TEXT)) resent += Buffer.byteLength(t);
    return { 'resent-attachment-bytes': resent, 'first-turn-attachment-bytes': firstBytes, 'turns-measured': requests.length };
  } finally {
    await fake.close();
  }
}

module.exports = { resentFigures };
