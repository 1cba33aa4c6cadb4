// The assistant on servers without the Conversations API, through the real SDK against the fake
// server in each server's flavour: detection, the history it sends, tools, reasoning, refusals.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AskRequest } from '../../src/core/assistant';
import { InMemoryServerMemory } from '../../src/core/backends/server-memory';
import type { ApiSetting } from '../../src/core/backends/select';
import { FileThreadStore, MemoryThreadStore, type ThreadStore } from '../../src/core/threads/thread-store';
import type { ToolRunner } from '../../src/core/tool-loop';
import { TOOL_DEFINITIONS } from '../../src/core/tools';
import type { FakeOpenAI } from '../fake-openai/server';
import { testAssistant } from './support';
import { conversationOf } from '../../src/core/threads/server-state';
import { useFlavouredFakes } from './flavoured-fakes';

const ask = (question: string): AskRequest => ({ kind: 'ask', question, attachments: [] });

interface ChatBody {
  model: string;
  stream: boolean;
  stream_options?: { include_usage: boolean };
  tools?: Array<{ type: string; function: { name: string } }>;
  tool_choice?: string;
  messages: Array<{ role: string; content: string | null; tool_calls?: Array<{ id: string; function: { name: string; arguments: string }; extra_content?: unknown }>; tool_call_id?: string; reasoning_content?: string }>;
}

/** read_file answers with the file's name; every other tool is unknown to this runner. */
const tools: ToolRunner = {
  definitions: () => TOOL_DEFINITIONS.filter((d) => d.name === 'read_file'),
  run: async (call) => ({ ok: true, output: `contents of ${(JSON.parse(call.arguments) as { path: string }).path}`, summary: 'read', notices: [] }),
};

describe('Assistant on Chat Completions (servers without the Conversations API)', () => {
  const fakes = useFlavouredFakes();
  const server = fakes.get;
  let store: ThreadStore;
  let memory: InMemoryServerMemory;

  const chatBodies = (fake: FakeOpenAI) => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions').map((r) => r.body as ChatBody);
  /** Hosted services (OpenAI, DeepSeek…) want a key even on the fake; local servers (Ollama…) do not. */
  const make = (fake: FakeOpenAI, o: { api?: ApiSetting; model?: string; withTools?: boolean; maxContextTokens?: number; contextWindows?: boolean } = {}) =>
    testAssistant(() => ({ store, baseUrl: fake.url, apiKey: ['openai', 'deepseek', 'groq', 'openrouter', 'mistral', 'gemini', 'azure'].includes(fake.flavour) ? 'sk-hosted-0123456789' : undefined, requiresApiKey: false, idleTimeoutMs: 10_000, memory, api: o.api ?? 'auto', model: o.model ?? 'llama3.2:latest', tools: o.withTools ? tools : undefined, maxContextTokens: o.maxContextTokens, contextWindows: o.contextWindows }));

  beforeEach(() => {
    store = new MemoryThreadStore();
    memory = new InMemoryServerMemory();
  });

  it('Ollama: detects that there is no Conversations API once, then streams Chat Completions with the history', async () => {
    const fake = await server('ollama');
    fake.script('chat', { text: ['It ', 'adds.'] }, { text: 'Yes.' });
    const assistant = make(fake);
    await assistant.load();
    const first = await assistant.ask(ask('What does add do?'));
    assert.equal(first.status, 'completed', JSON.stringify(first.error));
    assert.equal(first.answer, 'It adds.');
    assert.equal(memory.get(fake.url).api, 'chatCompletions');
    const second = await assistant.ask(ask('Sure?'));
    assert.equal(second.answer, 'Yes.');

    assert.equal(fake.requests.filter((r) => r.path === '/v1/conversations').length, 1, 'probed once, remembered');
    assert.equal(fake.requests.filter((r) => r.path === '/v1/responses').length, 0);
    const [a, b] = chatBodies(fake);
    assert.equal(a.stream, true);
    assert.deepEqual(a.stream_options, { include_usage: true });
    assert.equal(a.model, 'llama3.2:latest');
    assert.deepEqual(a.messages.map((m) => m.role), ['system', 'user']);
    assert.deepEqual(b.messages.map((m) => [m.role, m.content]), [['system', a.messages[0].content], ['user', 'What does add do?'], ['assistant', 'It adds.'], ['user', 'Sure?']]);
    assert.equal(conversationOf(assistant.currentThread), undefined, 'no server-side conversation');
    assert.deepEqual(fake.violations, []);
  });

  it('vLLM ({"detail":"Not Found"}) and llama.cpp: a first answer', async () => {
    for (const flavour of ['vllm', 'llamacpp'] as const) {
      const fake = await server(flavour);
      fake.script('chat', { text: 'Hello from the server.' });
      const assistant = make(fake, { model: fake.models[0] });
      await assistant.load();
      const turn = await assistant.ask(ask('Hi'));
      assert.equal(turn.status, 'completed', `${flavour}: ${JSON.stringify(turn.error)}`);
      assert.equal(turn.answer, 'Hello from the server.');
      assert.equal(memory.get(fake.url).api, 'chatCompletions');
      assert.deepEqual(fake.violations, [], flavour);
    }
  });

  it('a loopback server without a key: no Authorization header, no prompt', async () => {
    const fake = await server('ollama');
    fake.script('chat', { text: 'ok' });
    const assistant = make(fake, { api: 'chatCompletions' });
    await assistant.load();
    const turn = await assistant.ask(ask('Hi'));
    assert.equal(turn.status, 'completed', JSON.stringify(turn.error));
    const request = fake.requests.find((r) => r.path === '/v1/chat/completions');
    assert.equal(request?.headers.authorization, undefined);
  });

  it('the setting overrides detection: chatCompletions never probes', async () => {
    const fake = await server('openai');
    fake.script('chat', { text: 'ok' });
    const assistant = make(fake, { api: 'chatCompletions', model: 'gpt-4.1-mini' });
    await assistant.load();
    assert.equal((await assistant.ask(ask('Hi'))).status, 'completed');
    assert.equal(fake.requests.filter((r) => r.path === '/v1/conversations').length, 0);
  });

  it('a read_file call and its result: tool_calls, one tool message per call id, then the answer; the next turn replays them', async () => {
    const fake = await server('ollama');
    fake.script('chat', { toolCalls: [{ name: 'read_file', arguments: { path: 'src/a.ts', startLine: null, endLine: null } }, { name: 'delete_everything', arguments: {} }] }, { text: 'It exports f.' }, { text: 'Done.' });
    const assistant = make(fake, { withTools: true });
    await assistant.load();
    const turn = await assistant.ask(ask('What is in src/a.ts?'));
    assert.equal(turn.status, 'completed', JSON.stringify(turn.error));
    assert.equal(turn.answer, 'It exports f.');
    assert.deepEqual(turn.tools?.map((t) => [t.name, t.status]), [['read_file', 'done'], ['delete_everything', 'refused']]);
    const [first, second] = chatBodies(fake);
    assert.deepEqual(first.tools?.map((t) => t.function.name), ['read_file']);
    assert.equal(first.tool_choice, 'auto');
    const calls = second.messages.at(-3);
    assert.equal(calls?.role, 'assistant');
    const ids = calls?.tool_calls?.map((c) => c.id) ?? [];
    assert.equal(ids.length, 2);
    const outputs = second.messages.slice(-2);
    assert.deepEqual(outputs.map((m) => [m.role, m.tool_call_id]), [['tool', ids[0]], ['tool', ids[1]]]);
    assert.equal(outputs[0].content, 'contents of src/a.ts');
    assert.match(outputs[1].content ?? '', /unknown tool delete_everything/, 'an unknown function gets an error result the model can recover from');

    await assistant.ask(ask('Thanks'));
    const third = chatBodies(fake)[2];
    assert.deepEqual(third.messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool', 'tool', 'assistant', 'user']);
    assert.deepEqual(fake.violations, []);
  });

  it('every server\'s way of refusing tools is recognised: asked again once without them', async () => {
    for (const flavour of ['vllm', 'llamacpp', 'openrouter', 'gemini', 'azure', 'groq', 'deepseek', 'mistral'] as const) {
      const fake = await server(flavour, { toolModels: [] });
      fake.script('chat', { text: 'Without tools.' });
      const assistant = make(fake, { api: 'chatCompletions', model: fake.models[0], withTools: true });
      await assistant.load();
      const turn = await assistant.ask(ask('Read a.ts'));
      assert.equal(turn.status, 'completed', `${flavour}: ${JSON.stringify(turn.error)}`);
      assert.deepEqual(chatBodies(fake).map((b) => Boolean(b.tools)), [true, false], flavour);
    }
  });

  it('a model that rejects tools is asked again once without them, with a notice, and remembered', async () => {
    const fake = await server('ollama', { toolModels: [] });
    fake.script('chat', { text: 'No tools here.' }, { text: 'Still none.' });
    const assistant = make(fake, { withTools: true });
    await assistant.load();
    const notices: string[] = [];
    assistant.onEvent((e) => e.type === 'notice' && notices.push(e.text));
    const turn = await assistant.ask(ask('Read a.ts'));
    assert.equal(turn.status, 'completed', JSON.stringify(turn.error));
    assert.equal(turn.answer, 'No tools here.');
    assert.ok(notices.some((n) => /does not support tools/.test(n)), notices.join('\n'));
    await assistant.ask(ask('Again'));
    const bodies = chatBodies(fake);
    assert.deepEqual(bodies.map((b) => Boolean(b.tools)), [true, false, false], 'refused once, then asked without tools from then on');
    assert.deepEqual(memory.get(fake.url).modelsWithoutTools, ['llama3.2:latest']);
  });

  it('a server that refuses stream_options is asked again without, once, and remembered', async () => {
    const fake = await server('llamacpp', { rejectStreamOptions: true });
    fake.script('chat', { text: 'fine' }, { text: 'fine again' });
    const assistant = make(fake, { api: 'chatCompletions' });
    await assistant.load();
    assert.equal((await assistant.ask(ask('Hi'))).status, 'completed');
    assert.equal((await assistant.ask(ask('Hi'))).status, 'completed');
    assert.deepEqual(chatBodies(fake).map((b) => Boolean(b.stream_options)), [true, false, false]);
  });

  it('reasoning goes to the Thinking section, never into the answer or the history', async () => {
    for (const flavour of ['ollama', 'deepseek', 'groq'] as const) {
      const fake = await server(flavour);
      fake.script('chat', { reasoning: ['The user ', 'wants a sum.'], text: 'It is 4.' }, { text: 'ok' });
      const assistant = make(fake, { api: 'chatCompletions', model: fake.models[0] });
      await assistant.load();
      const reasoning: string[] = [];
      assistant.onEvent((e) => e.type === 'reasoning' && reasoning.push(e.text));
      const turn = await assistant.ask(ask('2+2?'));
      assert.equal(turn.answer, 'It is 4.', flavour);
      assert.equal(turn.reasoning, 'The user wants a sum.', flavour);
      assert.equal(reasoning.join(''), 'The user wants a sum.', flavour);
      await assistant.ask(ask('next'));
      const replayed = JSON.stringify(chatBodies(fake)[1].messages);
      assert.ok(!replayed.includes('wants a sum'), `${flavour}: reasoning is not sent back as answer text`);
    }
  });

  it('DeepSeek: the reasoning of a tool turn is sent back as reasoning_content on the call message', async () => {
    const fake = await server('deepseek');
    fake.script('chat', { reasoning: 'Need the file.', toolCalls: [{ name: 'read_file', arguments: { path: 'a.ts', startLine: null, endLine: null } }] }, { text: 'Done.' });
    const assistant = make(fake, { api: 'chatCompletions', model: fake.models[0], withTools: true });
    await assistant.load();
    assert.equal((await assistant.ask(ask('Read a.ts'))).status, 'completed');
    const call = chatBodies(fake)[1].messages.find((m) => m.tool_calls);
    assert.equal(call?.reasoning_content, 'Need the file.');
  });

  it('Gemini: the thought signatures of a tool turn go back with the calls (it refuses the request otherwise)', async () => {
    const fake = await server('gemini');
    fake.script('chat', { toolCalls: [{ name: 'read_file', arguments: { path: 'a.ts', startLine: null, endLine: null } }] }, { text: 'Read it.' });
    const assistant = make(fake, { api: 'chatCompletions', model: fake.models[0], withTools: true });
    await assistant.load();
    const turn = await assistant.ask(ask('Read a.ts'));
    assert.equal(turn.status, 'completed', JSON.stringify(turn.error));
    const call = chatBodies(fake)[1].messages.find((m) => m.tool_calls)?.tool_calls?.[0];
    assert.ok(call && typeof (call.extra_content as { google?: { thought_signature?: string } })?.google?.thought_signature === 'string');
  });

  it('the history is trimmed to the budget with a notice, and survives a reload (local transcript)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wa-chat-'));
    try {
      store = new FileThreadStore(dir);
      const fake = await server('ollama');
      fake.script('chat', ...Array.from({ length: 6 }, (_, i) => ({ text: `Answer ${i} ${'z'.repeat(1_500)}` })));
      let assistant = make(fake, { api: 'chatCompletions', maxContextTokens: 1_000 });
      await assistant.load();
      for (let i = 0; i < 4; i++) await assistant.ask(ask(`Question ${i}`));
      await assistant.idle();

      store = new FileThreadStore(dir); // a reload: a new store and assistant on the same folder
      assistant = make(fake, { api: 'chatCompletions', maxContextTokens: 1_000 });
      await assistant.load();
      const notices: string[] = [];
      assistant.onEvent((e) => e.type === 'notice' && notices.push(e.text));
      await assistant.ask(ask('Question after reload'));
      const last = chatBodies(fake).at(-1)!;
      const users = last.messages.filter((m) => m.role === 'user').map((m) => m.content);
      assert.equal(users.at(-1), 'Question after reload');
      assert.ok(users.includes('Question 3'), 'the newest earlier turn is sent after the reload');
      assert.ok(!users.includes('Question 0'), 'the oldest is trimmed');
      assert.ok(notices.some((n) => /does not see the \d+ earlier turns? of this thread/.test(n)), notices.join('\n'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("Ollama's 4,096-token window: the history is fitted to it and the panel says how to raise it", async () => {
    const fake = await server('ollama', { contextLength: 4096 });
    fake.script('chat', ...Array.from({ length: 5 }, (_, i) => ({ text: `Answer ${i} ${'w'.repeat(3_000)}` })));
    const assistant = make(fake, { api: 'chatCompletions', contextWindows: true });
    await assistant.load();
    const notices: string[] = [];
    assistant.onEvent((e) => e.type === 'notice' && notices.push(e.text));
    for (let i = 0; i < 5; i++) await assistant.ask(ask(`Question ${i}`));
    const last = chatBodies(fake).at(-1)!;
    const chars = last.messages.reduce((n, m) => n + (m.content?.length ?? 0), 0);
    assert.ok(chars / 4 < 4096, `the request fits the window (${chars} characters)`);
    assert.ok(notices.some((n) => /runs on this server with a context of 4,096 tokens.*OLLAMA_CONTEXT_LENGTH/.test(n)), notices.join('\n'));
  });

  it('a model the server does not serve fails with a clear error and no retry loop', async () => {
    const fake = await server('ollama');
    const assistant = make(fake, { api: 'chatCompletions', model: 'not-pulled:7b' });
    await assistant.load();
    const turn = await assistant.ask(ask('Hi'));
    assert.equal(turn.status, 'failed');
    assert.equal(turn.error?.kind, 'not-found');
    assert.equal(turn.error?.action, 'selectModel');
    assert.match(turn.error?.message ?? '', /does not serve the model not-pulled:7b\. It serves: llama3\.2:latest, qwen3:8b\. Run Select Model/);
    assert.equal(chatBodies(fake).length, 1, 'asked once');
  });

  it('a model the server does not serve, when it serves exactly one: that one is used, with a notice', async () => {
    const fake = await server('ollama', { models: ['qwen3:8b'] });
    fake.script('chat', { text: 'From qwen.' });
    const assistant = make(fake, { api: 'chatCompletions', model: 'llama3.2:latest' });
    await assistant.load();
    const notices: string[] = [];
    assistant.onEvent((e) => e.type === 'notice' && notices.push(e.text));
    const turn = await assistant.ask(ask('Hi'));
    assert.equal(turn.status, 'completed', JSON.stringify(turn.error));
    assert.equal(turn.answer, 'From qwen.');
    assert.deepEqual(chatBodies(fake).map((b) => b.model), ['llama3.2:latest', 'qwen3:8b']);
    assert.ok(notices.some((n) => /does not serve llama3\.2:latest.*qwen3:8b, the only model it serves/.test(n)), notices.join('\n'));
  });
});
