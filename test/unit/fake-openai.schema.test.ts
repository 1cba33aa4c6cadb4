// The fake OpenAI server against the vendored spec: everything it sends validates, and the validator
// catches bad bodies (so that "no violations" means something).
import assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';
import { startFakeOpenAI, type FakeOpenAI, type ScriptedReply } from '../fake-openai/server';
import { loadSchemas, validateSchema } from '../fake-openai/schemas';

describe('fake-openai: schema validation', function () {
  // Parsing the 3 MB spec takes about a second on a laptop; leave room for slow CI.
  this.timeout(60_000);

  let fake: FakeOpenAI;
  let client: OpenAI;
  before(async () => {
    fake = await startFakeOpenAI({ validate: true });
    client = new OpenAI({ baseURL: fake.url, apiKey: 'sk-test', maxRetries: 0, logLevel: 'off' });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  /** Reads a stream to its end (or its fault); `stream` may reject, as a scripted HTTP error does. */
  const drain = async (stream: Promise<AsyncIterable<unknown>>): Promise<void> => {
    try {
      for await (const e of await stream) void e;
    } catch {
      // faults are expected here; only the violations matter
    }
  };

  it('loads the spec once (cached)', () => {
    const first = loadSchemas();
    assert.equal(loadSchemas(), first);
  });

  const variants: [string, ScriptedReply][] = [
    ['default', {}],
    ['incomplete', { status: 'incomplete', incompleteReason: 'max_output_tokens' }],
    ['failed', { status: 'failed', failure: { code: 'server_error', message: 'boom' } }],
    ['split', { text: ['héllo — ✓'], splitEvery: 7 }],
    ['sse error', { sseErrorAfter: 3 }],
    ['malformed', { malformedFrameAfter: 3 }],
    ['dropped', { dropAfterFrames: 3 }],
    ['429', { error: { status: 429, message: 'slow down' } }],
    ['500', { error: { status: 500, message: 'oops', type: 'server_error' } }],
  ];
  for (const [name, reply] of variants) {
    it(`sends only valid bodies and events: responses, ${name}`, async () => {
      const conv = await client.conversations.create({ items: [{ type: 'message', role: 'user', content: 'before' }] });
      fake.script('responses', reply, reply);
      await client.responses.create({ model: 'gpt-4.1-mini', input: 'hi', conversation: conv.id }).catch(() => undefined);
      await drain(client.responses.create({
        model: 'gpt-4.1-mini', input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }] }], stream: true, conversation: { id: conv.id },
      }));
      assert.equal(fake.requests.length, 3);
      assert.deepEqual(fake.violations, []);
    });
  }

  it('sends only valid bodies: conversations, items, files, models, chat, errors', async () => {
    const conv = await client.conversations.create({ metadata: { a: 'b' } });
    await client.responses.create({ model: 'gpt-4.1-mini', input: 'hi', conversation: conv.id });
    await client.conversations.retrieve(conv.id);
    await client.conversations.update(conv.id, { metadata: { a: 'c' } });
    const list = await client.conversations.items.list(conv.id, { order: 'asc' });
    await client.conversations.items.create(conv.id, { items: [{ role: 'user', content: 'more' }] });
    await client.conversations.items.retrieve(list.data[1].id!, { conversation_id: conv.id });
    await client.conversations.items.delete(list.data[0].id!, { conversation_id: conv.id });
    await client.conversations.items.list(conv.id, { after: 'nothing-matches' });
    await client.conversations.delete(conv.id);
    await client.conversations.retrieve(conv.id).catch(() => undefined);
    const f = await client.files.create({ file: await toFile(Buffer.from('x'), 'a.txt'), purpose: 'user_data' });
    await client.files.list();
    await client.files.retrieve(f.id);
    await client.files.delete(f.id);
    await client.models.list();
    await client.models.retrieve('gpt-4.1');
    await client.models.retrieve('nope').catch(() => undefined);
    await client.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'x' }] });
    fake.script('chat', { status: 'incomplete', incompleteReason: 'content_filter' }, { sseErrorAfter: 2 }, { status: 'failed' });
    await drain(client.chat.completions.create({
      model: 'gpt-4.1-mini', messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: true },
    }));
    await drain(client.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'x' }], stream: true }));
    await client.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    assert.ok(fake.requests.length >= 20);
    assert.deepEqual(fake.violations, []);
  });

  it('catches a Response without an id', async () => {
    const r = await client.responses.create({ model: 'gpt-4.1-mini', input: 'x' });
    const { id, ...noId } = r;
    assert.match(id, /^resp_/);
    assert.deepEqual(validateSchema('Response', r), []);
    assert.deepEqual(validateSchema('Response', noId), ["(root) must have required property 'id'"]);
  });

  it('catches stream events with a wrong type or a missing field', () => {
    const delta = { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'x', logprobs: [], sequence_number: 3 };
    assert.deepEqual(validateSchema('ResponseStreamEvent', delta), []);
    const wrongType = validateSchema('ResponseStreamEvent', { ...delta, type: 'response.output_text.deltaa' });
    assert.equal(wrongType.length, 1);
    assert.match(wrongType[0], /^\/type must be equal to one of the allowed values/);
    const { delta: _omitted, ...noDelta } = delta;
    assert.equal(_omitted, 'x');
    assert.deepEqual(validateSchema('ResponseStreamEvent', noDelta), ["(root) must have required property 'delta'"]);
    assert.deepEqual(validateSchema('ResponseStreamEvent', { ...delta, sequence_number: 'three' }), ['/sequence_number must be integer']);
  });

  it('reports a bad request body as a violation', async () => {
    const r = await fetch(`${fake.url}/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4.1-mini', input: 42 }),
    });
    assert.equal(r.status, 200);
    assert.equal(fake.violations.length, 1);
    assert.match(fake.violations[0], /^POST \/v1\/responses request CreateResponse: \/input must be string; \/input must be array$/);
  });

  it('reports a bad body it sends itself (a failure code the spec does not know)', async () => {
    fake.script('responses', { status: 'failed', failure: { code: 'no_such_code', message: 'x' } });
    await client.responses.create({ model: 'gpt-4.1-mini', input: 'x' });
    assert.equal(fake.violations.length, 1);
    assert.match(fake.violations[0], /^POST \/v1\/responses response Response: \/error\/code must be equal to one of the allowed values/);
  });
});
