// I2: after a failure the thread is not left locked. Each way a turn can end badly is followed by
// a question that must complete in the same conversation, with nothing left queued or running.
import assert from 'node:assert/strict';
import type { Assistant } from '../../src/core/assistant';
import { MemoryThreadStore } from '../../src/core/threads/thread-store';
import { isFinalStatus, type Turn } from '../../src/shared/turn';
import { startFakeOpenAI, type FakeOpenAI, type ScriptedReply } from '../fake-openai/server';
import { testAssistant } from './support';
import { conversationOf } from '../../src/core/threads/server-state';

const KEY = 'sk-test-next-turn';
const boom: ScriptedReply = { error: { status: 500, type: 'server_error', message: 'The server had an error.' } };

interface Case {
  readonly name: string;
  readonly replies: ScriptedReply[];
  readonly status: Turn['status'];
  readonly stop?: boolean;
  readonly idleTimeoutMs?: number;
}

const CASES: Case[] = [
  { name: '500 three times', replies: [boom, boom, boom], status: 'failed' },
  { name: 'a failed response', replies: [{ status: 'failed', failure: { code: 'server_error', message: 'boom' } }], status: 'failed' },
  { name: 'an SSE error event', replies: [{ text: ['x'], sseErrorAfter: 3 }], status: 'failed' },
  { name: 'a malformed frame', replies: [{ text: ['x'], malformedFrameAfter: 3 }], status: 'failed' },
  { name: 'a dropped connection', replies: [{ text: ['half ', 'more'], dropAfterFrames: 5 }], status: 'interrupted' },
  { name: 'Stop', replies: [{ text: ['a ', 'b ', 'c ', 'd ', 'e'], delayMs: 40 }], status: 'cancelled', stop: true },
  { name: 'the deadline', replies: [{ text: ['late'], delayMs: 3_000 }], status: 'expired', idleTimeoutMs: 250 },
];

describe('I2 after a failure the next turn works', () => {
  let fake: FakeOpenAI;
  let idleTimeoutMs: number;

  const make = async (): Promise<Assistant> => {
    const store = new MemoryThreadStore();
    const assistant = testAssistant(() => ({ store, baseUrl: fake.url, apiKey: KEY, idleTimeoutMs }));
    await assistant.load();
    return assistant;
  };
  const responsePosts = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/responses');

  before(async () => {
    fake = await startFakeOpenAI({ validate: true, apiKeys: [KEY] });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());
  afterEach(function () {
    if (this.currentTest?.state === 'passed') assert.deepEqual(fake.violations, []);
  });

  for (const c of CASES) {
    it(`I2 after ${c.name}: nothing stays running or queued, and the next question completes in the same conversation`, async () => {
      idleTimeoutMs = c.idleTimeoutMs ?? 10_000;
      fake.script('responses', ...c.replies);
      const assistant = await make();
      const stopper = c.stop ? assistant.onEvent((e) => e.type === 'delta' && assistant.stop()) : undefined;
      const first = await assistant.ask({ kind: 'ask', question: `first (${c.name})`, attachments: [] });
      stopper?.dispose();
      assert.equal(first.status, c.status);
      assert.equal(assistant.busy, false, 'no turn holds the thread');
      assert.ok(assistant.transcript.every((t) => isFinalStatus(t.status)), 'nothing left queued locally');

      idleTimeoutMs = 10_000;
      const second = await assistant.ask({ kind: 'ask', question: 'second', attachments: [] });
      assert.equal(second.status, 'completed');
      assert.equal(second.answer.length > 0, true);
      const last = responsePosts().at(-1)?.body as { conversation: string };
      assert.equal(last.conversation, conversationOf(assistant.currentThread), 'the same conversation continues');
      // Streamed, non-background responses cannot be cancelled through the API (see turn-runner.ts):
      // the extension ends them by closing the stream and sends no cancel request.
      assert.equal(fake.requests.filter((r) => /\/cancel$/.test(r.path)).length, 0);
    });
  }

  it('I2 a question queued behind one that fails is sent afterwards, not lost or stuck', async () => {
    idleTimeoutMs = 10_000;
    fake.script('responses', boom, boom, boom, { text: ['fine'] });
    const assistant = await make();
    const failing = assistant.ask({ kind: 'ask', question: 'fails', attachments: [] });
    const queued = assistant.ask({ kind: 'ask', question: 'waits', attachments: [] });
    assert.equal((await failing).status, 'failed');
    const after = await queued;
    assert.equal(after.status, 'completed');
    assert.equal(after.answer, 'fine');
    assert.equal(assistant.busy, false);
  });
});
