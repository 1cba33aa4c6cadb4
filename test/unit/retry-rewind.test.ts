// H12: a retried turn never appends the user's message twice to the server-side conversation. What
// the failed attempt left there (its question, its tool calls) is removed before it is sent again.
import assert from 'node:assert/strict';
import type { Assistant } from '../../src/core/assistant';
import { MemoryThreadStore } from '../../src/core/threads/thread-store';
import type { ToolRunner } from '../../src/core/tool-loop';
import type { Turn } from '../../src/shared/turn';
import { startFakeOpenAI, type FakeOpenAI, type ScriptedReply } from '../fake-openai/server';
import { testAssistant } from './support';
import { conversationOf } from '../../src/core/threads/server-state';

const KEY = 'sk-test-rewind';
const boom: ScriptedReply = { error: { status: 500, type: 'server_error', message: 'The server had an error.' } };
const echoTool: ToolRunner = {
  definitions: () => [{ type: 'function', name: 'get_selection', description: 'x', parameters: { type: 'object', properties: {}, required: [], additionalProperties: false }, strict: true }],
  run: async () => ({ ok: true, output: '{"selection":null}', summary: 'nothing selected', notices: [] }),
};

describe('H12 a retried turn does not duplicate the question in the conversation', () => {
  let fake: FakeOpenAI;
  let assistant: Assistant;

  const ask = (question: string): Promise<Turn> => assistant.ask({ kind: 'ask', question, attachments: [] });
  const items = () => fake.conversation(conversationOf(assistant.currentThread) ?? '')?.items as Array<{ type: string; role?: string; content?: Array<{ text?: string }> }>;
  const userMessages = (question: string) => items().filter((i) => i.type === 'message' && i.role === 'user' && i.content?.some((c) => c.text?.includes(question))).length;

  before(async () => {
    fake = await startFakeOpenAI({ validate: true, apiKeys: [KEY] });
  });
  after(() => fake.close());
  beforeEach(async () => {
    fake.reset();
    const store = new MemoryThreadStore();
    assistant = testAssistant(() => ({ store, baseUrl: fake.url, apiKey: KEY, idleTimeoutMs: 10_000, tools: echoTool }));
    await assistant.load();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'passed') assert.deepEqual(fake.violations, []);
  });

  it('H12 retrying an incomplete answer (stored by the server) sends the question once', async () => {
    fake.script('responses', { text: 'First', status: 'incomplete', incompleteReason: 'max_output_tokens' });
    const turn = await ask('Explain the cache');
    assert.equal(turn.status, 'incomplete');
    assert.equal(userMessages('Explain the cache'), 1);
    fake.script('responses', { text: 'Whole answer.' });
    const retried = await assistant.retry(turn.id);
    assert.equal(retried?.status, 'completed');
    assert.equal(userMessages('Explain the cache'), 1, 'the question is in the conversation once');
    assert.equal(items().filter((i) => i.type === 'message' && i.role === 'assistant').length, 1, 'the cut answer was removed too');
  });

  it('H12 retrying after a failed tool round removes the stored question and calls, so nothing waits for an output', async () => {
    fake.script('responses', { toolCalls: [{ name: 'get_selection', arguments: {} }] }, boom, boom, boom);
    const turn = await ask('What is selected?');
    assert.equal(turn.status, 'failed');
    assert.equal(userMessages('What is selected?'), 1);
    fake.script('responses', { text: 'Nothing is selected.' });
    const retried = await assistant.retry(turn.id);
    assert.equal(retried?.status, 'completed', JSON.stringify(retried?.error));
    assert.equal(userMessages('What is selected?'), 1);
    assert.equal(items().filter((i) => i.type === 'function_call').length, 0);
  });

  it('H12 a question that never reached the server is simply sent again', async () => {
    fake.script('responses', boom, boom, boom);
    const turn = await ask('Try later');
    assert.equal(turn.status, 'failed');
    fake.script('responses', { text: 'ok' });
    await assistant.retry(turn.id);
    assert.equal(userMessages('Try later'), 1);
    assert.equal(fake.requests.filter((r) => r.method === 'DELETE').length, 0, 'nothing to remove');
  });

  it('H12 retrying an older turn leaves the later turns in the conversation', async () => {
    fake.script('responses', { text: 'Cut', status: 'incomplete', incompleteReason: 'max_output_tokens' }, { text: 'Second answer.' });
    const first = await ask('First question');
    await ask('Second question');
    fake.script('responses', { text: 'Again.' });
    await assistant.retry(first.id);
    assert.equal(userMessages('Second question'), 1, 'the later turn is still there');
    assert.ok(items().some((i) => i.type === 'message' && i.role === 'assistant' && i.content?.some((c) => c.text === 'Second answer.')));
  });
});
