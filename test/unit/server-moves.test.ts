// A thread that moves between servers: from OpenAI (a Conversation) to a local server (history kept
// here) and back. Its state on the server follows it (ThreadSummary.remote), the conversation it
// leaves behind stays known for Clean Up Remote Data, and a new conversation gets the recent turns.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AskRequest } from '../../src/core/assistant';
import { InMemoryServerMemory } from '../../src/core/backends/server-memory';
import { threadRemote } from '../../src/core/cleanup/cleanup';
import { conversationOf, conversationsOf } from '../../src/core/threads/server-state';
import { FileThreadStore, MemoryThreadStore, type ThreadStore } from '../../src/core/threads/thread-store';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { testAssistant } from './support';

const KEY = 'sk-test-0123456789';
const ask = (question: string): AskRequest => ({ kind: 'ask', question, attachments: [] });

describe('a thread moving between servers', () => {
  let openai: FakeOpenAI;
  let ollama: FakeOpenAI;
  let store: ThreadStore;
  let baseUrl: string;
  const memory = new InMemoryServerMemory();
  const make = () => testAssistant(() => ({ store, baseUrl, apiKey: baseUrl === openai.url ? KEY : undefined, requiresApiKey: baseUrl === openai.url, idleTimeoutMs: 10_000, memory, api: 'auto', model: baseUrl === openai.url ? 'gpt-test' : 'llama3.2:latest' }));

  before(async () => {
    openai = await startFakeOpenAI({ validate: true, apiKeys: [KEY] });
    ollama = await startFakeOpenAI({ validate: true, flavour: 'ollama' });
  });
  after(async () => {
    await openai.close();
    await ollama.close();
  });
  beforeEach(() => {
    openai.reset();
    ollama.reset();
    store = new MemoryThreadStore();
  });
  afterEach(() => assert.deepEqual([...openai.violations, ...ollama.violations], []));

  it('OpenAI → Ollama → OpenAI: the history follows, the old conversation is retired, the new one is given the recent turns', async () => {
    baseUrl = openai.url;
    openai.script('responses', { text: 'First answer.' });
    const assistant = make();
    await assistant.load();
    await assistant.ask(ask('First question'));
    const first = conversationOf(assistant.currentThread);
    assert.match(first ?? '', /^conv_/);

    baseUrl = ollama.url; // the user points the setting at a local server
    ollama.script('chat', { text: 'Second answer.' });
    const notices: string[] = [];
    assistant.onEvent((e) => e.type === 'notice' && notices.push(e.text));
    assert.equal((await assistant.ask(ask('Second question'))).status, 'completed');
    const chat = ollama.requests.find((r) => r.path === '/v1/chat/completions')?.body as { messages: Array<{ role: string; content: string }> };
    assert.deepEqual(chat.messages.slice(1).map((m) => m.content), ['First question', 'First answer.', 'Second question'], 'the turn made on OpenAI is in the history');
    assert.deepEqual(assistant.currentThread.remote, { kind: 'chat', server: ollama.url });
    assert.deepEqual(conversationsOf(assistant.currentThread), [first], 'the conversation left behind is still known');
    assert.deepEqual(threadRemote(assistant.currentThread, assistant.transcript).conversations, [first], 'Clean Up Remote Data lists it');

    baseUrl = openai.url; // and back
    openai.script('responses', { text: 'Third answer.' });
    assert.equal((await assistant.ask(ask('Third question'))).status, 'completed');
    const second = conversationOf(assistant.currentThread);
    assert.match(second ?? '', /^conv_/);
    assert.notEqual(second, first, 'a new conversation: the old one misses the turn made elsewhere');
    const carried = openai.conversation(second!)?.items as Array<{ role?: string; content?: unknown }>;
    const texts = carried.map((i) => JSON.stringify(i.content));
    assert.ok(texts.slice(0, 4).every((t, n) => t.includes(['First question', 'First answer.', 'Second question', 'Second answer.'][n])), texts.slice(0, 4).join('\n'));
    assert.ok(notices.some((n) => /continues in a new conversation on this server, which was given its last 2 turn/.test(n)), notices.join('\n'));
    assert.deepEqual(new Set(conversationsOf(assistant.currentThread)), new Set([second, first]));
  });

  it('threads stored before `remote` existed keep their conversation, its waiting calls and last item', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wa-legacy-'));
    try {
      await mkdir(dir, { recursive: true });
      const legacy = { id: 'thread_old', title: 'Old', createdAt: 1, conversationId: 'conv_legacy', pendingToolCalls: ['call_1'], lastItemId: 'msg_9', lastItemTurnId: 'turn_1' };
      await writeFile(join(dir, 'threads.json'), JSON.stringify({ version: 1, index: { activeThreadId: 'thread_old', threads: [legacy] } }));
      const index = await new FileThreadStore(dir).loadIndex();
      assert.deepEqual(index.threads[0], { id: 'thread_old', title: 'Old', createdAt: 1, remote: { kind: 'responses', server: '', conversationId: 'conv_legacy', pendingToolCalls: ['call_1'], lastItemId: 'msg_9', lastItemTurnId: 'turn_1' } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
