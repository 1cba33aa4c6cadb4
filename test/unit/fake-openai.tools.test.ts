// The fake OpenAI server's hosted tools through the real openai SDK: scripted code interpreter runs
// (their events, containers and generated files) and file search (vector stores, citations), each
// body and event checked against the spec (zero violations).
import assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';

type StreamEvent = OpenAI.Responses.ResponseStreamEvent;

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('fake-openai: code interpreter, containers, file search, vector stores', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;
  before(async () => {
    fake = await startFakeOpenAI({ validate: true });
    client = new OpenAI({ baseURL: fake.url, apiKey: 'sk-test', maxRetries: 0, logLevel: 'off' });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());
  afterEach(function () {
    if (this.currentTest?.state === 'passed' && !this.currentTest.title.includes('(negative)')) assert.deepEqual(fake.violations, []);
  });

  const CODE_TOOL = { type: 'code_interpreter' as const, container: { type: 'auto' as const } };

  it('streams a code interpreter run: its item, code deltas, interpreting, completed, then a message citing the file', async () => {
    fake.script('responses', {
      codeInterpreter: [{ code: ['import matplotlib\n', 'plt.plot([1, 2])\n'], logs: 'saved', files: [{ filename: 'plot.png', content: PNG }] }],
      text: ['Here is the plot: ', '[plot.png](sandbox:/mnt/data/plot.png)'],
    });
    const events = await collect(await client.responses.create({ model: 'gpt-4.1', input: 'plot it', tools: [CODE_TOOL], include: ['code_interpreter_call.outputs'], stream: true }));
    assert.deepEqual(events.map((e) => e.type), [
      'response.created', 'response.in_progress',
      'response.output_item.added', 'response.code_interpreter_call.in_progress',
      'response.code_interpreter_call_code.delta', 'response.code_interpreter_call_code.delta',
      'response.code_interpreter_call_code.done', 'response.code_interpreter_call.interpreting',
      'response.code_interpreter_call.completed', 'response.output_item.done',
      'response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.delta',
      'response.output_text.annotation.added', 'response.output_text.done', 'response.content_part.done', 'response.output_item.done',
      'response.completed',
    ]);
    assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i));
    const done = events[9];
    assert.ok(done.type === 'response.output_item.done' && done.item.type === 'code_interpreter_call');
    assert.equal(done.item.code, 'import matplotlib\nplt.plot([1, 2])\n');
    assert.equal(done.item.status, 'completed');
    assert.match(done.item.container_id, /^cntr_/);
    assert.deepEqual(done.item.outputs, [{ type: 'logs', logs: 'saved' }]);
    const delta = events[4];
    assert.ok(delta.type === 'response.code_interpreter_call_code.delta');
    assert.deepEqual([delta.item_id, delta.output_index], [done.item.id, 0]);

    const last = events[events.length - 1];
    assert.ok(last.type === 'response.completed');
    assert.equal(last.response.output.length, 2);
    const message = last.response.output[1];
    assert.ok(message.type === 'message' && message.content[0].type === 'output_text');
    const text = message.content[0].text;
    const [annotation] = message.content[0].annotations;
    assert.ok(annotation.type === 'container_file_citation');
    assert.equal(annotation.container_id, done.item.container_id);
    assert.equal(annotation.filename, 'plot.png');
    assert.equal(text.slice(annotation.start_index, annotation.end_index), 'sandbox:/mnt/data/plot.png');
    const added = events[14];
    assert.ok(added.type === 'response.output_text.annotation.added');
    assert.deepEqual([added.output_index, added.content_index, added.annotation_index, added.annotation], [1, 0, 0, annotation]);

    // The file is downloaded through the containers API: metadata, then bytes.
    const meta = await client.containers.files.retrieve(annotation.file_id, { container_id: annotation.container_id });
    assert.deepEqual([meta.path, meta.source, meta.bytes], ['/mnt/data/plot.png', 'assistant', PNG.length]);
    const content = await client.containers.files.content.retrieve(annotation.file_id, { container_id: annotation.container_id });
    assert.equal(content.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await content.arrayBuffer()), PNG);
  });

  it('leaves a code run\'s outputs null unless the request includes them, and reports a failed run without completed', async () => {
    fake.script('responses', { codeInterpreter: [{ code: 'print(1)', logs: '1' }, { code: '1/0', fail: true, logs: 'ZeroDivisionError' }], text: 'It failed.' });
    const events = await collect(await client.responses.create({ model: 'gpt-4.1', input: 'run', tools: [CODE_TOOL], stream: true }));
    const items = events.flatMap((e) => (e.type === 'response.output_item.done' && e.item.type === 'code_interpreter_call' ? [e.item] : []));
    assert.deepEqual(items.map((i) => [i.status, i.code, i.outputs]), [['completed', 'print(1)', null], ['failed', '1/0', null]]);
    assert.equal(items[0].container_id, items[1].container_id, 'one auto container per response');
    assert.equal(events.filter((e) => e.type === 'response.code_interpreter_call.completed').length, 1);
    assert.equal(events.filter((e) => e.type === 'response.code_interpreter_call.interpreting').length, 2);
  });

  it('stores code runs in the conversation, and answers JSON with them too', async () => {
    const conv = await client.conversations.create({});
    fake.script('responses', { codeInterpreter: [{ code: 'x = 1', containerId: 'cntr_scripted' }], fileSearch: { citations: [{ fileId: 'file-abc', filename: 'notes.md' }] }, text: 'Done.' });
    const r = await client.responses.create({ model: 'gpt-4.1', input: 'go', conversation: conv.id });
    assert.deepEqual(r.output.map((i) => i.type), ['file_search_call', 'code_interpreter_call', 'message']);
    assert.equal(r.output_text, 'Done.');
    const items = await client.conversations.items.list(conv.id, { order: 'asc' });
    assert.deepEqual(items.data.map((i) => i.type), ['message', 'file_search_call', 'code_interpreter_call', 'message']);
    assert.equal((await client.containers.retrieve('cntr_scripted')).id, 'cntr_scripted');
  });

  it('streams a file search and its file_citation annotations', async () => {
    fake.script('responses', {
      fileSearch: { queries: ['retry policy'], citations: [{ fileId: 'file-1', filename: 'retry.ts', text: 'export function retry' }, { fileId: 'file-2', filename: 'README.md' }] },
      text: 'Retries back off.',
    });
    const events = await collect(await client.responses.create({
      model: 'gpt-4.1', input: 'how do retries work?', tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }], include: ['file_search_call.results'], stream: true,
    }));
    assert.deepEqual(events.slice(2, 7).map((e) => e.type), [
      'response.output_item.added', 'response.file_search_call.in_progress', 'response.file_search_call.searching',
      'response.file_search_call.completed', 'response.output_item.done',
    ]);
    const done = events[6];
    assert.ok(done.type === 'response.output_item.done' && done.item.type === 'file_search_call');
    assert.deepEqual(done.item.queries, ['retry policy']);
    assert.deepEqual(done.item.results?.map((r) => [r.file_id, r.filename]), [['file-1', 'retry.ts'], ['file-2', 'README.md']]);
    const annotations = events.flatMap((e) => (e.type === 'response.output_text.annotation.added' ? [e.annotation] : []));
    assert.deepEqual(annotations, [
      { type: 'file_citation', file_id: 'file-1', filename: 'retry.ts', index: 'Retries back off.'.length },
      { type: 'file_citation', file_id: 'file-2', filename: 'README.md', index: 'Retries back off.'.length },
    ]);
  });

  it('a file search without queries searches for the question, without results unless included', async () => {
    fake.script('responses', { fileSearch: { citations: [] }, text: 'Nothing found.' });
    const r = await client.responses.create({ model: 'gpt-4.1', input: [{ role: 'user', content: [{ type: 'input_text', text: 'where is main?' }] }] });
    const call = r.output[0];
    assert.ok(call.type === 'file_search_call');
    assert.deepEqual([call.queries, call.results], [['where is main?'], null]);
  });

  it('rejects a hosted tool the spec does not allow (negative)', async () => {
    await client.responses.create({ model: 'gpt-4.1', input: 'x', tools: [{ type: 'code_interpreter' } as unknown as OpenAI.Responses.Tool] });
    assert.ok(fake.violations.some((v) => /^POST \/v1\/responses request CreateResponse/.test(v)), fake.violations.join('\n'));
  });

  it('creates, lists, retrieves and deletes containers and their files (upload or file id)', async () => {
    const c = await client.containers.create({ name: 'Workspace files', memory_limit: '4g' });
    assert.match(c.id, /^cntr_/);
    assert.deepEqual([c.name, c.memory_limit, c.status], ['Workspace files', '4g', 'running']);
    const uploaded = await client.containers.files.create(c.id, { file: await toFile(Buffer.from('a,b\n1,2\n'), 'data.csv') });
    assert.deepEqual([uploaded.path, uploaded.source, uploaded.bytes], ['/mnt/data/data.csv', 'user', 8]);
    const f = await client.files.create({ file: await toFile(Buffer.from('print(1)\n'), 'main.py'), purpose: 'assistants' });
    const copied = await client.containers.files.create(c.id, { file_id: f.id });
    assert.equal(copied.path, '/mnt/data/main.py');
    assert.deepEqual((await client.containers.files.list(c.id, { order: 'asc' })).data.map((x) => x.id), [uploaded.id, copied.id]);
    const content = await client.containers.files.content.retrieve(uploaded.id, { container_id: c.id });
    assert.equal(await content.text(), 'a,b\n1,2\n');
    await client.containers.files.delete(uploaded.id, { container_id: c.id });
    await assert.rejects(client.containers.files.retrieve(uploaded.id, { container_id: c.id }), OpenAI.NotFoundError);
    assert.deepEqual((await client.containers.list()).data.map((x) => x.id), [c.id]);
    await client.containers.delete(c.id);
    await assert.rejects(client.containers.retrieve(c.id), OpenAI.NotFoundError);
    assert.deepEqual((await client.containers.list()).data, []);
  });

  it('vector stores: create with files, attach, list, search, detach, delete; deleting files and conversations', async () => {
    const a = await client.files.create({ file: await toFile(Buffer.from('# Retry\n\nRequests are retried with exponential backoff.\n\nUnrelated.'), 'retry.md'), purpose: 'assistants' });
    const b = await client.files.create({ file: await toFile(Buffer.from('The cache keeps entries for an hour.'), 'cache.md'), purpose: 'assistants' });
    const vs = await client.vectorStores.create({ name: 'workspace', file_ids: [a.id], expires_after: { anchor: 'last_active_at', days: 7 } });
    assert.match(vs.id, /^vs_/);
    assert.deepEqual(vs.file_counts, { in_progress: 0, completed: 1, failed: 0, cancelled: 0, total: 1 });
    const attached = await client.vectorStores.files.create(vs.id, { file_id: b.id, attributes: { path: 'docs/cache.md' } });
    assert.deepEqual([attached.id, attached.status, attached.vector_store_id], [b.id, 'completed', vs.id]);
    assert.equal((await client.vectorStores.retrieve(vs.id)).file_counts.total, 2);
    assert.deepEqual((await client.vectorStores.files.list(vs.id, { order: 'asc' })).data.map((f) => f.id), [a.id, b.id]);
    assert.deepEqual((await client.vectorStores.files.retrieve(b.id, { vector_store_id: vs.id })).attributes, { path: 'docs/cache.md' });
    const results = await client.vectorStores.search(vs.id, { query: 'how are requests retried' });
    assert.equal(results.data[0].file_id, a.id);
    assert.equal(results.data[0].content[0].text, 'Requests are retried with exponential backoff.');
    await assert.rejects(client.vectorStores.files.create(vs.id, { file_id: 'file-missing' }), OpenAI.NotFoundError);
    assert.deepEqual(await client.vectorStores.files.delete(a.id, { vector_store_id: vs.id }), { id: a.id, object: 'vector_store.file.deleted', deleted: true });
    assert.equal((await client.vectorStores.retrieve(vs.id)).file_counts.total, 1);
    assert.deepEqual((await client.vectorStores.list()).data.map((x) => x.id), [vs.id]);
    assert.deepEqual(await client.vectorStores.delete(vs.id), { id: vs.id, object: 'vector_store.deleted', deleted: true });
    await assert.rejects(client.vectorStores.retrieve(vs.id), OpenAI.NotFoundError);
    // Clean Up Remote Data: files and conversations go too.
    assert.equal((await client.files.delete(a.id)).deleted, true);
    const conv = await client.conversations.create({});
    assert.equal((await client.conversations.delete(conv.id)).deleted, true);
  });
});
