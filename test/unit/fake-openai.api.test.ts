// The fake OpenAI server's other routes (conversations, files, models, chat), errors, auth and control routes.
import assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';

describe('fake-openai: conversations, files, models, chat', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;
  before(async () => {
    fake = await startFakeOpenAI();
    client = new OpenAI({ baseURL: fake.url, apiKey: 'sk-test', maxRetries: 0 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  it('creates, retrieves, updates and deletes a conversation', async () => {
    const conv = await client.conversations.create({ metadata: { topic: 'demo' } });
    assert.match(conv.id, /^conv_/);
    assert.deepEqual((await client.conversations.retrieve(conv.id)).metadata, { topic: 'demo' });
    assert.deepEqual((await client.conversations.update(conv.id, { metadata: { topic: 'other' } })).metadata, { topic: 'other' });
    assert.deepEqual(await client.conversations.delete(conv.id), { id: conv.id, object: 'conversation.deleted', deleted: true });
    await assert.rejects(client.conversations.retrieve(conv.id), OpenAI.NotFoundError);
  });

  it('lists, adds, retrieves and deletes conversation items', async () => {
    const conv = await client.conversations.create({ items: [{ type: 'message', role: 'user', content: 'one' }] });
    const added = await client.conversations.items.create(conv.id, {
      items: [{ type: 'message', role: 'assistant', content: 'two' }, { role: 'user', content: 'three' }],
    });
    assert.equal(added.data.length, 2);
    const asc = await client.conversations.items.list(conv.id, { order: 'asc' });
    const texts = asc.data.map((i) => (i.type === 'message' && 'text' in i.content[0] ? i.content[0].text : '?'));
    assert.deepEqual(texts, ['one', 'two', 'three']);
    const desc = await client.conversations.items.list(conv.id, { limit: 2 });
    assert.equal(desc.data.length, 2);
    assert.equal(desc.has_more, true);
    assert.equal(desc.data[0].id, asc.data[2].id);
    const rest = await client.conversations.items.list(conv.id, { limit: 2, after: desc.last_id });
    assert.deepEqual(rest.data.map((i) => i.id), [asc.data[0].id]);

    const middle = asc.data[1].id!;
    const item = await client.conversations.items.retrieve(middle, { conversation_id: conv.id });
    assert.equal(item.id, middle);
    await client.conversations.items.delete(middle, { conversation_id: conv.id });
    assert.equal(fake.conversation(conv.id)!.items.length, 2);
  });

  it('uploads, lists, retrieves, downloads and deletes a file', async () => {
    const bytes = Buffer.from('héllo, file');
    const f = await client.files.create({ file: await toFile(bytes, 'notes.txt'), purpose: 'user_data' });
    assert.match(f.id, /^file-/);
    assert.deepEqual([f.filename, f.bytes, f.purpose, f.status], ['notes.txt', bytes.length, 'user_data', 'processed']);
    assert.deepEqual(fake.requests.at(-1)!.body, { fields: { purpose: 'user_data' }, files: [{ name: 'file', filename: 'notes.txt', size: bytes.length }] });
    assert.deepEqual((await client.files.list()).data.map((x) => x.id), [f.id]);
    assert.equal((await client.files.retrieve(f.id)).filename, 'notes.txt');
    assert.equal(await (await client.files.content(f.id)).text(), 'héllo, file');
    assert.deepEqual(await client.files.delete(f.id), { id: f.id, object: 'file', deleted: true });
    await assert.rejects(client.files.retrieve(f.id), OpenAI.NotFoundError);
  });

  it('lists and retrieves models', async () => {
    const models = await client.models.list();
    assert.ok(models.data.some((m) => m.id === 'gpt-4.1-mini'));
    assert.equal((await client.models.retrieve('gpt-4.1-mini')).owned_by, 'system');
    await assert.rejects(client.models.retrieve('gpt-nope'), (e: unknown) => e instanceof OpenAI.NotFoundError && e.code === 'model_not_found');
  });

  it('answers chat completions as JSON', async () => {
    fake.script('chat', { text: ['Hi ', 'there'] });
    const c = await client.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hello' }] });
    assert.equal(c.object, 'chat.completion');
    assert.equal(c.choices[0].message.content, 'Hi there');
    assert.equal(c.choices[0].finish_reason, 'stop');
  });

  it('streams chat completion chunks, with usage last when asked', async () => {
    fake.script('chat', { text: ['Hi ', 'there'], status: 'incomplete' });
    const stream = await client.chat.completions.create({
      model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hello' }], stream: true, stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const c of stream) chunks.push(c);
    assert.equal(chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), 'Hi there');
    assert.equal(chunks.at(-2)!.choices[0].finish_reason, 'length');
    assert.deepEqual(chunks.at(-1)!.choices, []);
    assert.equal(chunks.at(-1)!.usage!.completion_tokens, 2);

    const raw = await fetch(`${fake.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true }),
    });
    const frames = (await raw.text()).trim().split('\n\n');
    assert.ok(frames.every((f) => f.startsWith('data: ')), 'chat frames have no event: lines');
    assert.equal(frames.at(-1), 'data: [DONE]');
  });
});

describe('fake-openai: errors, auth and control routes', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;
  before(async () => {
    fake = await startFakeOpenAI({ apiKeys: ['sk-good'] });
    client = new OpenAI({ baseURL: fake.url, apiKey: 'sk-good', maxRetries: 0 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  const post = (path: string, body: string, headers: Record<string, string> = { authorization: 'Bearer sk-good' }) =>
    fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('rejects a wrong key with 401 invalid_api_key', async () => {
    const wrong = new OpenAI({ baseURL: fake.url, apiKey: 'sk-wrong-key-abcd', maxRetries: 0 });
    await assert.rejects(wrong.models.list(), (e: unknown) => {
      assert.ok(e instanceof OpenAI.AuthenticationError);
      assert.equal(e.code, 'invalid_api_key');
      assert.match(e.message, /^401 Incorrect API key provided: sk-\*+abcd\./);
      assert.match(e.requestID ?? '', /^req_/);
      return true;
    });
  });

  it('rejects a request without Authorization with 401', async () => {
    const r = await fetch(`${fake.url}/models`);
    assert.equal(r.status, 401);
    assert.match(r.headers.get('x-request-id') ?? '', /^req_/);
    const body = (await r.json()) as { error: { message: string; type: string; param: null; code: null } };
    assert.match(body.error.message, /didn't provide an API key/);
    assert.deepEqual([body.error.type, body.error.param, body.error.code], ['invalid_request_error', null, null]);
  });

  for (const [status, type] of [[429, OpenAI.RateLimitError], [500, OpenAI.InternalServerError], [401, OpenAI.AuthenticationError]] as const) {
    it(`surfaces a scripted ${status} as ${type.name} with its request id`, async () => {
      fake.script('responses', { error: { status, message: `scripted ${status}`, headers: { 'retry-after': '3' } } });
      await assert.rejects(client.responses.create({ model: 'm', input: 'x' }), (e: unknown) => {
        assert.ok(e instanceof type);
        assert.equal(e.message, `${status} scripted ${status}`);
        assert.match(e.requestID ?? '', /^req_/);
        assert.equal(e.headers?.get('retry-after'), '3');
        return true;
      });
    });
  }

  it('answers unknown routes with an OpenAI-shaped 404', async () => {
    const r = await post('/nope', '{}');
    assert.equal(r.status, 404);
    assert.deepEqual(await r.json(), { error: { message: 'Invalid URL (POST /v1/nope)', type: 'invalid_request_error', param: null, code: null } });
  });

  it('answers a body that is not JSON with a 400', async () => {
    const r = await post('/responses', '{"model": ');
    assert.equal(r.status, 400);
    assert.match(((await r.json()) as { error: { message: string } }).error.message, /could not parse the JSON body/);
  });

  it('records every request, in order, with headers and body', async () => {
    await client.models.list();
    await client.responses.create({ model: 'm', input: 'recorded' });
    assert.deepEqual(fake.requests.map((r) => `${r.method} ${r.path}`), ['GET /v1/models', 'POST /v1/responses']);
    assert.equal(fake.requests[1].headers.authorization, 'Bearer sk-good');
    assert.deepEqual(fake.requests[1].body, { model: 'm', input: 'recorded' });
  });

  it('takes scripts and gives records through /__fake routes', async () => {
    const base = fake.url.replace(/\/v1$/, '');
    const scripted = await fetch(`${base}/__fake/script`, { method: 'POST', body: JSON.stringify({ route: 'responses', replies: [{ text: 'from afar' }] }) });
    assert.equal(scripted.status, 200);
    assert.equal((await client.responses.create({ model: 'm', input: 'x' })).output_text, 'from afar');
    const recorded = (await (await fetch(`${base}/__fake/requests`)).json()) as { path: string }[];
    assert.deepEqual(recorded.map((r) => r.path), ['/v1/responses']);
    await fetch(`${base}/__fake/reset`, { method: 'POST' });
    assert.equal(fake.requests.length, 0);
  });

  it('closes with a stream still open', async () => {
    const other = await startFakeOpenAI();
    other.script('responses', { text: ['a', 'b'], delayMs: 60_000 });
    const c = new OpenAI({ baseURL: other.url, apiKey: 'k', maxRetries: 0 });
    const s = await c.responses.create({ model: 'm', input: 'x', stream: true });
    const reading = (async () => { for await (const e of s) void e; })();
    await other.close();
    await assert.rejects(reading);
  });
});
