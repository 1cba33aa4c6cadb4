// The client factory: which credential header each server gets, and that the environment never
// redirects requests nor adds a key (C1).
import assert from 'node:assert/strict';
import { createClient } from '../../src/core/client';
import { MissingApiKeyError } from '../../src/core/errors';
import { startTinyServer, type TinyServer } from './servers.support';

const LIST = { json: { object: 'list', data: [{ id: 'm1', object: 'model', created: 0, owned_by: 'me' }] } };
const ENV = ['OPENAI_BASE_URL', 'OPENAI_API_KEY', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID', 'OPENAI_ADMIN_KEY'] as const;

describe('servers: the client factory', () => {
  let server: TinyServer;
  let other: TinyServer;
  const saved: Partial<Record<(typeof ENV)[number], string | undefined>> = {};
  before(async () => {
    server = await startTinyServer({ 'GET /v1/models': LIST });
    other = await startTinyServer({ 'GET /v1/models': LIST });
    for (const name of ENV) saved[name] = process.env[name];
  });
  afterEach(() => {
    for (const name of ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  after(async () => {
    await server.close();
    await other.close();
  });

  it('a local server without a key gets no Authorization header at all, also with OPENAI_API_KEY set', async () => {
    process.env.OPENAI_API_KEY = 'sk-env-SECRET-0000';
    await createClient({ baseUrl: server.url }).models.list();
    const { headers } = server.requests.at(-1)!;
    assert.equal(headers.authorization, undefined);
    assert.equal(headers['api-key'], undefined);
    assert.ok(!JSON.stringify(headers).includes('sk-env-SECRET'), 'the environment key is not sent');
    assert.ok(!JSON.stringify(headers).includes('no-key'), 'the placeholder is not sent');
  });

  it('a key is sent as Authorization: Bearer', async () => {
    await createClient({ baseUrl: server.url, apiKey: 'sk-local-1234' }).models.list();
    assert.equal(server.requests.at(-1)!.headers.authorization, 'Bearer sk-local-1234');
  });

  it('OPENAI_BASE_URL in the environment does not redirect requests; organisation and project headers reach OpenAI only', async () => {
    process.env.OPENAI_BASE_URL = other.url;
    process.env.OPENAI_ORG_ID = 'org-env';
    process.env.OPENAI_PROJECT_ID = 'proj-env';
    process.env.OPENAI_ADMIN_KEY = 'sk-admin-SECRET';
    const before = other.requests.length;
    await createClient({ baseUrl: server.url, apiKey: 'sk-local-1234' }).models.list();
    assert.equal(other.requests.length, before, 'nothing went to OPENAI_BASE_URL');
    const { headers } = server.requests.at(-1)!;
    assert.equal(headers['openai-organization'], undefined);
    assert.equal(headers['openai-project'], undefined);
    assert.ok(!JSON.stringify(headers).includes('sk-admin-SECRET'));
  });

  it('Azure: the key in the api-key header, no Authorization; the resource root gets /openai/v1', async () => {
    const seen: { url: string; headers: Headers }[] = [];
    const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push({ url: String(input), headers: new Headers(init?.headers) });
      return new Response(JSON.stringify(LIST.json), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    await createClient({ baseUrl: 'https://my-res.openai.azure.com', apiKey: 'azure-key-1234', fetch: fakeFetch }).models.list();
    assert.equal(seen[0].url, 'https://my-res.openai.azure.com/openai/v1/models');
    assert.equal(seen[0].headers.get('api-key'), 'azure-key-1234');
    assert.equal(seen[0].headers.get('authorization'), null);
  });

  it('OpenAI with a key: Bearer, and the default base URL', async () => {
    const seen: { url: string; headers: Headers }[] = [];
    const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push({ url: String(input), headers: new Headers(init?.headers) });
      return new Response(JSON.stringify(LIST.json), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    process.env.OPENAI_BASE_URL = other.url;
    await createClient({ baseUrl: '', apiKey: 'sk-openai-1234', fetch: fakeFetch }).models.list();
    assert.equal(seen[0].url, 'https://api.openai.com/v1/models');
    assert.equal(seen[0].headers.get('authorization'), 'Bearer sk-openai-1234');
    assert.equal(seen[0].headers.get('api-key'), null);
  });

  it('a server that needs a key (not local) and gets none: MissingApiKeyError, nothing sent', () => {
    assert.throws(() => createClient({ baseUrl: '' }), MissingApiKeyError);
    assert.throws(() => createClient({ baseUrl: 'https://openrouter.ai/api/v1', apiKey: '  ' }), MissingApiKeyError);
    assert.throws(() => createClient({ baseUrl: 'https://my-res.openai.azure.com' }), MissingApiKeyError);
  });
});
