// The Responses backend's hosted tools through the fake server and the real SDK: code interpreter runs
// and file search citations become normalised BackendEvents; the turn keeps them as codeRuns and
// citations for the panel (throttled code updates).
import assert from 'node:assert/strict';
import type { BackendEvent, TurnInput } from '../../src/core/backends/backend';
import { ResponsesBackend } from '../../src/core/backends/responses';
import { createClient } from '../../src/core/client';
import { CODE_UPDATE_MS, HostedRecords } from '../../src/core/hosted-records';
import { silentLogger } from '../../src/core/logger';
import { MemoryThreadStore } from '../../src/core/threads/thread-store';
import type { Turn } from '../../src/shared/turn';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { testAssistant } from './support';

const KEY = 'sk-test-hosted-tools';
const PNG = Buffer.from('89504e470d0a1a0a', 'hex');

describe('Responses backend: code interpreter and file search', () => {
  let fake: FakeOpenAI;
  before(async () => {
    fake = await startFakeOpenAI({ validate: true, apiKeys: [KEY] });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());
  afterEach(function () {
    if (this.currentTest?.state === 'passed') assert.deepEqual(fake.violations, [], 'every exchange matches the OpenAI spec');
  });

  async function run(input: Partial<TurnInput> = {}): Promise<BackendEvent[]> {
    const backend = new ResponsesBackend(createClient({ apiKey: KEY, baseUrl: fake.url }), silentLogger);
    const threadRef = await backend.createThread(new AbortController().signal);
    const events: BackendEvent[] = [];
    for await (const e of backend.streamTurn({ threadRef, model: 'gpt-test', instructions: 'Be brief.', parts: ['Plot the data.'], signal: new AbortController().signal, ...input })) events.push(e);
    return events;
  }

  it('maps a code run, its generated file and the file citations, once each, in stream order', async () => {
    fake.script('responses', {
      fileSearch: { citations: [{ fileId: 'file-a', filename: 'data.md' }, { fileId: 'file-a', filename: 'data.md' }] },
      codeInterpreter: [{ code: ['import pandas\n', 'df.plot()\n'], logs: 'ok\n', files: [{ filename: 'chart.png', content: PNG }] }],
      text: ['See ', '[the chart](sandbox:/mnt/data/chart.png).'],
    });
    const events = await run({ hostedTools: { codeInterpreter: { fileIds: ['file-x'] }, fileSearch: { vectorStoreIds: ['vs_1'], maxResults: 5 } } });
    assert.deepEqual(events.map((e) => e.type), ['started', 'code', 'code', 'code', 'code_done', 'text', 'text', 'generated_file', 'citation', 'usage', 'finished']);
    const [, start, d1, d2, done] = events;
    assert.ok(start.type === 'code' && d1.type === 'code' && d2.type === 'code' && done.type === 'code_done');
    assert.match(start.id, /^ci_/);
    assert.match(start.containerId ?? '', /^cntr_/);
    assert.deepEqual([start.delta, d1.delta, d2.delta], ['', 'import pandas\n', 'df.plot()\n']);
    assert.equal(d2.containerId, start.containerId, 'the deltas carry the container of their run');
    assert.deepEqual(done, { type: 'code_done', id: start.id, code: 'import pandas\ndf.plot()\n', status: 'done', logs: 'ok\n', containerId: start.containerId });
    const file = events[7];
    assert.ok(file.type === 'generated_file');
    assert.deepEqual([file.containerId, file.filename, file.mimeType], [start.containerId, 'chart.png', 'image/png']);
    assert.match(file.fileId, /^cfile_/);
    assert.deepEqual(events[8], { type: 'citation', fileId: 'file-a', filename: 'data.md' });

    const body = fake.requests.find((r) => r.path === '/v1/responses')!.body as { tools: unknown[]; include: string[] };
    assert.deepEqual(body.tools, [
      { type: 'code_interpreter', container: { type: 'auto', file_ids: ['file-x'] } },
      { type: 'file_search', vector_store_ids: ['vs_1'], max_num_results: 5 },
    ]);
    assert.deepEqual(body.include, ['code_interpreter_call.outputs']);
  });

  it('a failed run ends failed; without hosted tools the request names none and asks for no outputs', async () => {
    fake.script('responses', { codeInterpreter: [{ code: '1/0', fail: true, logs: 'ZeroDivisionError' }], text: 'It failed.' });
    const events = await run();
    const done = events.find((e) => e.type === 'code_done');
    // Outputs were not included, so there are no logs (as at OpenAI).
    assert.ok(done?.type === 'code_done');
    assert.deepEqual([done.status, done.code, done.logs], ['failed', '1/0', undefined]);
    const body = fake.requests.find((r) => r.path === '/v1/responses')!.body as Record<string, unknown>;
    assert.equal(body.tools, undefined);
    assert.equal(body.include, undefined);
  });

  it('a turn ends with its code runs (code, status, files) and its citations without duplicates', async () => {
    const store = new MemoryThreadStore();
    const assistant = testAssistant(() => ({ store, baseUrl: fake.url, apiKey: KEY, idleTimeoutMs: 10_000 }));
    await assistant.load();
    const seen: Turn[] = [];
    assistant.onEvent((e) => e.type === 'turn' && seen.push(structuredClone(e.turn)));
    fake.script('responses', {
      fileSearch: { citations: [{ fileId: 'file-1', filename: 'retry.ts' }, { fileId: 'file-2', filename: 'README.md' }] },
      codeInterpreter: [
        { code: ['x = ', '1'], files: [{ filename: 'out.csv', content: 'a,b\n' }] },
        { code: 'raise', fail: true },
      ],
      text: 'Wrote out.csv.',
    }, {
      fileSearch: { citations: [{ fileId: 'file-1', filename: 'retry.ts' }] },
      text: 'Again.',
    });
    const turn = await assistant.ask({ kind: 'ask', question: 'Compute it.', attachments: [] });
    assert.equal(turn.status, 'completed');
    assert.equal(turn.answer, 'Wrote out.csv.');
    const runs = turn.codeRuns ?? [];
    assert.equal(runs.length, 2);
    assert.deepEqual(runs.map((r) => [r.code, r.status]), [['x = 1', 'done'], ['raise', 'failed']]);
    assert.equal(runs[0].containerId, runs[1].containerId);
    assert.deepEqual(runs[0].files?.map((f) => [f.filename, f.mimeType, f.containerId]), [['out.csv', 'text/csv', runs[0].containerId]]);
    assert.equal(runs[1].files, undefined);
    assert.deepEqual(turn.citations, [{ fileId: 'file-1', filename: 'retry.ts' }, { fileId: 'file-2', filename: 'README.md' }]);
    // The panel saw the runs while they streamed, not only at the end.
    assert.ok(seen.some((t) => t.codeRuns?.[0]?.status === 'running'));
    assert.ok(seen.some((t) => t.status === 'in_progress' && t.citations?.length === 2));

    const second = await assistant.ask({ kind: 'ask', question: 'Again?', attachments: [] });
    assert.deepEqual(second.citations, [{ fileId: 'file-1', filename: 'retry.ts' }]);
    assert.equal(second.codeRuns, undefined);
  });
});

describe('HostedRecords', () => {
  const newTurn = (): Turn => ({ id: 't', kind: 'ask', question: 'q', attachments: [], createdAt: 0, answer: '', status: 'in_progress' });

  it('shows a new run at once, then its code at most every CODE_UPDATE_MS, the end at once, and flushes what was held back', () => {
    let now = 1_000;
    const updates: Partial<Turn>[] = [];
    const turn = newTurn();
    const records = new HostedRecords(turn, { update: (p) => updates.push(p) }, () => now);
    records.apply({ type: 'code', id: 'ci_1', containerId: 'cntr_1', delta: '' });
    records.apply({ type: 'code', id: 'ci_1', delta: 'a' });
    now += CODE_UPDATE_MS - 1;
    records.apply({ type: 'code', id: 'ci_1', delta: 'b' });
    assert.equal(updates.length, 1, 'deltas within CODE_UPDATE_MS are held back');
    assert.equal(turn.codeRuns?.[0].code, 'ab', 'the turn always holds the latest code');
    now += 1;
    records.apply({ type: 'code', id: 'ci_1', delta: 'c' });
    assert.equal(updates.length, 2);
    records.apply({ type: 'code', id: 'ci_1', delta: 'd' });
    records.flush();
    assert.equal(updates.length, 3);
    records.flush();
    assert.equal(updates.length, 3, 'nothing held back, nothing sent');
    records.apply({ type: 'code_done', id: 'ci_1', code: 'abcd', status: 'done', logs: '4' });
    assert.equal(updates.length, 4);
    assert.deepEqual(updates[3].codeRuns, [{ id: 'ci_1', containerId: 'cntr_1', code: 'abcd', status: 'done', logs: '4' }]);
    // Updates carry new arrays: an earlier snapshot is not changed by later events.
    assert.equal(updates[0].codeRuns?.[0].code, '');
  });

  it('puts a file cited without a run in this turn on a run of its own, once', () => {
    const turn = newTurn();
    const records = new HostedRecords(turn, { update: () => undefined });
    const file = { type: 'generated_file', containerId: 'cntr_old', fileId: 'cfile_1', filename: 'a.png', mimeType: 'image/png' } as const;
    records.apply(file);
    records.apply(file);
    assert.deepEqual(turn.codeRuns, [{ id: 'files:cntr_old', containerId: 'cntr_old', code: '', status: 'done', files: [{ containerId: 'cntr_old', fileId: 'cfile_1', filename: 'a.png', mimeType: 'image/png' }] }]);
  });
});
