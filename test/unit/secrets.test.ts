// B3: what the host posts to the webview is built from the assistant's thread, transcript and events
// (src/host/extension.ts: state = { thread, turns, backendLabel, demo, hasApiKey }; turn, delta and
// notice messages from assistant.onEvent). None of it may hold the API key, also when the key is
// rejected (a 401 quotes it, masked) or the server fails.
import assert from 'node:assert/strict';
import type { AssistantEvent } from '../../src/core/assistant';
import { MemoryThreadStore } from '../../src/core/threads/thread-store';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { testAssistant } from './support';

const KEY = 'sk-b3-SECRET-key-0123456789abcdef';
const WRONG_KEY = 'sk-b3-WRONG-key-fedcba9876543210';

describe('B3 no secret is ever posted to the webview', () => {
  let fake: FakeOpenAI;
  before(async () => {
    fake = await startFakeOpenAI({ apiKeys: [KEY] });
  });
  after(() => fake.close());

  it('B3 state, turn, delta and notice messages carry no API key: success, rejected key, server error', async () => {
    const store = new MemoryThreadStore();
    let apiKey = KEY;
    const assistant = testAssistant(() => ({ store, baseUrl: fake.url, apiKey, idleTimeoutMs: 10_000 }));
    const posted: unknown[] = [];
    assistant.onEvent((e: AssistantEvent) => posted.push(structuredClone(e)));
    await assistant.load();
    fake.script('responses', { text: ['Hello ', 'there.'] });
    assert.equal((await assistant.ask({ kind: 'ask', question: 'hi', attachments: [] })).status, 'completed');
    fake.script('responses', { error: { status: 500, type: 'server_error', message: 'The server had an error.' } }, { error: { status: 500, type: 'server_error', message: 'The server had an error.' } }, { error: { status: 500, type: 'server_error', message: 'The server had an error.' } });
    await assistant.ask({ kind: 'ask', question: 'again', attachments: [] });
    apiKey = WRONG_KEY;
    const rejected = await assistant.ask({ kind: 'ask', question: 'with a wrong key', attachments: [] });
    assert.equal(rejected.status, 'failed');
    // What PanelState holds besides two labels and two booleans.
    const state = { thread: assistant.currentThread, turns: assistant.transcript };
    const everything = JSON.stringify({ state, posted });
    assert.ok(everything.includes('Hello there.'), 'negative control: the posted data is what the panel shows');
    assert.equal(rejected.error?.kind, 'auth');
    for (const secret of [KEY, WRONG_KEY, KEY.slice(-16), WRONG_KEY.slice(-16)]) assert.ok(!everything.includes(secret), `found ${secret}`);
  });
});
