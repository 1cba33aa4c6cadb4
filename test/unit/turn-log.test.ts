// Long threads (issue 10): a thread is an append-only log, so a save writes the turns that changed
// and not the whole thread; the log survives a torn write, reads version-1 files, and stays bounded.
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileThreadStore } from '../../src/core/threads/thread-store';
import type { Turn } from '../../src/shared/turn';

const turn = (i: number, extra: Partial<Turn> = {}): Turn => ({
  id: `turn_${i}`, kind: 'ask', question: `question ${i}`, attachments: [{ kind: 'file', path: `src/f${i % 7}.ts`, languageId: 'typescript', text: 'x'.repeat(2_000) }],
  createdAt: 1_000 + i, answer: `answer ${i} `.repeat(50), status: 'completed', ...extra,
});

describe('a thread as an append-only log', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wa-log-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const file = () => join(dir, 'threads', 'thread_1.jsonl');

  it('saving one finished turn in a 1,000-turn thread appends that turn only; what was there stays byte for byte', async () => {
    const store = new FileThreadStore(dir);
    const turns = Array.from({ length: 1_000 }, (_, i) => turn(i));
    await store.saveTurns('thread_1', turns);
    const before = await readFile(file());
    turns.push(turn(1_000, { status: 'in_progress', answer: '' }));
    await store.saveTurns('thread_1', turns);
    Object.assign(turns[1_000], { status: 'completed', answer: 'done' });
    await store.saveTurns('thread_1', turns);
    const after = await readFile(file());
    assert.ok(after.subarray(0, before.length).equals(before), 'nothing written before was rewritten');
    const added = after.subarray(before.length).toString('utf8').trim().split('\n');
    assert.equal(added.length, 2, 'two versions of the new turn, nothing else');
    assert.ok(added.every((l) => JSON.parse(l).turn.id === 'turn_1000'));
    const loaded = await new FileThreadStore(dir).loadTurns('thread_1');
    assert.equal(loaded.length, 1_001);
    assert.equal(loaded.at(-1)?.answer, 'done');
  });

  it('a torn last line (a crash mid-append) is skipped on reading, and the next save starts on a line of its own', async () => {
    const store = new FileThreadStore(dir);
    const turns = [turn(1), turn(2)];
    await store.saveTurns('thread_1', turns);
    await appendFile(file(), '{"turn":{"id":"turn_2","answer":"half wri');
    const reopened = new FileThreadStore(dir);
    const loaded = await reopened.loadTurns('thread_1');
    assert.deepEqual(loaded.map((t) => t.answer), [turns[0].answer, turns[1].answer], 'the torn version is ignored');
    loaded.push(turn(3));
    await reopened.saveTurns('thread_1', loaded);
    assert.deepEqual((await new FileThreadStore(dir).loadTurns('thread_1')).map((t) => t.id), ['turn_1', 'turn_2', 'turn_3']);
  });

  it('a thread saved by version 1 (one JSON document) is read, and becomes a log on its next save', async () => {
    await mkdir(join(dir, 'threads'), { recursive: true });
    await writeFile(join(dir, 'threads', 'thread_1.json'), JSON.stringify({ version: 1, turns: [turn(1), turn(2)] }));
    const store = new FileThreadStore(dir);
    const loaded = await store.loadTurns('thread_1');
    assert.equal(loaded.length, 2);
    loaded.push(turn(3));
    await store.saveTurns('thread_1', loaded);
    assert.deepEqual(await readdir(join(dir, 'threads')), ['thread_1.jsonl']);
    assert.deepEqual((await new FileThreadStore(dir).loadTurns('thread_1')).map((t) => t.id), ['turn_1', 'turn_2', 'turn_3']);
  });

  it('a long stream saved every second stays bounded: superseded versions are compacted away, nothing is lost', async () => {
    const store = new FileThreadStore(dir);
    const turns = Array.from({ length: 20 }, (_, i) => turn(i));
    const live = turn(20, { status: 'in_progress', answer: '' });
    turns.push(live);
    for (let i = 0; i < 400; i++) {
      live.answer += `chunk ${i} `;
      await store.saveTurns('thread_1', turns);
    }
    const lines = (await readFile(file(), 'utf8')).trim().split('\n').length - 1;
    assert.ok(lines <= 2 * turns.length + 64, `${lines} lines for ${turns.length} turns`);
    const loaded = await new FileThreadStore(dir).loadTurns('thread_1');
    assert.equal(loaded.length, 21);
    assert.match(loaded[20].answer, /chunk 399 $/);
  });

  it('a retried turn (final again after running) is written again; an untouched final turn is not', async () => {
    const store = new FileThreadStore(dir);
    const turns = [turn(1, { status: 'failed', answer: '' }), turn(2)];
    await store.saveTurns('thread_1', turns);
    const size = (await stat(file())).size;
    await store.saveTurns('thread_1', turns);
    assert.equal((await stat(file())).size, size, 'nothing changed, nothing written');
    Object.assign(turns[0], { status: 'queued' });
    await store.saveTurns('thread_1', turns);
    Object.assign(turns[0], { status: 'completed', answer: 'second try' });
    await store.saveTurns('thread_1', turns);
    assert.equal((await new FileThreadStore(dir).loadTurns('thread_1'))[0].answer, 'second try');
  });

  it('a turn that finishes while its previous version is being written is still written finished', async () => {
    const store = new FileThreadStore(dir);
    const live = turn(1, { status: 'in_progress', answer: 'partial' });
    const writing = store.saveTurns('thread_1', [live]);
    await new Promise((r) => setImmediate(r)); // the partial version is serialized and on its way to the disk
    Object.assign(live, { status: 'completed', answer: 'partial and the rest' });
    await Promise.all([writing, store.saveTurns('thread_1', [live])]);
    assert.equal((await new FileThreadStore(dir).loadTurns('thread_1'))[0].answer, 'partial and the rest');
  });
});
