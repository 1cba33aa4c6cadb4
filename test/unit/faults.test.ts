// API faults (H*) and thread-state cases (I*) of the turn runner, scripted on the fake server.
import assert from 'node:assert/strict';
import type { AssistantEvent } from '../../src/core/assistant';
import { createClient } from '../../src/core/client';
import { MemoryThreadStore, type ThreadStore } from '../../src/core/threads/thread-store';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { testAssistant } from './support';
import { conversationOf } from '../../src/core/threads/server-state';

const KEY = 'sk-test-faults-000';
const ask = (question: string) => ({ kind: 'ask' as const, question, attachments: [] });
const rateLimited = (headers: Record<string, string>, code = 'rate_limit_exceeded') => ({
  error: { status: 429, type: 'requests', code, message: 'Rate limit reached.', headers },
});

describe('faults and thread state (Responses + Conversations)', () => {
  let fake: FakeOpenAI;
  let store: ThreadStore;
  let idleTimeoutMs: number;
  let maxTurnMs: number | undefined;
  let events: AssistantEvent[];

  const make = () => {
    const assistant = testAssistant(() => ({ store, baseUrl: fake.url, apiKey: KEY, idleTimeoutMs, maxTurnMs }));
    assistant.onEvent((e) => events.push(structuredClone(e))); // turns mutate: keep each state as it was
    return assistant;
  };
  const responses = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/responses');
  const statuses = () => events.flatMap((e) => (e.type === 'turn' ? [`${e.turn.status}${e.turn.statusDetail ? `: ${e.turn.statusDetail}` : ''}`] : []));
  const notices = () => events.flatMap((e) => (e.type === 'notice' ? [e.text] : []));

  before(async () => {
    fake = await startFakeOpenAI({ validate: true, apiKeys: [KEY] });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.reset();
    store = new MemoryThreadStore();
    idleTimeoutMs = 10_000;
    maxTurnMs = undefined;
    events = [];
  });
  afterEach(function () {
    if (this.currentTest?.state === 'passed') assert.deepEqual(fake.violations, []);
  });

  it('H1 429 with Retry-After 0.1 then 200: one visible retry, success, the question once in the conversation (H12)', async () => {
    fake.script('responses', rateLimited({ 'retry-after': '0.1' }), { text: ['ok'] });
    const assistant = make();
    await assistant.load();
    const turn = await assistant.ask(ask('retry me'));
    assert.equal(turn.status, 'completed');
    assert.equal(responses().length, 2);
    assert.ok(statuses().some((s) => /^queued: Rate limited by the server; retrying in 1 s$/.test(s)), statuses().join('\n'));
    const items = fake.conversation(conversationOf(assistant.currentThread) ?? '')?.items ?? [];
    assert.equal(items.length, 2, 'one question and one answer');
  });

  it('H1 500 three times: a clear error with the request id after three attempts', async () => {
    const boom = { error: { status: 500, type: 'server_error', message: 'The server had an error.' } };
    fake.script('responses', boom, boom, boom);
    const assistant = make();
    await assistant.load();
    const turn = await assistant.ask(ask('fails'));
    assert.equal(turn.status, 'failed');
    assert.equal(turn.error?.kind, 'server');
    assert.match(turn.error?.requestId ?? '', /^req_/);
    assert.equal(responses().length, 3);
  });

  it('H2 429 with a long Retry-After: no hammering, the wait is stated', async () => {
    fake.script('responses', rateLimited({ 'retry-after': '120' }));
    const assistant = make();
    await assistant.load();
    const turn = await assistant.ask(ask('later'));
    assert.equal(turn.status, 'failed');
    assert.equal(turn.error?.kind, 'rate-limit');
    assert.match(turn.error?.message ?? '', /Try again in 120 s/);
    assert.equal(responses().length, 1);
  });

  it('H3 429 insufficient_quota: a billing message, no retry', async () => {
    fake.script('responses', rateLimited({}, 'insufficient_quota'));
    const assistant = make();
    await assistant.load();
    const turn = await assistant.ask(ask('quota'));
    assert.equal(turn.error?.kind, 'quota');
    assert.match(turn.error?.message ?? '', /quota/);
    assert.equal(responses().length, 1);
  });

  it('H10 a stream that goes silent is given up after the deadline, shown as expired; the next turn works', async () => {
    idleTimeoutMs = 300;
    fake.script('responses', { text: ['never', 'arrives'], delayMs: 5_000 });
    const assistant = make();
    await assistant.load();
    const started = Date.now();
    const turn = await assistant.ask(ask('silent'));
    assert.ok(Date.now() - started < 3_000, 'did not wait for the stream');
    assert.equal(turn.status, 'expired', 'the Responses API has no expired status; a response that never answered is shown as one');
    assert.equal(turn.error?.kind, 'timeout');
    assert.match(turn.error?.message ?? '', /No answer from the server/);
    idleTimeoutMs = 10_000;
    assert.equal((await assistant.ask(ask('next'))).status, 'completed');
  });

  it('F11 a stream that never stops sending is stopped at the turn deadline, its text kept; the next turn works', async () => {
    maxTurnMs = 600;
    fake.script('responses', { text: Array.from({ length: 400 }, (_, i) => `word${i} `), delayMs: 10 });
    const assistant = make();
    await assistant.load();
    const started = Date.now();
    const turn = await assistant.ask(ask('talk forever'));
    assert.ok(Date.now() - started < 3_000, `stopped at the turn deadline, not at the end of the stream (${Date.now() - started} ms)`);
    assert.equal(turn.status, 'interrupted');
    assert.equal(turn.error?.kind, 'timeout');
    assert.match(turn.error?.message ?? '', /took longer than .* minutes, so it was stopped; what arrived is kept/);
    assert.match(turn.answer, /^word0 word1 /, 'the text that arrived is kept');
    assert.doesNotMatch(turn.answer, /word399/);
    maxTurnMs = undefined;
    assert.equal((await assistant.ask(ask('next'))).status, 'completed');
  });

  it('I4 a conversation deleted on the server: a new one is started, with a notice', async () => {
    const assistant = make();
    await assistant.load();
    await assistant.ask(ask('first'));
    const old = conversationOf(assistant.currentThread) ?? '';
    await createClient({ apiKey: KEY, baseUrl: fake.url }).conversations.delete(old);
    const turn = await assistant.ask(ask('second'));
    assert.equal(turn.status, 'completed');
    assert.match(conversationOf(assistant.currentThread) ?? '', /^conv_/);
    assert.notEqual(conversationOf(assistant.currentThread), old);
    assert.ok(notices().some((n) => /no longer exists on the server/.test(n)));
  });

  it('I6 a stored legacy thread_ id is explained and replaced by a new conversation', async () => {
    const seed = make();
    await seed.load();
    const index = await store.loadIndex();
    // As the retired Assistants API's threads were stored: a top-level id, read into `remote` on load.
    Object.assign(index.threads[0], { remote: undefined, conversationId: 'thread_abc123' });
    await store.saveIndex(index);
    const assistant = make();
    await assistant.load();
    assert.ok(notices().some((n) => /retired Assistants API/.test(n)));
    await assistant.ask(ask('continue'));
    assert.match(conversationOf(assistant.currentThread) ?? '', /^conv_/);
    assert.equal(responses().length, 1);
  });

  it('keeps several threads: switch, rename, delete', async () => {
    const assistant = make();
    await assistant.load();
    await assistant.ask(ask('about parsing'));
    const first = assistant.currentThread;
    await assistant.newThread();
    await assistant.ask(ask('about caching'));
    const second = assistant.currentThread;
    assert.deepEqual(assistant.threads.map((t) => t.title).sort(), ['about caching', 'about parsing']);

    assert.equal(await assistant.switchThread(first.id), true);
    assert.equal(assistant.transcript[0].question, 'about parsing');
    await assistant.ask(ask('more parsing'));
    assert.equal((responses().at(-1)?.body as { conversation: string }).conversation, conversationOf(first));

    await assistant.renameThread(second.id, '  Caching notes ');
    assert.equal(assistant.threads.find((t) => t.id === second.id)?.title, 'Caching notes');
    assert.equal((await assistant.turnsOf(second.id))[0].question, 'about caching');

    await assistant.deleteThread(first.id);
    assert.equal(assistant.currentThread.id, second.id, 'the remaining thread becomes active');
    assert.equal(assistant.threads.length, 1);
    assert.deepEqual(await store.loadTurns(first.id), []);
  });
});
