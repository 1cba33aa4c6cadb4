// The lock file that serialises the read-merge-write of a file shared by two windows (I4).
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STALE_LOCK_MS, withFileLock } from '../../src/core/threads/file-lock';

describe('I4 file lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wa-lock-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('I4 runs the holders one after the other, never overlapping, and removes the lock', async () => {
    const file = join(dir, 'threads.json');
    const log: string[] = [];
    const holder = (name: string) => withFileLock(file, async () => {
      log.push(`${name} in`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      log.push(`${name} out`);
    });
    await Promise.all([holder('a'), holder('b'), holder('c')]);
    for (let i = 0; i < log.length; i += 2) assert.equal(log[i].split(' ')[0], log[i + 1].split(' ')[0], log.join(', '));
    await assert.rejects(stat(`${file}.lock`), { code: 'ENOENT' });
  });

  it('I4 breaks a lock left by a crashed window, but waits for a live one', async () => {
    const file = join(dir, 'threads.json');
    await writeFile(`${file}.lock`, '999999\n');
    const old = (Date.now() - STALE_LOCK_MS - 1_000) / 1000;
    await utimes(`${file}.lock`, old, old);
    assert.equal(await withFileLock(file, async () => 'ran'), 'ran');

    await writeFile(`${file}.lock`, '999999\n'); // fresh: held by a live window
    let ran = false;
    const waiting = withFileLock(file, async () => (ran = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(ran, false, 'waited for the holder');
    await rm(`${file}.lock`);
    await waiting;
    assert.equal(ran, true);
  });
});
