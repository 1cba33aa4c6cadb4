// Threads live as JSON files in the workspace's extension storage: an index plus one file per
// thread, each written atomically (atomic-file.ts), so a crash mid-write leaves the previous
// version intact.
//
// Two windows on one folder share this directory (I4). A save re-reads the file under a lock
// (file-lock.ts), merges this window's changes into it, and renames the result over it: the
// index three-way by thread id and field (index-merge.ts), a thread file by turn id (each window
// writes the turns it ran and keeps the ones another window added).
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Turn } from '../../shared/turn';
import { writeFileAtomic } from '../atomic-file';
import { withFileLock } from './file-lock';
import { mergeIndex, type ThreadIndex } from './index-merge';
import { migrateLegacyState } from './server-state';

export type { ThreadIndex } from './index-merge';

export interface ThreadStore {
  loadIndex(): Promise<ThreadIndex>;
  /**
   * Saves this window's index and returns it merged with what other windows saved meanwhile:
   * threads they created appear, threads they deleted go (unless changed here). The merged
   * `activeThreadId` is this window's own.
   */
  saveIndex(index: ThreadIndex): Promise<ThreadIndex>;
  loadTurns(threadId: string): Promise<Turn[]>;
  /**
   * Writes a thread's turns. With `owns`, turns another window owns (ran) keep that window's
   * version on disk, and turns only on disk are kept: each window is the writer of its own turns.
   */
  saveTurns(threadId: string, turns: readonly Turn[], owns?: (turnId: string) => boolean): Promise<void>;
  deleteTurns(threadId: string): Promise<void>;
}

const VERSION = 1;
const SAFE_ID = /^[A-Za-z0-9_-]{1,80}$/;

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function readJson(file: string): Promise<unknown> {
  const text = await readText(file);
  return text === undefined ? undefined : JSON.parse(text);
}

/** The index in a file's text; an empty one for a missing, older or damaged file. */
function parseIndex(text: string | undefined): ThreadIndex {
  let data: { version?: number; index?: ThreadIndex } | undefined;
  try {
    data = text === undefined ? undefined : (JSON.parse(text) as typeof data);
  } catch {
    return { threads: [] }; // a damaged index is replaced, as before; the thread files remain
  }
  if (!data || data.version !== VERSION || !data.index || !Array.isArray(data.index.threads)) return { threads: [] };
  // Threads saved before `remote` existed keep their conversation (read as the one server there was).
  for (const thread of data.index.threads) migrateLegacyState(thread);
  return data.index;
}

/**
 * This window's turns, except that a turn another window owns keeps the version on disk (this
 * window may hold a stale copy, e.g. one it marked interrupted on opening); turns only on disk
 * (added by another window) are kept. In time order.
 */
function mergeTurns(local: readonly Turn[], disk: readonly Turn[], owns: (turnId: string) => boolean): Turn[] {
  const onDisk = new Map(disk.map((t) => [t.id, t]));
  const here = new Set(local.map((t) => t.id));
  const merged = local.map((t) => (owns(t.id) ? t : onDisk.get(t.id) ?? t));
  const theirs = disk.filter((t) => !here.has(t.id));
  return theirs.length === 0 ? merged : [...merged, ...theirs].sort((a, b) => a.createdAt - b.createdAt);
}

export class FileThreadStore implements ThreadStore {
  /** The index as this window last read or wrote it: the base of the three-way merge. */
  private base: ThreadIndex | undefined;
  /** Every thread deleted in this window (tombstones): merges never bring one back into it. */
  private readonly deleted = new Set<string>();
  /** Index saves of this window run one after the other, each merging on the previous. */
  private saving: Promise<unknown> = Promise.resolve();
  /** Likewise thread-file saves, so an older snapshot never lands after a newer one. */
  private savingTurns: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  private get indexFile(): string {
    return join(this.dir, 'threads.json');
  }

  private threadFile(threadId: string): string {
    if (!SAFE_ID.test(threadId)) throw new Error(`invalid thread id ${JSON.stringify(threadId)}`);
    return join(this.dir, 'threads', `${threadId}.json`);
  }

  async loadIndex(): Promise<ThreadIndex> {
    const index = parseIndex(await readText(this.indexFile));
    this.base = structuredClone(index);
    return index;
  }

  saveIndex(index: ThreadIndex): Promise<ThreadIndex> {
    const local = structuredClone(index); // the caller goes on changing its copy meanwhile
    const run = this.saving.then(() => this.mergeAndWrite(local));
    this.saving = run.catch(() => undefined);
    return run;
  }

  private async mergeAndWrite(local: ThreadIndex): Promise<ThreadIndex> {
    await mkdir(this.dir, { recursive: true });
    // What was there when this window last read or wrote, and is gone from its index now, it deleted.
    const localIds = new Set(local.threads.map((t) => t.id));
    for (const t of this.base?.threads ?? []) if (!localIds.has(t.id)) this.deleted.add(t.id);
    const merged = await withFileLock(this.indexFile, async () => {
      const result = mergeIndex(this.base, local, parseIndex(await readText(this.indexFile)), this.deleted);
      await writeFileAtomic(this.indexFile, JSON.stringify({ version: VERSION, index: result }));
      return result;
    });
    this.base = structuredClone(merged);
    return structuredClone(merged);
  }

  async loadTurns(threadId: string): Promise<Turn[]> {
    const data = (await readJson(this.threadFile(threadId))) as { version?: number; turns?: Turn[] } | undefined;
    return data?.version === VERSION && Array.isArray(data.turns) ? data.turns : [];
  }

  /** Writes the turns this window holds, whole, keeping any another window added meanwhile. */
  saveTurns(threadId: string, turns: readonly Turn[], owns: (turnId: string) => boolean = () => true): Promise<void> {
    const run = this.savingTurns.then(() => this.writeTurns(threadId, turns, owns));
    this.savingTurns = run.catch(() => undefined);
    return run;
  }

  private async writeTurns(threadId: string, turns: readonly Turn[], owns: (turnId: string) => boolean): Promise<void> {
    await mkdir(join(this.dir, 'threads'), { recursive: true });
    const file = this.threadFile(threadId);
    await withFileLock(file, async () => {
      const merged = mergeTurns(turns, await this.loadTurns(threadId).catch(() => []), owns);
      await writeFileAtomic(file, JSON.stringify({ version: VERSION, turns: merged }));
    });
  }

  async deleteTurns(threadId: string): Promise<void> {
    await rm(this.threadFile(threadId), { force: true });
  }
}

/** For tests and windows without storage. */
export class MemoryThreadStore implements ThreadStore {
  private index: ThreadIndex = { threads: [] };
  private readonly turns = new Map<string, Turn[]>();

  async loadIndex(): Promise<ThreadIndex> {
    return structuredClone(this.index);
  }
  /** One window only: nothing to merge with. */
  async saveIndex(index: ThreadIndex): Promise<ThreadIndex> {
    this.index = structuredClone(index);
    return structuredClone(index);
  }
  async loadTurns(threadId: string): Promise<Turn[]> {
    return structuredClone(this.turns.get(threadId) ?? []);
  }
  async saveTurns(threadId: string, turns: readonly Turn[]): Promise<void> {
    this.turns.set(threadId, structuredClone([...turns]));
  }
  async deleteTurns(threadId: string): Promise<void> {
    this.turns.delete(threadId);
  }
}
