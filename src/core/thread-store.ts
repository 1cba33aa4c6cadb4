// Threads live as JSON files in the workspace's extension storage: an index plus one file per
// thread. Every write goes to a temporary file that is then renamed over the old one, so a crash
// mid-write leaves the previous version intact.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ThreadSummary, Turn } from '../shared/turn';

export interface ThreadIndex {
  activeThreadId?: string;
  threads: ThreadSummary[];
}

export interface ThreadStore {
  loadIndex(): Promise<ThreadIndex>;
  saveIndex(index: ThreadIndex): Promise<void>;
  loadTurns(threadId: string): Promise<Turn[]>;
  saveTurns(threadId: string, turns: readonly Turn[]): Promise<void>;
  deleteTurns(threadId: string): Promise<void>;
}

const VERSION = 1;
const SAFE_ID = /^[A-Za-z0-9_-]{1,80}$/;

async function writeAtomic(file: string, data: unknown): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify(data), 'utf8');
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export class FileThreadStore implements ThreadStore {
  constructor(private readonly dir: string) {}

  private threadFile(threadId: string): string {
    if (!SAFE_ID.test(threadId)) throw new Error(`invalid thread id ${JSON.stringify(threadId)}`);
    return join(this.dir, 'threads', `${threadId}.json`);
  }

  async loadIndex(): Promise<ThreadIndex> {
    const data = (await readJson(join(this.dir, 'threads.json'))) as { version?: number; index?: ThreadIndex } | undefined;
    if (!data || data.version !== VERSION || !data.index || !Array.isArray(data.index.threads)) return { threads: [] };
    return data.index;
  }

  async saveIndex(index: ThreadIndex): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeAtomic(join(this.dir, 'threads.json'), { version: VERSION, index });
  }

  async loadTurns(threadId: string): Promise<Turn[]> {
    const data = (await readJson(this.threadFile(threadId))) as { version?: number; turns?: Turn[] } | undefined;
    return data?.version === VERSION && Array.isArray(data.turns) ? data.turns : [];
  }

  async saveTurns(threadId: string, turns: readonly Turn[]): Promise<void> {
    await mkdir(join(this.dir, 'threads'), { recursive: true });
    await writeAtomic(this.threadFile(threadId), { version: VERSION, turns });
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
  async saveIndex(index: ThreadIndex): Promise<void> {
    this.index = structuredClone(index);
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
