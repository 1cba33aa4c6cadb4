// A lock file next to a shared file, so that two windows on one folder (I4) do their
// read-merge-write of it one after the other. Plain `fs`: creating `<file>.lock` with the `wx`
// flag (O_EXCL) either succeeds or fails atomically on local file systems, no native module needed.
//
// Why not lock-free (re-read, merge, rename only if unchanged): the check and the rename are two
// steps, and a second window renaming between them silently drops the first window's changes;
// the unit tests hit that within a few runs. A lock held for the few milliseconds of one merge
// costs nothing noticeable.
import { open, rm, stat } from 'node:fs/promises';

/** A lock older than this is taken to be left by a crashed window and is broken. */
export const STALE_LOCK_MS = 5_000;
const POLL_MS = 10;

async function tryCreate(lock: string): Promise<boolean> {
  try {
    const handle = await open(lock, 'wx');
    await handle.writeFile(`${process.pid}\n`, 'utf8');
    await handle.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

async function isStale(lock: string, now: number): Promise<boolean> {
  try {
    return now - (await stat(lock)).mtimeMs > STALE_LOCK_MS;
  } catch {
    return false; // released meanwhile: simply try again
  }
}

/** Runs `work` while holding `<file>.lock`; waits (polling) while another process holds it. */
export async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  while (!(await tryCreate(lock))) {
    if (await isStale(lock, Date.now())) await rm(lock, { force: true });
    else await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
}
