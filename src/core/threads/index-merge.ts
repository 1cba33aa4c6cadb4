// Two windows on one folder share the thread index file (I4). Each window saves by merging its
// own changes into what is on disk, three-way: `base` is the index as this window last read or
// wrote it, so a difference between `base` and `local` is a change made here, and a difference
// between `base` and `disk` is a change made by another window. Changes made here win per field;
// everything else comes from disk. Pure functions: the file handling is in thread-store.ts.
import type { ThreadSummary } from '../../shared/turn';

export interface ThreadIndex {
  /**
   * The thread this window shows. Per window: a save writes the saver's own (last writer wins,
   * which is what a reload or a newly opened window starts from), and the merge never changes
   * the active thread of a window that reads it.
   */
  activeThreadId?: string;
  threads: ThreadSummary[];
}

type Fields = Record<string, unknown>;

function byId(threads: readonly ThreadSummary[]): Map<string, ThreadSummary> {
  return new Map(threads.map((t) => [t.id, t]));
}

/** Field values are small plain data (strings, numbers, a path → hash record). */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The keys whose value differs between the two versions of one thread. */
function changedKeys(before: ThreadSummary, after: ThreadSummary): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !same((before as unknown as Fields)[k], (after as unknown as Fields)[k]));
}

/** Disk's version of the thread with this window's changed fields laid over it. */
function mergeThread(base: ThreadSummary, local: ThreadSummary, disk: ThreadSummary): ThreadSummary {
  const merged: Fields = { ...(disk as unknown as Fields) };
  for (const key of changedKeys(base, local)) {
    const value = (local as unknown as Fields)[key];
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return merged as unknown as ThreadSummary;
}

/**
 * The index to write. `deleted` holds every thread id deleted in this window (tombstones), so a
 * thread deleted here stays deleted even if a racing write from another window brought it back.
 * A thread deleted in another window is dropped here too, unless this window changed it since
 * (a turn ran in it, or it was renamed): then this window's use of it wins and it stays.
 */
export function mergeIndex(base: ThreadIndex | undefined, local: ThreadIndex, disk: ThreadIndex, deleted: ReadonlySet<string>): ThreadIndex {
  const baseById = byId(base?.threads ?? []);
  const diskById = byId(disk.threads);
  const localIds = new Set(local.threads.map((t) => t.id));
  const threads: ThreadSummary[] = [];
  for (const mine of local.threads) {
    if (deleted.has(mine.id)) continue;
    const before = baseById.get(mine.id);
    const theirs = diskById.get(mine.id);
    if (!before) threads.push(mine); // created here (or this window never saw it on disk)
    else if (theirs) threads.push(mergeThread(before, mine, theirs));
    else if (changedKeys(before, mine).length > 0) threads.push(mine); // deleted elsewhere, still in use here
  }
  for (const theirs of disk.threads) {
    // On disk but not here: created in another window, unless this window deleted it.
    if (!localIds.has(theirs.id) && !deleted.has(theirs.id) && !baseById.has(theirs.id)) threads.push(theirs);
  }
  const activeThreadId = local.activeThreadId ?? disk.activeThreadId;
  return activeThreadId === undefined ? { threads } : { activeThreadId, threads };
}
