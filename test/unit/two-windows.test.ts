// I4: two VS Code windows on one folder share the storage directory. Each window is an Assistant
// with its own FileThreadStore on the same temporary directory; nothing either does is lost.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Assistant } from '../../src/core/assistant';
import { mergeIndex } from '../../src/core/threads/index-merge';
import { FileThreadStore } from '../../src/core/threads/thread-store';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { testAssistant } from './support';
import { conversationOf } from '../../src/core/threads/server-state';

const KEY = 'sk-test-two-windows';
const ask = (question: string) => ({ kind: 'ask' as const, question, attachments: [] });

describe('I4 two windows on one folder', () => {
  let fake: FakeOpenAI;
  let dir: string;

  /** A window: its own store instance on the shared directory, loaded. */
  const openWindow = async (): Promise<Assistant> => {
    const store = new FileThreadStore(dir);
    const window = testAssistant(() => ({ store, baseUrl: fake.url, apiKey: KEY, idleTimeoutMs: 10_000 }));
    await window.load();
    return window;
  };
  /** The index as a third window (or a reload) would read it. */
  const onDisk = () => new FileThreadStore(dir).loadIndex();
  const titlesOnDisk = async () => (await onDisk()).threads.map((t) => t.title).sort();

  before(async () => {
    fake = await startFakeOpenAI({ validate: true, apiKeys: [KEY] });
  });
  after(() => fake.close());
  beforeEach(async () => {
    fake.reset();
    dir = await mkdtemp(join(tmpdir(), 'wa-two-windows-'));
  });
  afterEach(async function () {
    await rm(dir, { recursive: true, force: true });
    if (this.currentTest?.state === 'passed') assert.deepEqual(fake.violations, []);
  });

  it('I4 Switch Thread sees a thread the other window just created, without saving anything first', async () => {
    const a = await openWindow();
    const b = await openWindow();
    await b.newThread();
    await b.ask(ask('made in B'));
    assert.ok(!a.threads.some((t) => t.title === 'made in B'), 'A has not looked yet');
    await a.refreshThreads();
    assert.ok(a.threads.some((t) => t.title === 'made in B'));
  });

  it('I4 threads created in either window survive the other window saving its stale index', async () => {
    const a = await openWindow();
    const b = await openWindow(); // opens A's empty thread
    await a.ask(ask('from A'));
    await b.newThread();
    await b.ask(ask('from B'));
    await a.newThread(); // A's in-memory index has not seen B's thread: the save must keep it
    await a.ask(ask('A again'));
    assert.deepEqual(await titlesOnDisk(), ['A again', 'from A', 'from B']);
    // A took B's thread in when it saved, so it can switch to it and read B's turn file.
    const fromB = a.threads.find((t) => t.title === 'from B');
    assert.ok(fromB, a.threads.map((t) => t.title).join());
    assert.equal(await a.switchThread(fromB.id), true);
    assert.equal(a.transcript[0].question, 'from B');
    assert.equal(a.transcript[0].status, 'completed');
    assert.equal(a.transcript[0].answer, b.transcript[0].answer);
  });

  it('I4 a thread deleted in one window stays deleted when the other window saves', async () => {
    const a = await openWindow();
    await a.ask(ask('doomed'));
    const doomed = a.currentThread.id;
    await a.newThread();
    await a.ask(ask('kept'));
    const b = await openWindow();
    await b.deleteThread(doomed);
    await a.renameThread(a.currentThread.id, 'kept, renamed'); // A still lists `doomed`, unchanged
    assert.deepEqual(await titlesOnDisk(), ['kept, renamed']);
    assert.ok(!a.threads.some((t) => t.id === doomed), 'A dropped the deleted thread from its list');
    assert.deepEqual(await readdir(join(dir, 'threads')), [`${a.currentThread.id}.jsonl`]);
  });

  it('I4 renames and new conversations made in different windows on one thread are both kept', async () => {
    const a = await openWindow();
    const b = await openWindow();
    assert.equal(a.currentThread.id, b.currentThread.id);
    await b.renameThread(b.currentThread.id, 'Named in B');
    await a.ask(ask('asked in A')); // sets the title (untitled in A's copy) and the conversation
    const [thread] = (await onDisk()).threads;
    assert.equal((await onDisk()).threads.length, 1);
    assert.match(conversationOf(thread) ?? '', /^conv_/);
    // A changed the title too (from the first question), later: the later change wins.
    assert.equal(thread.title, 'asked in A');
  });

  it('I4 the active thread is per window; the file keeps the last writer\'s', async () => {
    const a = await openWindow();
    const b = await openWindow();
    const shared = a.currentThread.id;
    await b.newThread();
    await a.renameThread(shared, 'A is here');
    assert.equal(a.currentThread.id, shared, 'B\'s save did not move A');
    assert.notEqual(b.currentThread.id, shared);
    assert.equal((await onDisk()).activeThreadId, shared, 'A wrote last');
  });

  it('I4 both windows asking in the same thread: both turns stay in its file, each as its window ran it', async () => {
    const a = await openWindow();
    const b = await openWindow();
    await Promise.all([a.ask(ask('A asks')), b.ask(ask('B asks'))]);
    const turns = await new FileThreadStore(dir).loadTurns(a.currentThread.id);
    assert.deepEqual(turns.map((t) => t.question).sort(), ['A asks', 'B asks']);
    assert.ok(turns.every((t) => t.status === 'completed'));
  });

  it('I4 a window that opened a thread mid-stream does not overwrite the other window\'s turn with its stale copy', async () => {
    fake.script('responses', { text: ['slow ', 'answer'], delayMs: 40 });
    const a = await openWindow();
    const started = new Promise<void>((resolve) => a.onEvent((e) => e.type === 'delta' && resolve()));
    const running = a.ask(ask('slow one'));
    await started;
    const b = await openWindow(); // sees A's turn unfinished and shows it as interrupted
    assert.equal(b.transcript[0].status, 'interrupted');
    await running;
    await b.ask(ask('B follows')); // B writes its thread file after A finished
    const turns = await new FileThreadStore(dir).loadTurns(a.currentThread.id);
    assert.deepEqual(turns.map((t) => `${t.question}: ${t.status}`), ['slow one: completed', 'B follows: completed']);
    assert.equal(turns[0].answer, 'slow answer');
  });

  it('I4 many saves from two windows at once: nothing lost, the index parses', async () => {
    const a = await openWindow();
    const b = await openWindow();
    await Promise.all([
      ...Array.from({ length: 6 }, () => a.newThread()),
      ...Array.from({ length: 6 }, () => b.newThread()),
    ]);
    await Promise.all([...a.threads.map((t, i) => a.renameThread(t.id, `A${i}`)), ...b.threads.map((t, i) => b.renameThread(t.id, `B${i}`))]);
    const text = await readFile(join(dir, 'threads.json'), 'utf8');
    const index = (JSON.parse(text) as { index: { threads: { id: string }[] } }).index;
    const ids = new Set(index.threads.map((t) => t.id));
    for (const t of [...a.threads, ...b.threads]) assert.ok(ids.has(t.id), `${t.id} kept`);
    assert.equal(ids.size, index.threads.length, 'no duplicates');
    assert.equal(ids.size, 13, 'the first thread plus six from each window');
    assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.tmp')), [], 'no temporary files left');
  });

  it('I4 merge rule: fields changed here win, fields changed elsewhere are kept', () => {
    const base = { threads: [{ id: 't1', title: 'Old', createdAt: 1 }] };
    const local = { activeThreadId: 't1', threads: [{ id: 't1', title: 'Renamed here', createdAt: 1 }] };
    const disk = { activeThreadId: 't9', threads: [{ id: 't1', title: 'Old', createdAt: 1, remote: { kind: 'responses' as const, server: '', conversationId: 'conv_x' } }, { id: 't2', title: 'Theirs', createdAt: 2 }] };
    const merged = mergeIndex(base, local, disk, new Set());
    assert.deepEqual(merged, {
      activeThreadId: 't1',
      threads: [{ id: 't1', title: 'Renamed here', createdAt: 1, remote: { kind: 'responses' as const, server: '', conversationId: 'conv_x' } }, { id: 't2', title: 'Theirs', createdAt: 2 }],
    });
    assert.deepEqual(mergeIndex(base, { threads: [] }, disk, new Set(['t1'])).threads.map((t) => t.id), ['t2'], 'deleted here: gone');
  });
});
