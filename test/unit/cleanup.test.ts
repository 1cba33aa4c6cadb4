// Clean Up Remote Data and retention, through the real SDK against the fake server: the inventory
// of this workspace's remote data, deletion with 404 counted as already gone, failures reported,
// and threads marked so their next question starts a new conversation (the transcript stays).
import assert from 'node:assert/strict';
import { toFile } from 'openai';
import type OpenAI from 'openai';
import {
  deleteRemoteItems, describeCounts, fileSearchStateAfter, forgetRemoved, remoteInventory, threadRemote, type RemoteItem, type ThreadRemote,
} from '../../src/core/cleanup/cleanup';
import { createClient } from '../../src/core/client';
import type { FileSearchState } from '../../src/core/file-search';
import { expiredConversations, retentionDue } from '../../src/core/cleanup/retention';
import { FileThreadStore } from '../../src/core/threads/thread-store';
import type { ThreadSummary, Turn } from '../../src/shared/turn';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { testAssistant } from './support';
import { tempDir } from './tools.support';
import { conversationOf } from '../../src/core/threads/server-state';

const KEY = 'sk-test-cleanup';
const DAY = 24 * 60 * 60 * 1000;

function turnAt(createdAt: number, containerId?: string): Turn {
  return {
    id: `turn_${createdAt}`, kind: 'ask', question: 'q', attachments: [], createdAt, answer: 'a', status: 'completed',
    ...(containerId ? { codeRuns: [{ id: 'ci_1', containerId, code: 'print(1)', status: 'done' as const }] } : {}),
  };
}

describe('cleanup: Clean Up Remote Data', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;

  async function upload(name: string): Promise<string> {
    return (await client.files.create({ file: await toFile(Buffer.from(`# ${name}\n`), name), purpose: 'assistants' })).id;
  }

  /** A workspace's worth of remote data: two conversations, an index with two files, an attached file, a container. */
  async function remoteData(): Promise<{ threads: ThreadRemote[]; fileSearch: FileSearchState }> {
    const a = await upload('a.md');
    const b = await upload('b.md');
    const attached = await upload('data.csv');
    const vs = await client.vectorStores.create({ name: 'Workspace Assistant: test', file_ids: [a, b] });
    const container = await client.containers.create({ name: 'Code interpreter' });
    const c1 = await client.conversations.create();
    const c2 = await client.conversations.create();
    const t1: ThreadSummary = { id: 'thread_1', title: 'First', createdAt: 1, remote: { kind: 'responses', server: '', conversationId: c1.id }, codeFiles: [{ fileId: attached, path: 'data.csv' }] };
    const t2: ThreadSummary = { id: 'thread_2', title: 'Second', createdAt: 2, remote: { kind: 'responses', server: '', conversationId: c2.id } };
    const t3: ThreadSummary = { id: 'thread_3', title: 'Never asked', createdAt: 3 };
    return {
      threads: [threadRemote(t1, [turnAt(10, container.id)]), threadRemote(t2, [turnAt(20)]), threadRemote(t3, [])],
      fileSearch: { vectorStoreId: vs.id, files: { 'docs/a.md': { fileId: a, hash: 'ha' }, 'docs/b.md': { fileId: b, hash: 'hb' } } },
    };
  }

  before(async () => {
    fake = await startFakeOpenAI({ validate: true, apiKeys: [KEY] });
    client = createClient({ apiKey: KEY, baseUrl: fake.url });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());
  afterEach(function () {
    if (this.currentTest?.state === 'passed') assert.deepEqual(fake.violations, [], 'every exchange matches the OpenAI spec');
  });

  it('lists the vector store, its files, attached files, the conversations and the containers the transcripts recorded', async () => {
    const { threads, fileSearch } = await remoteData();
    const items = remoteInventory(threads, fileSearch);
    assert.deepEqual(items.map((i) => [i.kind, i.label]), [
      ['vector-store', 'the workspace documents index'],
      ['file', 'docs/a.md'],
      ['file', 'docs/b.md'],
      ['file', 'data.csv (code interpreter)'],
      ['conversation', 'First'],
      ['conversation', 'Second'],
      ['container', 'code interpreter container'],
    ]);
    assert.equal(describeCounts(items), '2 conversations, 3 uploaded files, 1 vector store, 1 code interpreter container');
  });

  it('deletes everything listed; what was already deleted counts as gone, not as a failure', async () => {
    const { threads, fileSearch } = await remoteData();
    const items = remoteInventory(threads, fileSearch);
    await client.conversations.delete(threads[1].conversations[0]); // deleted elsewhere meanwhile
    const report = await deleteRemoteItems(client, items, { signal: new AbortController().signal });
    assert.equal(report.deleted.length, items.length - 1);
    assert.deepEqual(report.alreadyGone.map((i) => i.id), [threads[1].conversations[0]]);
    assert.deepEqual(report.failed, []);
    assert.deepEqual((await client.files.list()).data, []);
    assert.deepEqual((await client.vectorStores.list()).data, []);
    assert.deepEqual((await client.containers.list()).data, []);
    await assert.rejects(client.conversations.retrieve(threads[0].conversations[0]));
    assert.deepEqual(fileSearchStateAfter(fileSearch, report), { files: {} });
  });

  it('a refused key fails every item once, without trying the rest; nothing is reported deleted', async () => {
    const { threads, fileSearch } = await remoteData();
    const items = remoteInventory(threads, fileSearch);
    const before = fake.requests.length;
    const wrong = createClient({ apiKey: 'sk-wrong-key-0000', baseUrl: fake.url });
    const report = await deleteRemoteItems(wrong, items, { signal: new AbortController().signal });
    assert.equal(report.failed.length, items.length);
    assert.match(report.failed[0].reason, /Incorrect API key/);
    assert.equal(fake.requests.length - before, 1, 'one request, not one per item');
    // The index state keeps what was not deleted, so a later clean-up can still find it.
    assert.deepEqual(fileSearchStateAfter(fileSearch, report), fileSearch);
  });

  it('stops when cancelled, reporting what was done so far', async () => {
    const { threads, fileSearch } = await remoteData();
    const items = remoteInventory(threads, fileSearch);
    const controller = new AbortController();
    const report = await deleteRemoteItems(client, items, { signal: controller.signal, progress: (done) => done === 2 && controller.abort() });
    assert.equal(report.cancelled, true);
    assert.equal(report.deleted.length, 2);
  });

  it('marks the threads whose conversations went: the next question starts a new conversation, the transcript stays', async () => {
    const { dir, dispose } = await tempDir('wa-cleanup-');
    try {
      const store = new FileThreadStore(dir);
      const assistant = testAssistant(() => ({ store, baseUrl: fake.url, apiKey: KEY, idleTimeoutMs: 10_000 }));
      await assistant.load();
      fake.script('responses', { text: ['first answer'] }, { text: ['second answer'] });
      await assistant.ask({ kind: 'ask', question: 'one', attachments: [] });
      const thread = assistant.currentThread;
      const old = conversationOf(thread)!;
      const remote = threadRemote(thread, await assistant.turnsOf(thread.id));

      // Retention: this thread's last activity is 31 days old by then.
      const expired = expiredConversations([remote], 30, Date.now() + 31 * DAY);
      assert.deepEqual(expired.map((i) => i.id), [old]);
      const report = await deleteRemoteItems(client, expired, { signal: new AbortController().signal });
      // A second store on the same folder, like the host's: the open Assistant takes the change in.
      assert.equal(await forgetRemoved(new FileThreadStore(dir), report, 1234), 1);
      await assistant.refreshThreads();
      assert.equal(conversationOf(assistant.currentThread), undefined);
      assert.equal(assistant.currentThread.conversationRemovedAt, 1234);
      assert.equal(assistant.transcript.length, 1);

      const next = await assistant.ask({ kind: 'ask', question: 'two', attachments: [] });
      assert.equal(next.status, 'completed');
      assert.notEqual(conversationOf(assistant.currentThread), old);
      assert.ok(!fake.requests.some((r) => r.path.includes(old) && r.method !== 'DELETE'), 'the deleted conversation is not asked for again');
    } finally {
      await dispose();
    }
  });

  it('does not clear a conversation started after the deleted one', async () => {
    const { dir, dispose } = await tempDir('wa-cleanup-');
    try {
      const store = new FileThreadStore(dir);
      await store.loadIndex();
      await store.saveIndex({ threads: [{ id: 'thread_1', title: 't', createdAt: 1, remote: { kind: 'responses', server: '', conversationId: 'conv_new' } }] });
      const gone: RemoteItem = { kind: 'conversation', id: 'conv_old', label: 't', threadId: 'thread_1' };
      assert.equal(await forgetRemoved(new FileThreadStore(dir), { deleted: [gone], alreadyGone: [], failed: [], cancelled: false }), 0);
      assert.equal(conversationOf((await new FileThreadStore(dir).loadIndex()).threads[0]), 'conv_new');
    } finally {
      await dispose();
    }
  });
});

describe('cleanup: retention', () => {
  const thread = (id: string, lastActivity: number, conversationId?: string): ThreadRemote => ({ id, title: id, conversations: conversationId ? [conversationId] : [], lastActivity, containerIds: [], codeFiles: [] });
  const now = 100 * DAY;

  it('picks the conversations of threads unused for longer than N days; 0 keeps everything', () => {
    const threads = [thread('old', now - 31 * DAY, 'conv_old'), thread('recent', now - 29 * DAY, 'conv_recent'), thread('local-only', now - 90 * DAY)];
    assert.deepEqual(expiredConversations(threads, 30, now).map((i) => i.id), ['conv_old']);
    assert.deepEqual(expiredConversations(threads, 0, now), []);
  });

  it('last activity is the newest turn, else the thread creation', () => {
    const summary: ThreadSummary = { id: 't', title: 't', createdAt: 5 };
    assert.equal(threadRemote(summary, []).lastActivity, 5);
    assert.equal(threadRemote(summary, [turnAt(7), turnAt(9)]).lastActivity, 9);
  });

  it('runs at most once a day', () => {
    assert.equal(retentionDue(undefined, now), true);
    assert.equal(retentionDue(now - DAY + 1, now), false);
    assert.equal(retentionDue(now - DAY, now), true);
    assert.equal(retentionDue(now + 5, now), true, 'a clock set back does not stop it for good');
  });
});
