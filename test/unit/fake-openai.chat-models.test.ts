// The models each server flavour lists (GET /v1/models, in its own shape) and what it says about them on
// its own routes at the server root (Ollama /api/show, LM Studio /api/v0/models, llama.cpp /props); and
// `npm run fake-openai` with FLAVOUR=… .
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import { FLAVOURS, startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions, type Flavour } from '../fake-openai/server';

type Json = Record<string, unknown>;
const MAIN = path.resolve(__dirname, '..', 'fake-openai', 'main.js');

describe('fake-openai: models in server flavours', function () {
  this.timeout(60_000);
  const servers: FakeOpenAI[] = [];
  async function server(flavour: Flavour, extra: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
    const fake = await startFakeOpenAI({ validate: true, flavour, ...extra });
    servers.push(fake);
    return fake;
  }
  after(async () => { await Promise.all(servers.map((f) => f.close())); });
  afterEach(function () {
    if (this.currentTest?.state === 'passed') for (const fake of servers) assert.deepEqual(fake.violations, [], fake.flavour);
  });

  const root = (fake: FakeOpenAI): string => fake.url.replace(/\/v1$/, '');
  const getJson = async (url: string): Promise<Json> => (await (await fetch(url, { headers: { authorization: 'Bearer k' } })).json()) as Json;

  it('GET /v1/models lists options.models, or the flavour\'s defaults, through the SDK', async () => {
    for (const flavour of FLAVOURS) {
      const fake = await server(flavour);
      const list = await new OpenAI({ baseURL: fake.url, apiKey: 'k', maxRetries: 0 }).models.list();
      const ids = list.data.map((m) => m.id);
      if (flavour === 'gemini') assert.deepEqual(ids, fake.models.map((m) => `models/${m}`));
      else assert.deepEqual(ids, fake.models, flavour);
    }
    const ollama = await server('ollama');
    assert.deepEqual(ollama.models, ['llama3.2:latest', 'qwen3:8b']);
    const custom = await server('vllm', { models: ['my/model'] });
    assert.deepEqual(((await getJson(`${custom.url}/models`)).data as Json[]).map((m) => m.id), ['my/model']);
  });

  it('each flavour\'s model object: owned_by library (Ollama), max_model_len (vLLM), context_length (OpenRouter), …', async () => {
    const first = async (flavour: Flavour, extra: FakeOpenAIOptions = {}): Promise<Json> => ((await getJson(`${(await server(flavour, extra)).url}/models`)).data as Json[])[0];
    const ollama = await first('ollama', { models: ['llama3.2:latest', 'hf.co/bartowski/x:Q4'] });
    assert.deepEqual(Object.keys(ollama).sort(), ['created', 'id', 'object', 'owned_by']);
    assert.equal(ollama.owned_by, 'library');
    const namespaced = ((await getJson(`${servers.at(-1)!.url}/models`)).data as Json[])[1];
    assert.equal(namespaced.owned_by, 'bartowski');
    assert.equal((await first('vllm', { contextLength: 8192 })).max_model_len, 8192);
    assert.equal((await first('vllm')).owned_by, 'vllm');
    assert.equal((await first('openrouter', { contextLength: 200000 })).context_length, 200000);
    assert.equal((await first('groq')).context_window, 32768);
    assert.equal((await first('mistral', { contextLength: 128000 })).max_context_length, 128000);
    assert.equal((await first('llamacpp')).owned_by, 'llamacpp');
    const lmstudio = await first('lmstudio');
    assert.ok(!('created' in lmstudio), 'LM Studio lists no created');
    const openrouterList = await getJson(`${(await server('openrouter')).url}/models`);
    assert.ok(!('object' in openrouterList), 'OpenRouter: {data} only');
  });

  it('retrieves one model, and answers an unknown one the flavour\'s way', async () => {
    const ollama = await server('ollama');
    const client = new OpenAI({ baseURL: ollama.url, apiKey: 'k', maxRetries: 0 });
    assert.equal((await client.models.retrieve('qwen3:8b')).owned_by, 'library');
    await assert.rejects(client.models.retrieve('nope'), OpenAI.NotFoundError);
  });

  it('Ollama POST /api/show: the context length under <arch>.context_length, capabilities with tools', async () => {
    const fake = await server('ollama', { models: ['llama3.2:latest', 'qwen3:8b', 'gemma3:4b'], toolModels: ['llama3.2:latest', 'qwen3:8b'] });
    const show = async (body: Json): Promise<{ status: number; body: Json }> => {
      const r = await fetch(`${root(fake)}/api/show`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as Json };
    };
    const llama = await show({ model: 'llama3.2' });
    assert.equal(llama.status, 200);
    assert.equal((llama.body.model_info as Json)['general.architecture'], 'llama');
    assert.equal((llama.body.model_info as Json)['llama.context_length'], 4096, 'Ollama defaults to 4096');
    assert.deepEqual(llama.body.capabilities, ['completion', 'tools']);
    const qwen = await show({ name: 'qwen3:8b' });
    assert.equal((qwen.body.model_info as Json)['qwen3.context_length'], 4096);
    assert.deepEqual(qwen.body.capabilities, ['completion', 'tools', 'thinking']);
    assert.deepEqual((await show({ model: 'gemma3:4b' })).body.capabilities, ['completion']);
    assert.deepEqual(await show({ model: 'x' }), { status: 404, body: { error: "model 'x' not found" } });
    assert.deepEqual(await show({}), { status: 400, body: { error: 'model is required' } });

    const wide = await server('ollama', { contextLength: 131072 });
    const r = await fetch(`${root(wide)}/api/show`, { method: 'POST', body: JSON.stringify({ model: 'qwen3:8b' }) });
    assert.equal((((await r.json()) as Json).model_info as Json)['qwen3.context_length'], 131072);
    const running = await fetch(`${root(wide)}/`);
    assert.equal(await running.text(), 'Ollama is running');
    assert.equal((await getJson(`${root(wide)}/api/version`)).version, '0.12.6');
    assert.deepEqual(((await getJson(`${root(wide)}/api/tags`)).models as Json[]).map((m) => m.name), ['llama3.2:latest', 'qwen3:8b']);
  });

  it('LM Studio GET /api/v0/models: type llm, max_context_length, loaded_context_length on the loaded model, tool_use', async () => {
    const fake = await server('lmstudio', { contextLength: 16384, toolModels: ['qwen/qwen3-8b'] });
    const data = (await getJson(`${root(fake)}/api/v0/models`)).data as Json[];
    assert.deepEqual(data.map((m) => [m.id, m.type, m.state, m.max_context_length, m.loaded_context_length, m.capabilities]), [
      ['qwen/qwen3-8b', 'llm', 'loaded', 16384, 16384, ['tool_use']],
      ['google/gemma-3-4b', 'llm', 'not-loaded', 16384, undefined, []],
    ]);
    assert.equal((await getJson(`${root(fake)}/api/v0/models/google/gemma-3-4b`)).id, 'google/gemma-3-4b');
  });

  it('llama.cpp GET /props: n_ctx; vLLM /version; these root routes exist only on their own flavour', async () => {
    const llamacpp = await server('llamacpp', { contextLength: 8192 });
    assert.equal(((await getJson(`${root(llamacpp)}/props`)).default_generation_settings as Json).n_ctx, 8192);
    assert.deepEqual(await getJson(`${root(llamacpp)}/health`), { status: 'ok' });
    assert.equal((await getJson(`${root(await server('vllm'))}/version`)).version, '0.11.0');
    const openai = await server('openai');
    assert.equal((await fetch(`${root(openai)}/api/show`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: '{}' })).status, 404);
    const vllm = await server('vllm');
    assert.deepEqual(await getJson(`${root(vllm)}/api/show`), { detail: 'Not Found' });
  });
});

describe('fake-openai: main with FLAVOUR', function () {
  this.timeout(30_000);

  async function run(env: Record<string, string>, use: (url: string) => Promise<void>): Promise<void> {
    const child = spawn(process.execPath, [MAIN], { env: { ...process.env, PORT: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      await use(url);
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
      }
    }
  }

  it('FLAVOUR=ollama: prints its base URL, and the demo answer comes back on chat', async () => {
    await run({ FLAVOUR: 'ollama' }, async (url) => {
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const client = new OpenAI({ baseURL: url, apiKey: 'ollama', maxRetries: 0 });
      const models = await client.models.list();
      assert.equal(models.data[0].owned_by, 'library');
      const stream = await client.chat.completions.create({ model: models.data[0].id, messages: [{ role: 'user', content: 'hi' }], stream: true });
      let text = '';
      for await (const c of stream) text += c.choices[0]?.delta?.content ?? '';
      assert.match(text, /demo backend/);
      const conv = await fetch(`${url}/conversations`, { method: 'POST', body: '{}' });
      assert.equal(await conv.text(), '404 page not found');
    });
  });

  it('MODELS sets the models; an unknown FLAVOUR stops it with an error', async () => {
    await run({ FLAVOUR: 'vllm', MODELS: 'a/b, c/d' }, async (url) => {
      const list = (await (await fetch(`${url}/models`)).json()) as { data: { id: string }[] };
      assert.deepEqual(list.data.map((m) => m.id), ['a/b', 'c/d']);
    });
    const child = spawn(process.execPath, [MAIN], { env: { ...process.env, FLAVOUR: 'nope' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(stderr, /FLAVOUR must be one of openai, ollama/);
  });
});
