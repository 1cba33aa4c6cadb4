// A thread's turns as an append-only log, one JSON line per version of a turn: saving a finished
// turn in a thread of 1,000 appends that turn, not the 1,000 (issue 10, "Long threads"). The last
// line of a turn wins. A crash mid-append leaves at most one torn last line, which reading skips
// and the next append starts after. When superseded versions outnumber the live turns, the log is
// rewritten whole, atomically (compaction), so it never grows without bound.
import { open, readFile } from 'node:fs/promises';
import type { Turn } from '../../shared/turn';
import { writeFileAtomic } from '../atomic-file';

export const LOG_VERSION = 2;
const HEADER = JSON.stringify({ version: LOG_VERSION });

export interface TurnLog {
  /** The live turns, in time order. */
  readonly turns: Turn[];
  /** Lines holding a turn (live or superseded): how much compaction would save. */
  readonly lines: number;
}

/** The log's turns, or undefined when there is no log (or it is of another version). */
export async function readTurnLog(file: string): Promise<TurnLog | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const rows = text.split('\n');
  let header: { version?: unknown } | undefined;
  try {
    header = JSON.parse(rows[0]) as { version?: unknown };
  } catch {
    header = undefined;
  }
  if (header?.version !== LOG_VERSION) return undefined;
  const byId = new Map<string, Turn>();
  let lines = 0;
  for (const row of rows.slice(1)) {
    if (!row) continue;
    let turn: Turn | undefined;
    try {
      turn = (JSON.parse(row) as { turn?: Turn }).turn;
    } catch {
      continue; // a torn last line from a crash mid-append: its turn keeps its previous version
    }
    if (!turn || typeof turn.id !== 'string') continue;
    lines++;
    byId.delete(turn.id); // re-inserted: Map order is not time order anyway, sorted below
    byId.set(turn.id, turn);
  }
  return { turns: inTimeOrder([...byId.values()]), lines };
}

export function inTimeOrder(turns: Turn[]): Turn[] {
  return turns.sort((a, b) => a.createdAt - b.createdAt);
}

export const turnLine = (turn: Turn): string => JSON.stringify({ turn });

/** Appends these lines (each a `turnLine`), starting on a line of its own even after a torn write. */
export async function appendTurnLines(file: string, lines: readonly string[]): Promise<void> {
  const handle = await open(file, 'a+');
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size === 0) prefix = `${HEADER}\n`;
    else {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.appendFile(`${prefix}${lines.join('\n')}\n`, 'utf8');
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Rewrites the log with one line per live turn, atomically. */
export async function writeTurnLog(file: string, turns: readonly Turn[]): Promise<void> {
  await writeFileAtomic(file, `${[HEADER, ...turns.map(turnLine)].join('\n')}\n`);
}
