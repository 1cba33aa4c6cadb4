// H9: every terminal status a turn can end in is shown distinctly — through the fake server and
// the real SDK, one row per case: each incomplete reason, each response error code the spec lists.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Assistant } from '../../src/core/assistant';
import { MemoryThreadStore } from '../../src/core/threads/thread-store';
import type { Turn } from '../../src/shared/turn';
import { startFakeOpenAI, type FakeOpenAI, type ScriptedReply } from '../fake-openai/server';
import { testAssistant } from './support';

const KEY = 'sk-test-terminal-status';

/** The ResponseErrorCode enum of the vendored spec, read from the spec itself so a new code shows up here. */
function specErrorCodes(): string[] {
  const spec = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fake-openai', 'spec', 'openapi.yaml'), 'utf8');
  const block = /\n {4}ResponseErrorCode:\n[\s\S]*?enum:\n((?: {8}- \w+\n)+)/.exec(spec);
  assert.ok(block, 'ResponseErrorCode enum found in the spec');
  return block[1].trim().split('\n').map((line) => line.replace(/^\s*- /, ''));
}

interface Case {
  readonly name: string;
  readonly reply: ScriptedReply;
  readonly status: Turn['status'];
  /** Stop the turn as soon as the first text arrives. */
  readonly stop?: boolean;
  readonly idleTimeoutMs?: number;
  readonly code?: string;
}

const CODES = specErrorCodes();
const CASES: Case[] = [
  { name: 'completed', reply: { text: ['done'] }, status: 'completed' },
  { name: 'incomplete: max_output_tokens', reply: { text: ['cut'], status: 'incomplete', incompleteReason: 'max_output_tokens' }, status: 'incomplete' },
  { name: 'incomplete: content_filter', reply: { text: ['cut'], status: 'incomplete', incompleteReason: 'content_filter' }, status: 'incomplete' },
  ...CODES.map((code): Case => ({ name: `failed: ${code}`, reply: { text: ['part'], status: 'failed', failure: { code, message: `The server says ${code}.` } }, status: 'failed', code })),
  { name: 'failed: an SSE error event', reply: { text: ['part'], sseErrorAfter: 3 }, status: 'failed', code: 'server_error' },
  { name: 'cancelled: Stop', reply: { text: ['a ', 'b ', 'c ', 'd'], delayMs: 40 }, status: 'cancelled', stop: true },
  { name: 'expired: no answer within the deadline', reply: { text: ['late'], delayMs: 5_000 }, status: 'expired', idleTimeoutMs: 300 },
  { name: 'interrupted: the connection drops mid-answer', reply: { text: ['half ', 'more'], dropAfterFrames: 5 }, status: 'interrupted' },
];

describe('H9 every terminal status is shown distinctly', () => {
  let fake: FakeOpenAI;
  const shown = new Map<string, string>();

  before(async () => {
    fake = await startFakeOpenAI({ validate: true, apiKeys: [KEY] });
  });
  after(() => fake.close());
  afterEach(function () {
    if (this.currentTest?.state === 'passed') assert.deepEqual(fake.violations, []);
  });

  it('H9 the spec lists the response error codes this table covers', () => {
    assert.ok(CODES.length >= 20, CODES.join());
    for (const code of ['server_error', 'rate_limit_exceeded', 'invalid_prompt', 'vector_store_timeout', 'image_file_not_found']) assert.ok(CODES.includes(code), code);
  });

  for (const c of CASES) {
    it(`H9 ${c.name}`, async () => {
      fake.reset();
      fake.script('responses', c.reply);
      const store = new MemoryThreadStore();
      const assistant: Assistant = testAssistant(() => ({ store, baseUrl: fake.url, apiKey: KEY, idleTimeoutMs: c.idleTimeoutMs ?? 10_000 }));
      await assistant.load();
      if (c.stop) assistant.onEvent((e) => e.type === 'delta' && assistant.stop());
      const turn = await assistant.ask({ kind: 'ask', question: c.name, attachments: [] });

      assert.equal(turn.status, c.status);
      if (c.status === 'completed') {
        assert.equal(turn.statusDetail, undefined);
        assert.equal(turn.error, undefined);
      } else {
        // Something human to show besides the bare status word: a sentence, not a code.
        const said = turn.error?.message ?? turn.statusDetail ?? '';
        assert.match(said, /^[A-Z][^_]*[a-z ]\W*$|^[A-Z].* /, said);
      }
      if (c.code) {
        assert.equal(turn.error?.code, c.code);
        assert.match(turn.error?.requestId ?? '', /^req_/, 'the request id is shown with a failure');
      }
      if (c.status === 'failed' && c.reply.failure) {
        assert.equal(turn.error?.detail, c.reply.failure.message, 'the server\'s own words are kept');
        assert.ok(turn.statusDetail?.includes(c.code ?? '-'), turn.statusDetail);
      }
      if (c.status === 'interrupted') assert.equal(turn.answer, 'half ', 'the partial answer is kept once');

      // What the panel shows for this turn, minus the code/request id: no two cases may read the same.
      const reading = `${turn.status} | ${turn.statusDetail?.replace(/Error code \w+, request \w+\./, '') ?? ''} | ${turn.error?.message ?? ''}`;
      const twin = [...shown].find(([, r]) => r === reading && c.status !== 'failed');
      assert.equal(twin, undefined, `reads the same as ${twin?.[0]}: ${reading}`);
      shown.set(c.name, reading);
    });
  }

  it('H9 every failure code has its own message', () => {
    const failures = CASES.filter((c) => c.status === 'failed' && c.reply.failure).map((c) => shown.get(c.name));
    assert.equal(failures.length, CODES.length, 'every code ran');
    assert.equal(new Set(failures).size, failures.length, failures.join('\n'));
  });
});
