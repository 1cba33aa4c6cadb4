// The fake OpenAI server's /v1/responses, through the real openai SDK: JSON, streaming, conversations, faults.
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { DEMO_ANSWER } from '../fake-openai/demo-answer';

type StreamEvent = OpenAI.Responses.ResponseStreamEvent;

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

const deltasOf = (events: StreamEvent[]): string =>
  events.map((e) => (e.type === 'response.output_text.delta' ? e.delta : '')).join('');

describe('fake-openai: responses', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;
  before(async () => {
    fake = await startFakeOpenAI();
    client = new OpenAI({ baseURL: fake.url, apiKey: 'sk-test', maxRetries: 0, logLevel: 'off' });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  const stream = (extra: Partial<OpenAI.Responses.ResponseCreateParamsStreaming> = {}) =>
    client.responses.create({ model: 'gpt-4.1-mini', input: 'hi', stream: true, ...extra });

  it('answers JSON with a Response that echoes the request', async () => {
    fake.script('responses', { text: ['Hel', 'lo'] });
    const r = await client.responses.create({ model: 'gpt-4.1', input: 'hi', instructions: 'Be brief.' });
    assert.match(r.id, /^resp_/);
    assert.equal(r.object, 'response');
    assert.equal(r.status, 'completed');
    assert.equal(r.model, 'gpt-4.1');
    assert.equal(r.instructions, 'Be brief.');
    assert.equal(r.output_text, 'Hello');
    assert.ok(r.usage && r.usage.total_tokens === r.usage.input_tokens + r.usage.output_tokens);
  });

  it('answers the demo markdown when nothing is scripted', async () => {
    const r = await client.responses.create({ model: 'gpt-4.1-mini', input: 'anything' });
    assert.equal(r.output_text, DEMO_ANSWER);
    assert.match(r.output_text, /^## /m);
    assert.match(r.output_text, /^- /m);
    assert.match(r.output_text, /^```ts$/m);
    assert.match(r.output_text, /demo backend/);
  });

  it('streams the events of a completed response in order, numbered from 0', async () => {
    fake.script('responses', { text: ['One ', 'two ', 'three'] });
    const events = await collect(await stream());
    assert.deepEqual(events.map((e) => e.type), [
      'response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added',
      'response.output_text.delta', 'response.output_text.delta', 'response.output_text.delta',
      'response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed',
    ]);
    assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i));
    assert.equal(deltasOf(events), 'One two three');
    const last = events[events.length - 1];
    assert.ok(last.type === 'response.completed');
    assert.equal(last.response.output.length, 1);
    assert.equal(last.response.usage?.output_tokens, Math.ceil('One two three'.length / 4));
    const delta = events[4];
    assert.ok(delta.type === 'response.output_text.delta');
    assert.equal(delta.item_id, (events[2] as OpenAI.Responses.ResponseOutputItemAddedEvent).item.id);
    assert.deepEqual([delta.output_index, delta.content_index, delta.logprobs], [0, 0, []]);
  });

  it('ends with response.incomplete and its reason', async () => {
    fake.script('responses', { text: 'cut', status: 'incomplete', incompleteReason: 'content_filter' });
    const last = (await collect(await stream())).pop()!;
    assert.ok(last.type === 'response.incomplete');
    assert.equal(last.response.status, 'incomplete');
    assert.deepEqual(last.response.incomplete_details, { reason: 'content_filter' });
  });

  it('ends with response.failed and its error', async () => {
    fake.script('responses', { text: 'part', status: 'failed', failure: { code: 'rate_limit_exceeded', message: 'Too busy.' } });
    const events = await collect(await stream());
    const last = events.pop()!;
    assert.ok(last.type === 'response.failed');
    assert.deepEqual(last.response.error, { code: 'rate_limit_exceeded', message: 'Too busy.' });
    assert.equal(events.filter((e) => e.type === 'response.output_text.done').length, 0);
  });

  it('takes scripted replies in order, then the default', async () => {
    fake.script('responses', { text: 'first' }, { text: 'second' });
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) texts.push((await client.responses.create({ model: 'm', input: 'x' })).output_text);
    assert.deepEqual(texts, ['first', 'second', DEMO_ANSWER]);
  });

  it('rejects an unknown conversation with a 404', async () => {
    await assert.rejects(client.responses.create({ model: 'm', input: 'x', conversation: 'conv_x' }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.NotFoundError);
      assert.equal(e.message, "404 Conversation with id 'conv_x' not found.");
      assert.equal(e.type, 'invalid_request_error');
      assert.match(e.requestID ?? '', /^req_/);
      return true;
    });
  });

  it('appends the input and the answer to a known conversation', async () => {
    const conv = await client.conversations.create();
    fake.script('responses', { text: 'first answer' }, { text: 'second answer' });
    const r = await client.responses.create({ model: 'm', input: 'first question', conversation: conv.id });
    assert.deepEqual(r.conversation, { id: conv.id });
    await collect(await stream({ input: [{ role: 'user', content: 'second question' }], conversation: { id: conv.id } }));
    const items = fake.conversation(conv.id)!.items as { role: string; content: { text: string }[] }[];
    assert.deepEqual(items.map((i) => [i.role, i.content[0].text]), [
      ['user', 'first question'], ['assistant', 'first answer'], ['user', 'second question'], ['assistant', 'second answer'],
    ]);
  });

  it('retrieves, cancels and deletes a stored response', async () => {
    const r = await client.responses.create({ model: 'm', input: 'x' });
    assert.equal((await client.responses.retrieve(r.id)).id, r.id);
    assert.equal((await client.responses.cancel(r.id)).status, 'completed');
    await client.responses.delete(r.id);
    await assert.rejects(client.responses.retrieve(r.id), OpenAI.NotFoundError);
  });

  it('waits delayMs before answering', async () => {
    fake.script('responses', { text: 'late', delayMs: 150 });
    const started = Date.now();
    await client.responses.create({ model: 'm', input: 'x' });
    assert.ok(Date.now() - started >= 140, 'answered too early');
  });

  it('makes the SDK stream throw when the socket drops mid-stream', async () => {
    fake.script('responses', { text: ['a', 'b', 'c'], dropAfterFrames: 5 });
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (const e of await stream()) seen.push(e.type);
    });
    assert.deepEqual(seen, ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added', 'response.output_text.delta']);
  });

  for (const splitEvery of [1, 7]) {
    it(`yields the same text when the stream is written ${splitEvery} bytes at a time`, async () => {
      const chunks = ['héllo — ✓', ' 日本語 ', '🙂 done'];
      fake.script('responses', { text: chunks, splitEvery });
      const events = await collect(await stream());
      assert.equal(deltasOf(events), chunks.join(''));
      assert.equal(events[events.length - 1].type, 'response.completed');
    });
  }

  it('really writes the stream in small pieces with splitEvery', async () => {
    fake.script('responses', { splitEvery: 7 });
    const r = await fetch(`${fake.url}/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', input: 'x', stream: true }),
    });
    let reads = 0;
    let bytes = 0;
    for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) {
      reads++;
      bytes += chunk.length;
    }
    // The client may merge a few pieces into one read, but not hundreds of them.
    assert.ok(reads > bytes / 70, `${bytes} bytes arrived in only ${reads} reads`);
  });

  it('makes the SDK throw on a malformed frame', async () => {
    fake.script('responses', { text: ['a', 'b'], malformedFrameAfter: 3 });
    await assert.rejects(collect(await stream()), /malformed|JSON/i);
  });

  it('sends an `error` stream event, which the SDK raises as an APIError', async () => {
    fake.script('responses', { text: ['a', 'b'], sseErrorAfter: 4 });
    await assert.rejects(collect(await stream()), (e: unknown) => e instanceof OpenAI.APIError && /server had an error/.test(e.message));

    fake.script('responses', { text: ['a', 'b'], sseErrorAfter: 4 });
    const raw = await fetch(`${fake.url}/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', input: 'x', stream: true }),
    });
    assert.equal(raw.headers.get('content-type'), 'text/event-stream');
    const frames = (await raw.text()).trim().split('\n\n');
    assert.equal(frames.length, 5);
    const [eventLine, dataLine] = frames[4].split('\n');
    assert.equal(eventLine, 'event: error');
    const data = JSON.parse(dataLine.slice('data: '.length));
    assert.equal(data.type, 'error');
    assert.equal(data.sequence_number, 4);
  });
});
