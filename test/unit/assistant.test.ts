// The turn runner against the fake OpenAI server, through the real `openai` SDK.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AskRequest } from '../../src/core/assistant';
import { FileThreadStore, MemoryThreadStore, type ThreadStore } from '../../src/core/threads/thread-store';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { testAssistant } from './support';
import { conversationOf } from '../../src/core/threads/server-state';

const KEY = 'sk-test-0123456789';

const explain: AskRequest = {
  kind: 'explain',
  question: 'Explain what the selected code does.',
  attachments: [{ kind: 'selection', path: 'src/math.ts', languageId: 'typescript', range: { startLine: 3, endLine: 5 }, text: 'export function add(a: number, b: number) {\n  return a - b;\n}' }],
};
const ask = (question: string): AskRequest => ({ kind: 'ask', question, attachments: [] });

describe('Assistant (Responses + Conversations) against the fake server', () => {
  let fake: FakeOpenAI;
  let store: ThreadStore;
  let key: string | undefined;
  let baseUrl: string;
  let idleTimeoutMs: number;

  const make = () => testAssistant(() => ({ store, baseUrl, apiKey: key, idleTimeoutMs }));

  const posts = (path: string) => fake.requests.filter((r) => r.method === 'POST' && r.path === path);

  before(async () => {
    fake = await startFakeOpenAI({ validate: true, apiKeys: [KEY] });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.reset();
    store = new MemoryThreadStore();
    key = KEY;
    baseUrl = fake.url;
    idleTimeoutMs = 10_000;
  });
  afterEach(function () {
    if (this.currentTest?.state === 'passed') assert.deepEqual(fake.violations, [], 'every exchange matches the OpenAI spec');
  });

  it('streams an answer into a new conversation and records usage', async () => {
    fake.script('responses', { text: ['## Add', '\n\nIt subtracts', ' instead of adding.'] });
    const assistant = make();
    await assistant.load();
    const deltas: string[] = [];
    assistant.onEvent((e) => e.type === 'delta' && deltas.push(e.text));
    const turn = await assistant.ask(explain);
    assert.equal(turn.status, 'completed');
    assert.equal(turn.answer, '## Add\n\nIt subtracts instead of adding.');
    assert.deepEqual(deltas, ['## Add', '\n\nIt subtracts', ' instead of adding.']);
    assert.ok(turn.usage && turn.usage.totalTokens > 0);
    assert.equal(posts('/v1/conversations').length, 1);
    const [request] = posts('/v1/responses');
    const body = request.body as { stream: boolean; conversation: string; model: string; input: Array<{ content: Array<{ text: string }> }> };
    assert.equal(body.stream, true);
    assert.match(body.conversation, /^conv_/);
    assert.equal(body.conversation, conversationOf(assistant.currentThread));
    assert.equal(body.model, 'gpt-test');
    const sent = body.input[0].content.map((c) => c.text).join('\n');
    assert.match(sent, /Selected code from `src\/math\.ts` \(typescript, lines 3-5\)/);
    assert.match(sent, /return a - b;/);
  });

  it('puts together frames split at arbitrary byte boundaries, multi-byte characters included', async () => {
    const chunks = ['Héllo — ', 'wörld ✓ ', '🙂 done'];
    fake.script('responses', { text: chunks, splitEvery: 1 }, { text: chunks, splitEvery: 7 });
    const assistant = make();
    await assistant.load();
    assert.equal((await assistant.ask(ask('one byte at a time'))).answer, chunks.join(''));
    assert.equal((await assistant.ask(ask('seven bytes at a time'))).answer, chunks.join(''));
  });

  it('continues the same conversation on the next question; New Thread starts another', async () => {
    const assistant = make();
    await assistant.load();
    await assistant.ask(explain);
    await assistant.ask(ask('And how would you test it?'));
    const conversations = posts('/v1/responses').map((r) => (r.body as { conversation: string }).conversation);
    assert.equal(new Set(conversations).size, 1);
    assert.equal(posts('/v1/conversations').length, 1);
    assert.equal(fake.conversation(conversations[0])?.items.length, 4, 'two questions and two answers');

    await assistant.newThread();
    await assistant.ask(ask('A new topic'));
    assert.equal(posts('/v1/conversations').length, 2);
    const last = posts('/v1/responses').at(-1)?.body as { conversation: string };
    assert.notEqual(last.conversation, conversations[0]);
    assert.equal(assistant.transcript.length, 1);
  });

  it('C3 without a key: says how to set it, sends nothing, and Retry works once a key exists', async () => {
    key = undefined;
    const assistant = make();
    await assistant.load();
    const turn = await assistant.ask(explain);
    assert.equal(turn.status, 'failed');
    assert.equal(turn.error?.kind, 'missing-key');
    assert.equal(turn.error?.action, 'setApiKey');
    assert.match(turn.error?.message ?? '', /Set API Key/);
    assert.equal(fake.requests.length, 0);

    key = KEY;
    const retried = await assistant.retry(turn.id);
    assert.equal(retried?.status, 'completed');
    assert.equal(assistant.transcript.length, 1, 'the question is not duplicated');
    assert.equal(posts('/v1/responses').length, 1);
  });

  it('H4 a refused key (401) is explained in our words, without retrying, and never echoed', async () => {
    key = 'sk-wrong-key-abcdef';
    const assistant = make();
    await assistant.load();
    const turn = await assistant.ask(explain);
    assert.equal(turn.status, 'failed');
    assert.equal(turn.error?.kind, 'auth');
    assert.match(turn.error?.message ?? '', /API key was refused/);
    assert.match(turn.error?.requestId ?? '', /^req_/);
    assert.equal(posts('/v1/conversations').length, 1, 'one attempt, no retry loop');
    assert.ok(!JSON.stringify(turn).includes('sk-wrong-key-abcdef'), 'the key does not appear in the turn');
  });

  it('H5 an unreachable server is reported with its URL, and the question stays for Retry', async () => {
    const closed = await startFakeOpenAI();
    baseUrl = closed.url;
    await closed.close();
    const assistant = make();
    await assistant.load();
    const turn = await assistant.ask(explain);
    assert.equal(turn.status, 'failed');
    assert.equal(turn.error?.kind, 'offline');
    assert.ok(turn.error?.message.includes(baseUrl), turn.error?.message);
    assert.equal(turn.error?.retryable, true);
    assert.equal(assistant.transcript[0].question, explain.question);
  });

  it('H6 a connection dropped mid-stream keeps the partial answer, marked interrupted; the next question works', async () => {
    fake.script('responses', { text: ['first part, ', 'second part, ', 'never sent'], dropAfterFrames: 6 });
    const assistant = make();
    await assistant.load();
    const turn = await assistant.ask(explain);
    assert.equal(turn.status, 'interrupted');
    assert.ok(turn.answer.startsWith('first part, '), JSON.stringify(turn.answer));
    assert.ok(!turn.answer.includes('never sent'));
    const next = await assistant.ask(ask('still there?'));
    assert.equal(next.status, 'completed');
  });

  it('H7 an SSE error event or a malformed frame fails the turn; the next turn works', async () => {
    fake.script('responses', { text: ['a', 'b'], sseErrorAfter: 3 }, { text: ['a', 'b'], malformedFrameAfter: 3 });
    const assistant = make();
    await assistant.load();
    const withError = await assistant.ask(ask('one'));
    assert.ok(['failed', 'interrupted'].includes(withError.status), withError.status);
    assert.equal(withError.error?.kind, 'stream');
    const malformed = await assistant.ask(ask('two'));
    assert.ok(['failed', 'interrupted'].includes(malformed.status), malformed.status);
    assert.equal(malformed.error?.kind, 'stream');
    assert.equal((await assistant.ask(ask('three'))).status, 'completed');
  });

  it('H9 incomplete and failed responses are shown with their reason', async () => {
    fake.script('responses', { status: 'incomplete', incompleteReason: 'max_output_tokens' }, { status: 'failed', failure: { code: 'server_error', message: 'boom' } });
    const assistant = make();
    await assistant.load();
    const incomplete = await assistant.ask(ask('long'));
    assert.equal(incomplete.status, 'incomplete');
    assert.equal(incomplete.statusDetail, 'Stopped: the answer reached the output token limit.');
    const failed = await assistant.ask(ask('fails'));
    assert.equal(failed.status, 'failed');
    assert.match(failed.statusDetail ?? '', /server_error/);
  });

  it('H8 Stop aborts the stream: no further text, status cancelled, the next question works', async () => {
    fake.script('responses', { text: Array.from({ length: 50 }, (_, i) => `w${i} `), delayMs: 20 });
    const assistant = make();
    await assistant.load();
    assistant.onEvent((e) => {
      if (e.type === 'delta' && e.text === 'w2 ') assistant.stop();
    });
    const turn = await assistant.ask(ask('stream'));
    assert.equal(turn.status, 'cancelled');
    assert.ok(!turn.answer.includes('w10 '), turn.answer);
    assert.equal((await assistant.ask(ask('next'))).status, 'completed');
  });

  it('I1 a second question while one streams is queued, not sent in parallel', async () => {
    fake.script('responses', { text: ['slow ', 'answer'], delayMs: 30 });
    const assistant = make();
    await assistant.load();
    const first = assistant.ask(ask('first'));
    const second = assistant.ask(ask('second'));
    assert.equal(assistant.transcript[1].status, 'queued');
    await Promise.all([first, second]);
    const order = fake.requests.filter((r) => r.path === '/v1/responses').length;
    assert.equal(order, 2);
    assert.equal(assistant.transcript[0].status, 'completed');
    assert.equal(assistant.transcript[1].status, 'completed');
  });

  it('survives a reload: the transcript and conversation come back and the next question continues it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wa-store-'));
    try {
      store = new FileThreadStore(dir);
      const before = make();
      await before.load();
      await before.ask(explain);
      const conversationId = conversationOf(before.currentThread);

      store = new FileThreadStore(dir);
      const after = make();
      await after.load();
      assert.equal(conversationOf(after.currentThread), conversationId);
      assert.equal(after.transcript.length, 1);
      assert.equal(after.transcript[0].answer, before.transcript[0].answer);
      await after.ask(ask('continue'));
      const last = posts('/v1/responses').at(-1)?.body as { conversation: string };
      assert.equal(last.conversation, conversationId);
      assert.equal(posts('/v1/conversations').length, 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('I5 a window closing mid-stream saves the partial answer as interrupted, not cancelled', async () => {
    fake.script('responses', { text: Array.from({ length: 40 }, (_, i) => `part${i} `), delayMs: 15 });
    const assistant = make();
    await assistant.load();
    const streaming = new Promise<void>((resolve) => assistant.onEvent((e) => e.type === 'delta' && e.text === 'part3 ' && resolve()));
    const done = assistant.ask(ask('long answer'));
    await streaming;
    await assistant.suspend();
    await done;
    const reloaded = make();
    await reloaded.load();
    const [turn] = reloaded.transcript;
    assert.equal(turn.status, 'interrupted');
    assert.ok(turn.answer.startsWith('part0 part1 part2 part3 '), turn.answer);
    assert.ok(!turn.answer.includes('part39'));
  });

  it('I5 a turn left streaming by a reload is shown as interrupted', async () => {
    const assistant = make();
    await assistant.load();
    const thread = assistant.currentThread;
    await store.saveTurns(thread.id, [{ id: 'turn_x', kind: 'ask', question: 'q', attachments: [], createdAt: 1, answer: 'half', status: 'in_progress' }]);
    const reloaded = make();
    await reloaded.load();
    assert.equal(reloaded.transcript[0].status, 'interrupted');
    assert.equal(reloaded.transcript[0].answer, 'half');
  });
});
