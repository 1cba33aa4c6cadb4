// The extension against a server without the Conversations API (the fake server as Ollama), in the
// real extension host: detected once and remembered, answered through Chat Completions with the
// history kept in VS Code, tools over Chat Completions, no key needed on a loopback address, and the
// hosted-tool commands declining in words rather than failing.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { config, KEY, setUp, type Harness } from './setup';
import { conversationOf } from '../../src/core/threads/server-state';

interface ChatBody {
  model: string;
  stream: boolean;
  messages: Array<{ role: string; content: string | null; tool_call_id?: string; tool_calls?: Array<{ id: string; function: { name: string } }> }>;
  tools?: Array<{ function: { name: string } }>;
}

describe('Chat Completions against an Ollama-like server', () => {
  let h: Harness;
  let ollama: FakeOpenAI;
  const chats = () => ollama.requests.filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions').map((r) => r.body as ChatBody);

  before(async () => {
    h = await setUp();
    ollama = await startFakeOpenAI({ validate: true, flavour: 'ollama' });
    delete process.env.OPENAI_API_KEY; // a local server needs none
    await config().update('model', 'llama3.2:latest', vscode.ConfigurationTarget.Global);
    await config().update('baseUrl', ollama.url, vscode.ConfigurationTarget.Global);
    await h.run('workspaceAssistant.newThread');
  });
  after(async () => {
    process.env.OPENAI_API_KEY = KEY;
    await config().update('model', undefined, vscode.ConfigurationTarget.Global);
    await ollama.close();
    await h.dispose();
  });
  afterEach(() => assert.deepEqual(ollama.violations, []));

  it('Explain Selection: detected once, streamed through chat/completions, no key, no conversation', async () => {
    ollama.script('chat', { text: ['`add` ', 'subtracts.'] });
    await h.selectIn('src/math.ts', 1, 3);
    await h.run('workspaceAssistant.explain');
    const turn = (await h.api.transcript()).at(-1);
    assert.equal(turn?.status, 'completed', JSON.stringify(turn?.error));
    assert.equal(turn?.answer, '`add` subtracts.');
    assert.equal(conversationOf((await h.api.thread())), undefined);
    assert.equal(ollama.requests.filter((r) => r.path === '/v1/conversations').length, 1, 'asked once for the Conversations API');
    const [body] = chats();
    assert.equal(body.stream, true);
    assert.equal(body.model, 'llama3.2:latest');
    assert.deepEqual(body.messages.map((m) => m.role), ['system', 'user']);
    assert.match(body.messages[1].content ?? '', /Selected code from `src\/math\.ts`/);
    assert.equal(ollama.requests.at(-1)?.headers.authorization, undefined, 'no Authorization header to a local server without a key');
  });

  it('a follow-up carries the history; a read_file call gets its result as a tool message', async () => {
    ollama.script('chat', { toolCalls: [{ name: 'read_file', arguments: { path: 'src/math.ts', startLine: null, endLine: null } }] }, { text: 'It exports add.' });
    await h.run('workspaceAssistant.ask', 'What does math.ts export?');
    const turn = (await h.api.transcript()).at(-1);
    assert.equal(turn?.status, 'completed', JSON.stringify(turn?.error));
    assert.deepEqual(turn?.tools?.map((t) => [t.name, t.status]), [['read_file', 'done']]);
    const [first, second] = chats().slice(-2);
    assert.deepEqual(first.messages.map((m) => m.role), ['system', 'user', 'assistant', 'user'], 'the earlier question and answer come first');
    assert.equal(first.messages[2].content, '`add` subtracts.');
    assert.ok(first.tools?.some((t) => t.function.name === 'read_file'), 'tools offered in function format');
    const callId = second.messages.at(-2)?.tool_calls?.[0].id;
    const output = second.messages.at(-1);
    assert.equal(output?.role, 'tool');
    assert.equal(output?.tool_call_id, callId);
    assert.match(output?.content ?? '', /export function average/);
  });

  it('the server stays remembered: a new thread asks no probe again', async () => {
    const probes = ollama.requests.filter((r) => r.path === '/v1/conversations').length;
    ollama.script('chat', { text: 'Fresh.' });
    await h.run('workspaceAssistant.newThread');
    await h.run('workspaceAssistant.ask', 'Hello again');
    assert.equal((await h.api.transcript()).at(-1)?.answer, 'Fresh.');
    assert.equal(ollama.requests.filter((r) => r.path === '/v1/conversations').length, probes);
    assert.deepEqual(chats().at(-1)?.messages.map((m) => m.role), ['system', 'user'], 'a new thread has no history');
  });

  it('Index Workspace Documents and Clean Up Remote Data need OpenAI here: they say so and send nothing', async () => {
    const sent = ollama.requests.length;
    // The warning is shown without waiting for a click: the commands return once it is up.
    await Promise.race([vscode.commands.executeCommand('workspaceAssistant.indexDocuments'), new Promise((r) => setTimeout(r, 2_000))]);
    await Promise.race([vscode.commands.executeCommand('workspaceAssistant.cleanUpRemoteData'), new Promise((r) => setTimeout(r, 2_000))]);
    assert.equal(ollama.requests.length, sent, 'no request to the server');
  });

  it('a model the server does not serve: the turn names the served models and offers Select Model, asked once', async () => {
    await config().update('model', 'not-pulled:7b', vscode.ConfigurationTarget.Global);
    try {
      const before = chats().length;
      await h.run('workspaceAssistant.ask', 'Which model?');
      const turn = (await h.api.transcript()).at(-1);
      assert.equal(turn?.status, 'failed');
      assert.equal(turn?.error?.action, 'selectModel');
      assert.match(turn?.error?.message ?? '', /does not serve the model not-pulled:7b\. It serves: llama3\.2:latest, qwen3:8b\./);
      assert.equal(chats().length, before + 1, 'no retry loop');
    } finally {
      await config().update('model', 'llama3.2:latest', vscode.ConfigurationTarget.Global);
    }
  });
});
