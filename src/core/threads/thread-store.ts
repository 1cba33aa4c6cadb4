// Threads live in the workspace's extension storage: an index (threads.json, written atomically,
// atomic-file.ts) plus one append-only log of turn versions per thread (threads/<id>.jsonl,
// turn-log.ts), so that saving a turn in a long thread writes that turn only, and a crash
// mid-write leaves the previous version readable.
//
// Two windows on one folder share this directory (I4). An index save re-reads the file under a
// lock (file-lock.ts) and merges three-way by thread id and field (index-merge.ts). A thread's log
// is merged by construction: each window appends only the turns it runs, and the last version of
// a turn wins, so the turns another window added stay.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-file';
import { withFileLock } from './file-lock';
import { mergeIndex, type ThreadIndex } from './index-merge';
import { migrateLegacyState } from './server-state';
import { appendTurnLines, inTimeOrder, readTurnLog, turnLine, writeTurnLog } from './turn-log';
import { isFinalStatus, type Turn } from '../../shared/turn';

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
  return theirs.length === 0 ? merged : inTimeOrder([...merged, ...theirs]);
}

/** What this window last wrote (or read) of a thread's log: which turns need appending. */
interface LogState {
  /** Per turn: its last line, or FINAL once a final version is in the log (it does not change again unless retried). */
  readonly written: Map<string, string | typeof FINAL>;
  /** Turn lines in the log as far as this window knows (its own appends counted). */
  lines: number;
  /** The thread is still in the version-1 file (<id>.json): the first save rewrites it as a log. */
  legacy: boolean;
}

const FINAL = Symbol('final');
/** Compaction when superseded versions exceed the live turns by this many lines. */
const COMPACT_SLACK = 64;

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

  /** Per thread, what this window knows of its log. */
  private readonly logs = new Map<string, LogState>();

  private threadFile(threadId: string): string {
    if (!SAFE_ID.test(threadId)) throw new Error(`invalid thread id ${JSON.stringify(threadId)}`);
    return join(this.dir, 'threads', `${threadId}.jsonl`);
  }

  /** Where version 1 kept a thread: all its turns in one JSON document, rewritten on every save. */
  private legacyFile(threadId: string): string {
    return this.threadFile(threadId).replace(/\.jsonl$/, '.json');
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
    const { turns } = await this.readThread(threadId);
    return turns;
  }

  /** The thread's turns from its log (or its version-1 file), remembering what is written. */
  private async readThread(threadId: string): Promise<{ turns: Turn[]; state: LogState }> {
    const log = await readTurnLog(this.threadFile(threadId));
    let turns: Turn[];
    let state: LogState;
    if (log) {
      turns = log.turns;
      state = { written: new Map(), lines: log.lines, legacy: false };
    } else {
      const data = (await readJson(this.legacyFile(threadId)).catch(() => undefined)) as { version?: number; turns?: Turn[] } | undefined;
      turns = data?.version === VERSION && Array.isArray(data.turns) ? data.turns : [];
      state = { written: new Map(), lines: 0, legacy: data !== undefined };
    }
    for (const t of turns) state.written.set(t.id, isFinalStatus(t.status) ? FINAL : turnLine(t));
    this.logs.set(threadId, state);
    return { turns, state };
  }

  /**
   * Appends the turns this window owns that changed since it last wrote them (another window's
   * turns keep their own versions in the log, and turns only in the log stay).
   */
  saveTurns(threadId: string, turns: readonly Turn[], owns: (turnId: string) => boolean = () => true): Promise<void> {
    const run = this.savingTurns.then(() => this.writeTurns(threadId, turns, owns));
    this.savingTurns = run.catch(() => undefined);
    return run;
  }

  private async writeTurns(threadId: string, turns: readonly Turn[], owns: (turnId: string) => boolean): Promise<void> {
    const state = this.logs.get(threadId) ?? (await this.readThread(threadId)).state;
    // Serialized now, with its status as of now: the turn may go on changing while the line is written.
    const changed: Array<{ id: string; line: string; final: boolean }> = [];
    for (const turn of turns) {
      if (!owns(turn.id)) continue;
      const before = state.written.get(turn.id);
      const final = isFinalStatus(turn.status);
      if (before === FINAL && final) continue; // a finished turn changes only when retried
      const line = turnLine(turn);
      if (line !== before) changed.push({ id: turn.id, line, final });
    }
    if (!changed.length && !state.legacy) return;
    await mkdir(join(this.dir, 'threads'), { recursive: true });
    const file = this.threadFile(threadId);
    await withFileLock(file, async () => {
      if (state.legacy) {
        // The version-1 file becomes a log holding every turn, then goes.
        const disk = (await readJson(this.legacyFile(threadId)).catch(() => undefined)) as { turns?: Turn[] } | undefined;
        const merged = mergeTurns(turns, Array.isArray(disk?.turns) ? disk.turns : [], owns);
        await writeTurnLog(file, merged);
        await rm(this.legacyFile(threadId), { force: true });
        state.legacy = false;
        state.lines = merged.length;
        return;
      }
      await appendTurnLines(file, changed.map((c) => c.line));
      state.lines += changed.length;
      if (state.lines > 2 * turns.length + COMPACT_SLACK) {
        const log = await readTurnLog(file);
        if (log) {
          await writeTurnLog(file, log.turns);
          state.lines = log.turns.length;
        }
      }
    });
    for (const { id, line, final } of changed) state.written.set(id, final ? FINAL : line);
  }

  async deleteTurns(threadId: string): Promise<void> {
    this.logs.delete(threadId);
    await rm(this.threadFile(threadId), { force: true });
    await rm(this.legacyFile(threadId), { force: true });
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
