// Model listing against small local servers that answer as Ollama, LM Studio, vLLM, OpenRouter and
// llama.cpp do; and recognising "model not found" errors.
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { createClient } from '../../src/core/client';
import { effectiveContextLength, listModels, modelNotServed, serverRoot } from '../../src/core/servers/models';
import { startTinyServer, type TinyServer } from './servers.support';

const model = (id: string, extra: Record<string, unknown> = {}) => ({ id, object: 'model', created: 0, owned_by: 'x', ...extra });
const list = (...data: unknown[]) => ({ json: { object: 'list', data } });

describe('servers: listing models', () => {
  const servers: TinyServer[] = [];
  const start = async (routes: Parameters<typeof startTinyServer>[0]) => {
    const s = await startTinyServer(routes);
    servers.push(s);
    return s;
  };
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('serverRoot drops the trailing /v1', () => {
    assert.equal(serverRoot('http://127.0.0.1:11434/v1/'), 'http://127.0.0.1:11434');
    assert.equal(serverRoot('https://openrouter.ai/api/v1'), 'https://openrouter.ai/api');
    assert.equal(serverRoot('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
  });

  it('Ollama: context length from model_info, tools from capabilities, the loaded context from /api/ps; no key sent', async () => {
    const shows: Record<string, unknown> = {
      'llama3.2:latest': { model_info: { 'general.architecture': 'llama', 'llama.context_length': 131072 }, capabilities: ['completion', 'tools'] },
      'gemma3:4b': { model_info: { 'general.architecture': 'gemma3', 'gemma3.context_length': 32768 }, capabilities: ['completion', 'vision'] },
      'nomic-embed-text:latest': { model_info: { 'general.architecture': 'nomic-bert', 'nomic-bert.context_length': 2048 }, capabilities: ['embedding'] },
    };
    const s = await start({
      'GET /v1/models': list(model('llama3.2:latest', { owned_by: 'library' }), model('gemma3:4b', { owned_by: 'library' }), model('nomic-embed-text:latest', { owned_by: 'library' })),
      'POST /api/show': (body) => {
        const shown = shows[(body as { model: string }).model];
        return shown ? { json: shown } : { status: 404, json: { error: 'model not found' } };
      },
      'GET /api/ps': { json: { models: [{ name: 'llama3.2:latest', model: 'llama3.2:latest', context_length: 4096 }] } },
    });
    const models = await listModels(createClient({ baseUrl: s.url }), s.url);
    assert.deepEqual(models, [
      { id: 'llama3.2:latest', contextLength: 131072, tools: true, loadedContextLength: 4096 },
      { id: 'gemma3:4b', contextLength: 32768, tools: false },
      { id: 'nomic-embed-text:latest', contextLength: 2048, tools: false, embedding: true },
    ]);
    assert.equal(effectiveContextLength(models[0]), 4096);
    assert.equal(effectiveContextLength(models[1]), 32768);
    assert.deepEqual(s.requests.filter((r) => r.path === '/api/show').map((r) => (r.body as { model: string }).model).sort(), Object.keys(shows).sort());
    assert.ok(s.requests.every((r) => r.headers.authorization === undefined), 'no Authorization header on any request');
  });

  it('LM Studio: max and loaded context lengths and tool_use from /api/v0/models; its key goes to its own API too', async () => {
    const s = await start({
      'GET /v1/models': list(model('qwen2.5-7b-instruct', { owned_by: 'organization_owner' }), model('text-embedding-nomic-embed-text-v1.5', { owned_by: 'organization_owner' }), model('phi-4')),
      'GET /api/v0/models': {
        json: {
          object: 'list',
          data: [
            { id: 'qwen2.5-7b-instruct', object: 'model', type: 'llm', state: 'loaded', max_context_length: 32768, loaded_context_length: 8192, capabilities: ['tool_use'] },
            { id: 'text-embedding-nomic-embed-text-v1.5', object: 'model', type: 'embeddings', state: 'not-loaded', max_context_length: 2048 },
            { id: 'phi-4', object: 'model', type: 'llm', state: 'not-loaded', max_context_length: 16384 },
          ],
        },
      },
    });
    const models = await listModels(createClient({ baseUrl: s.url, apiKey: 'lm-studio-key-1' }), s.url);
    assert.deepEqual(models, [
      { id: 'qwen2.5-7b-instruct', contextLength: 32768, loadedContextLength: 8192, tools: true },
      { id: 'text-embedding-nomic-embed-text-v1.5', contextLength: 2048, embedding: true },
      { id: 'phi-4', contextLength: 16384 },
    ]);
    assert.ok(s.requests.every((r) => r.headers.authorization === 'Bearer lm-studio-key-1'));
    assert.equal(s.requests.filter((r) => r.path === '/api/show').length, 0, 'LM Studio answered: Ollama is not asked');
  });

  it('vLLM and OpenRouter: what the /v1/models items say, and no extra request', async () => {
    const vllm = await start({ 'GET /v1/models': list(model('Qwen/Qwen2.5-Coder-7B', { owned_by: 'vllm', max_model_len: 32768 })) });
    assert.deepEqual(await listModels(createClient({ baseUrl: vllm.url }), vllm.url), [{ id: 'Qwen/Qwen2.5-Coder-7B', contextLength: 32768 }]);
    assert.equal(vllm.requests.length, 1);
    const router = await start({
      'GET /v1/models': list(
        { id: 'openai/gpt-4.1', name: 'GPT-4.1', context_length: 1047576, supported_parameters: ['tools', 'temperature'] },
        { id: 'some/model', context_length: 8192, supported_parameters: ['temperature'] },
      ),
    });
    assert.deepEqual(await listModels(createClient({ baseUrl: router.url, apiKey: 'sk-or-1234' }), router.url), [
      { id: 'openai/gpt-4.1', contextLength: 1047576, tools: true },
      { id: 'some/model', contextLength: 8192, tools: false },
    ]);
    assert.equal(router.requests.length, 1);
  });

  it('llama.cpp: meta.n_ctx_train', async () => {
    const s = await start({ 'GET /v1/models': list(model('qwen.gguf', { owned_by: 'llamacpp', meta: { n_ctx_train: 32768, n_params: 1 } })) });
    assert.deepEqual(await listModels(createClient({ baseUrl: s.url }), s.url), [{ id: 'qwen.gguf', contextLength: 32768 }]);
  });

  it('a plain server: failures of the extra endpoints are ignored (one /api/show probe only), the list still counts', async () => {
    const s = await start({ 'GET /v1/models': list(model('a'), model('b'), model('c'), { junk: true }, { id: 7 }), 'GET /api/v0/models': { status: 500, json: { error: 'boom' } } });
    assert.deepEqual(await listModels(createClient({ baseUrl: s.url }), s.url), [{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    assert.equal(s.requests.filter((r) => r.path === '/api/show').length, 1);
  });

  it('a refused key or a failing list throws what the SDK throws', async () => {
    const s = await start({ 'GET /v1/models': { status: 401, json: { error: { message: 'Invalid API key', type: 'invalid_request_error', code: 'invalid_api_key' } } } });
    await assert.rejects(listModels(createClient({ baseUrl: s.url, apiKey: 'wrong-key-123' }), s.url), OpenAI.AuthenticationError);
  });

  it('an aborted listing rejects', async () => {
    const s = await start({ 'GET /v1/models': { ...list(model('a')), delayMs: 2000 } });
    const controller = new AbortController();
    const listing = listModels(createClient({ baseUrl: s.url }), s.url, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(listing, OpenAI.APIUserAbortError);
  });
});

describe('servers: model not served', () => {
  const headers = new Headers();
  const make = (status: number, body: unknown) => OpenAI.APIError.generate(status, body as object, undefined, headers);

  it('recognises OpenAI, LM Studio and Azure by code, Ollama, vLLM and OpenRouter by message', () => {
    const cases: [string, number, unknown][] = [
      ['OpenAI', 404, { error: { message: 'The model `gpt-9` does not exist or you do not have access to it.', type: 'invalid_request_error', param: null, code: 'model_not_found' } }],
      ['LM Studio 400', 400, { error: { message: 'Invalid model identifier "o4-mini". Please specify a valid downloaded model.', type: 'invalid_request_error', param: 'model', code: 'model_not_found' } }],
      ['Azure', 404, { error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist.' } }],
      ['Ollama', 404, { error: { message: 'model "llama9" not found, try pulling it first', type: 'api_error', param: null, code: null } }],
      ['Ollama native', 404, { error: 'model "llama9" not found, try pulling it first' }],
      ['vLLM', 404, { error: { object: 'error', message: 'The model `x/y` does not exist.', type: 'NotFoundError', param: null, code: 404 } }],
      ['OpenRouter', 400, { error: { message: 'foo/bar is not a valid model ID', code: 400 } }],
    ];
    for (const [name, status, body] of cases) assert.equal(modelNotServed(make(status, body)), true, name);
  });

  it('other errors are not "model not found"', () => {
    const cases: [string, unknown][] = [
      ['conversation 404', make(404, { error: { message: "Conversation with id 'conv_1' not found.", type: 'invalid_request_error', code: null } })],
      ['coded 404 about something else', make(404, { error: { message: 'The model of this file was not found', code: 'file_not_found' } })],
      ['plain 404 page', make(404, { error: '404 page not found' })],
      ['401 mentioning a model', make(401, { error: { message: 'model not found for this key', code: 'invalid_api_key' } })],
      ['500', make(500, { error: { message: 'model does not exist', code: null } })],
      ['context length 400', make(400, { error: { message: 'This model has a maximum context length of 8192 tokens.', code: 'context_length_exceeded' } })],
      ['connection', new OpenAI.APIConnectionError({ message: 'model not found' })],
      ['plain Error', new Error('model "x" not found')],
      ['nothing', undefined],
    ];
    for (const [name, err] of cases) assert.equal(modelNotServed(err), false, name);
  });
});
