// What each server flavour refuses, in its own words: routes it does not have (/v1/conversations above
// all), a model it does not serve, tools for a model without them, stream_options on an old server; and
// which routes it keeps (a stateless /v1/responses), and when it wants no API key.
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { specView } from '../fake-openai/chat-frames';
import { postRaw } from '../fake-openai/raw-sse';
import { validateSchema } from '../fake-openai/schemas';
import { FLAVOURS, type FakeOpenAI, type Flavour } from '../fake-openai/server';
import { useFlavouredFakes } from './flavoured-fakes';

type Json = Record<string, unknown>;
const TOOLS = [{ type: 'function', function: { name: 'read_file', parameters: { type: 'object', properties: {} } } }];

describe('fake-openai: what each server flavour refuses', function () {
  this.timeout(60_000);
  const fakes = useFlavouredFakes();
  const server = fakes.get;
  afterEach(function () {
    if (this.currentTest?.state !== 'passed' || this.currentTest.title.includes('(negative)')) return;
    for (const fake of fakes.all()) assert.deepEqual(fake.violations, [], `violations on ${fake.flavour}`);
  });

  const chat = (fake: FakeOpenAI, body: Json) => postRaw(`${fake.url}/chat/completions`, { messages: [{ role: 'user', content: 'hi' }], ...body });

  describe('POST /v1/conversations', () => {
    const expected: Record<Exclude<Flavour, 'openai'>, { status: number; type: RegExp; body: unknown }> = {
      ollama: { status: 404, type: /^text\/plain/, body: '404 page not found' },
      lmstudio: { status: 200, type: /^application\/json; charset=utf-8$/, body: { error: 'Unexpected endpoint or method. (POST /v1/conversations)' } },
      llamacpp: { status: 404, type: /^application\/json/, body: { error: { code: 404, message: 'File Not Found', type: 'not_found_error' } } },
      vllm: { status: 404, type: /^application\/json/, body: { detail: 'Not Found' } },
      openrouter: { status: 404, type: /^application\/json/, body: { error: { message: 'Not Found', code: 404 } } },
      groq: { status: 404, type: /^application\/json/, body: { error: { message: 'Unknown request URL: POST /v1/conversations. Please check the URL for typos, or see the docs at https://console.groq.com/docs/', type: 'invalid_request_error', code: 'unknown_url' } } },
      deepseek: { status: 404, type: /^application\/json/, body: { error: { message: 'Invalid URL (POST /v1/conversations)', type: 'invalid_request_error', param: null, code: null } } },
      mistral: { status: 422, type: /^application\/json/, body: { object: 'error', message: { detail: [{ type: 'missing', loc: ['body', 'inputs'], msg: 'Field required', input: { items: [] } }] }, type: 'invalid_request_error', param: null, code: null } },
      gemini: { status: 404, type: /^text\/html/, body: /Error 404 \(Not Found\)/ },
      azure: { status: 404, type: /^application\/json/, body: { error: { code: '404', message: 'Resource not found' } } },
    };
    for (const [flavour, want] of Object.entries(expected) as [Exclude<Flavour, 'openai'>, typeof expected.ollama][]) {
      it(`${flavour}: ${want.status}`, async () => {
        const fake = await server(flavour);
        const r = await postRaw(`${fake.url}/conversations`, { items: [] });
        assert.equal(r.status, want.status);
        assert.match(r.contentType ?? '', want.type);
        if (typeof want.body === 'string') assert.equal(r.text, want.body);
        else if (want.body instanceof RegExp) assert.match(r.text, want.body);
        else assert.deepEqual(JSON.parse(r.text), want.body);
      });
    }

    it('no flavour but openai has the conversation routes (items, retrieve), and the SDK sees the refusal', async () => {
      for (const flavour of FLAVOURS.filter((f) => f !== 'openai')) {
        const fake = await server(flavour);
        const client = new OpenAI({ baseURL: fake.url, apiKey: 'sk-test', maxRetries: 0, logLevel: 'off' });
        const got = await client.conversations.retrieve('conv_1').then(() => 'ok', (e: unknown) => e);
        if (flavour === 'lmstudio') assert.equal(got, 'ok', 'LM Studio answers 200 anyway'); // the SDK takes its error body for a conversation
        else assert.ok(got instanceof OpenAI.APIError, flavour);
      }
      const openai = await server('openai');
      const c = await new OpenAI({ baseURL: openai.url, apiKey: 'k', maxRetries: 0 }).conversations.create({});
      assert.match(c.id, /^conv_/);
    });
  });

  it('keeps a stateless /v1/responses where the server has one; the others answer as for any unknown route', async () => {
    for (const flavour of ['ollama', 'lmstudio', 'vllm', 'openrouter', 'groq', 'azure'] as const) {
      const fake = await server(flavour);
      fake.script('responses', { text: 'from responses' });
      const r = await postRaw(`${fake.url}/responses`, { model: fake.models[0], input: 'hi' });
      assert.equal(r.status, 200, flavour);
      assert.match(r.text, /from responses/, flavour);
    }
    const ollama = await server('ollama');
    assert.equal((await postRaw(`${ollama.url}/vector_stores`, { name: 'x' })).text, '404 page not found');
    assert.equal((await postRaw(`${ollama.url}/files`, {})).status, 404);
    const llamacpp = await server('llamacpp');
    const r = await postRaw(`${llamacpp.url}/responses`, { model: 'm', input: 'hi' });
    assert.deepEqual([r.status, JSON.parse(r.text)], [404, { error: { code: 404, message: 'File Not Found', type: 'not_found_error' } }]);
    const vllm = await server('vllm');
    assert.deepEqual(JSON.parse((await postRaw(`${vllm.url}/containers`, {})).text), { detail: 'Not Found' });
    const azure = await server('azure');
    assert.equal((await fetch(`${azure.url}/vector_stores`, { headers: { authorization: 'Bearer k' } })).status, 200, 'Azure has vector stores');
  });

  describe('a model the server does not serve', () => {
    const expected: Record<Exclude<Flavour, 'openai' | 'llamacpp'>, { status: number; body: unknown }> = {
      ollama: { status: 404, body: { error: { message: "model 'nope' not found", type: 'not_found_error', param: null, code: null } } },
      lmstudio: { status: 400, body: { error: { message: 'Invalid model identifier "nope". Please specify a valid downloaded model (e.g., qwen/qwen3-8b, google/gemma-3-4b).', type: 'invalid_request_error', param: 'model', code: 'model_not_found' } } },
      vllm: { status: 404, body: { error: { message: 'The model `nope` does not exist.', type: 'NotFoundError', param: null, code: 404 } } },
      openrouter: { status: 400, body: { error: { message: 'nope is not a valid model ID', code: 400 } } },
      groq: { status: 404, body: { error: { message: 'The model `nope` does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found' } } },
      deepseek: { status: 400, body: { error: { message: 'Model Not Exist', type: 'invalid_request_error', param: null, code: 'invalid_request_error' } } },
      mistral: { status: 400, body: { object: 'error', message: 'Invalid model: nope', type: 'invalid_model', param: null, code: '1500' } },
      gemini: { status: 404, body: [{ error: { code: 404, message: 'models/nope is not found for API version v1main, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.', status: 'NOT_FOUND' } }] },
      azure: { status: 404, body: { error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.' } } },
    };
    for (const [flavour, want] of Object.entries(expected) as [Flavour, { status: number; body: unknown }][]) {
      it(`${flavour}: ${want.status}`, async () => {
        const fake = await server(flavour);
        fake.script('chat', { text: 'kept for the next request' });
        const r = await chat(fake, { model: 'nope', stream: true });
        assert.equal(r.status, want.status);
        const body = JSON.parse(r.text) as Json;
        if (flavour === 'openrouter') delete (body as Json).user_id;
        assert.deepEqual(body, want.body);
        // The refusal used up no scripted reply.
        const ok = await chat(fake, { model: fake.models[0] });
        assert.match(ok.text, /kept for the next request/);
      });
    }

    it('Ollama takes a name without a tag as :latest; llama.cpp and openai answer whatever the model', async () => {
      const ollama = await server('ollama');
      assert.equal((await chat(ollama, { model: 'llama3.2' })).status, 200);
      for (const flavour of ['llamacpp', 'openai'] as const) {
        const fake = await server(flavour);
        const r = await chat(fake, { model: 'anything-at-all' });
        assert.equal(r.status, 200, flavour);
        assert.equal((JSON.parse(r.text) as Json).model, 'anything-at-all');
      }
      const gemini = await server('gemini');
      assert.equal((await chat(gemini, { model: 'models/gemini-2.5-flash' })).status, 200, 'Gemini takes models/<id> too');
    });

    it('the SDK surfaces them as NotFoundError / BadRequestError', async () => {
      const ollama = await server('ollama');
      await assert.rejects(new OpenAI({ baseURL: ollama.url, apiKey: 'k', maxRetries: 0 }).chat.completions.create({ model: 'gone:1b', messages: [{ role: 'user', content: 'x' }] }), OpenAI.NotFoundError);
      const lmstudio = await server('lmstudio');
      await assert.rejects(new OpenAI({ baseURL: lmstudio.url, apiKey: 'k', maxRetries: 0 }).chat.completions.create({ model: 'gone', messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof OpenAI.BadRequestError && e.code === 'model_not_found');
    });
  });

  describe('tools for a model that takes none', () => {
    const expected: Partial<Record<Flavour, { status: number; body: unknown }>> = {
      ollama: { status: 400, body: { error: { message: 'registry.ollama.ai/library/llama3.2:latest does not support tools', type: 'invalid_request_error', param: null, code: null } } },
      vllm: { status: 400, body: { error: { message: '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set', type: 'BadRequestError', param: null, code: 400 } } },
      llamacpp: { status: 500, body: { error: { code: 500, message: 'tools param requires --jinja flag', type: 'server_error' } } },
      openrouter: { status: 404, body: { error: { message: 'No endpoints found that support tool use. To learn more about provider routing, visit: https://openrouter.ai/docs/guides/routing/provider-selection', code: 404 } } },
      gemini: { status: 400, body: [{ error: { code: 400, message: 'Function calling is not enabled for models/gemini-2.5-flash', status: 'INVALID_ARGUMENT' } }] },
      azure: { status: 400, body: { error: { message: 'Unrecognized request argument supplied: tools', type: 'invalid_request_error', param: null, code: null } } },
    };
    for (const [flavour, want] of Object.entries(expected) as [Flavour, { status: number; body: unknown }][]) {
      it(`${flavour}: ${want.status}`, async () => {
        const fake = await server(flavour, { toolModels: [] });
        const model = fake.models[0];
        const r = await chat(fake, { model, tools: TOOLS });
        assert.equal(r.status, want.status);
        assert.deepEqual(JSON.parse(r.text), want.body);
        assert.equal((await chat(fake, { model })).status, 200, 'without tools it answers');
      });
    }

    it('groq, deepseek and mistral refuse too (words not verified live); LM Studio accepts (it prompts the tools itself)', async () => {
      for (const flavour of ['groq', 'deepseek', 'mistral'] as const) {
        const fake = await server(flavour, { toolModels: [] });
        const r = await chat(fake, { model: fake.models[0], tools: TOOLS });
        assert.equal(r.status, 400, flavour);
        assert.match(r.text, /function calling|tools/i, flavour);
      }
      const lmstudio = await server('lmstudio', { toolModels: [] });
      assert.equal((await chat(lmstudio, { model: lmstudio.models[0], tools: TOOLS })).status, 200);
    });

    it('vLLM refuses only tool_choice auto (the default): none, required and a named function pass', async () => {
      const fake = await server('vllm', { toolModels: [] });
      const model = fake.models[0];
      assert.equal((await chat(fake, { model, tools: TOOLS, tool_choice: 'auto' })).status, 400);
      for (const tool_choice of ['none', 'required', { type: 'function', function: { name: 'read_file' } }]) {
        assert.equal((await chat(fake, { model, tools: TOOLS, tool_choice })).status, 200, JSON.stringify(tool_choice));
      }
    });

    it('toolModels lists the models that take tools; Ollama names a namespaced model by its namespace', async () => {
      const fake = await server('ollama', { models: ['qwen3:8b', 'gemma3:4b', 'me/tiny:1b'], toolModels: ['qwen3:8b'] });
      assert.equal((await chat(fake, { model: 'qwen3:8b', tools: TOOLS })).status, 200);
      assert.match((await chat(fake, { model: 'gemma3:4b', tools: TOOLS })).text, /registry\.ollama\.ai\/library\/gemma3:4b does not support tools/);
      assert.match((await chat(fake, { model: 'me/tiny:1b', tools: TOOLS })).text, /registry\.ollama\.ai\/me\/tiny:1b does not support tools/);
    });
  });

  it('rejectStreamOptions: a request with stream_options gets a 400, the retry without it streams', async () => {
    for (const flavour of ['azure', 'ollama', 'vllm'] as const) {
      const fake = await server(flavour, { rejectStreamOptions: true });
      fake.script('chat', { text: 'after retry' });
      const refused = await chat(fake, { model: fake.models[0], stream: true, stream_options: { include_usage: true } });
      assert.equal(refused.status, 400, flavour);
      assert.match(refused.text, /stream_options/, flavour);
      const retried = await chat(fake, { model: fake.models[0], stream: true });
      assert.equal(retried.status, 200, flavour);
      assert.match(retried.text, /after retry/, flavour);
    }
  });

  it('local servers (ollama, lmstudio, llamacpp, vllm) want no API key unless apiKeys is set; hosted ones do', async () => {
    for (const flavour of ['ollama', 'lmstudio', 'llamacpp', 'vllm'] as const) {
      const fake = await server(flavour);
      const r = await postRaw(`${fake.url}/chat/completions`, { model: fake.models[0], messages: [{ role: 'user', content: 'x' }] }, {});
      assert.equal(r.status, 200, flavour);
    }
    const keyed = await server('vllm', { apiKeys: ['sk-right'] });
    assert.equal((await postRaw(`${keyed.url}/chat/completions`, { model: keyed.models[0], messages: [] }, {})).status, 401);
    for (const flavour of ['openrouter', 'groq', 'openai'] as const) {
      const fake = await server(flavour);
      assert.equal((await postRaw(`${fake.url}/chat/completions`, { model: fake.models[0], messages: [] }, {})).status, 401, flavour);
    }
  });

  it('any other unknown route is answered the flavour\'s way too', async () => {
    const ollama = await server('ollama');
    const r = await fetch(`${ollama.url}/nope`, { headers: { authorization: 'Bearer k' } });
    assert.deepEqual([r.status, r.headers.get('content-type'), await r.text()], [404, 'text/plain', '404 page not found']);
    const lmstudio = await server('lmstudio');
    const l = await fetch(`${lmstudio.url}/nope`);
    assert.deepEqual([l.status, await l.json()], [200, { error: 'Unexpected endpoint or method. (GET /v1/nope)' }]);
    const mistral = await server('mistral');
    const m = (await (await fetch(`${mistral.url}/nope`, { headers: { authorization: 'Bearer k' } })).json()) as Json;
    assert.equal(m.message, 'no Route matched with those values');
  });

  it('the spec still checks a flavour\'s chunk beyond the fields it is known to leave out (negative)', () => {
    const chunk = { id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] } }] };
    assert.ok(validateSchema('CreateChatCompletionStreamResponse', chunk).length > 0, 'as sent (Gemini): no index, no finish_reason');
    assert.deepEqual(validateSchema('CreateChatCompletionStreamResponse', specView(chunk, true)), []);
    const wrong = { ...chunk, choices: [{ index: 0, delta: {}, finish_reason: 'done' }] };
    assert.match(validateSchema('CreateChatCompletionStreamResponse', specView(wrong, true)).join(), /finish_reason/);
  });
});
