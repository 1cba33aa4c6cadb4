// Clean Up Remote Data: everything this workspace left on the server — its threads' conversations,
// the files and vector store of its document index, the files attached for the code interpreter,
// and the code interpreter's containers — listed first (for the user to confirm), then deleted.
// A 404 counts as already gone. The local transcripts stay; their threads are marked so the next
// question starts a new conversation and says so.
//
// Containers: a `container: { type: 'auto' }` code interpreter makes them server-side under a name
// we do not choose, so they cannot be found by name among other apps' containers. The ids the
// transcripts recorded (each run's `containerId`) are what is deleted; containers also expire on
// their own after 20 minutes without use.
import type OpenAI from 'openai';
import { isSdkError } from '../sdk/sdk';
import type { ThreadSummary, Turn } from '../../shared/turn';
import type { FileSearchState } from '../file-search/state';
import { isAbort } from '../errors';
import { deleteOrGone } from './remote-gone';
import { conversationOf, conversationsOf, forgetConversation } from '../threads/server-state';
import type { ThreadStore } from '../threads/thread-store';

/** What the next question of a thread whose conversation was removed is told (see `conversationRemovedAt`). */
export const REMOVED_CONVERSATION_NOTICE =
  "This thread's conversation was deleted from the server (Clean Up Remote Data or the retention setting), so a new one was started. Earlier turns stay visible here but the model no longer sees them.";

/** One thread as cleanup sees it: its remote ids and when it was last used. */
export interface ThreadRemote {
  readonly id: string;
  readonly title: string;
  /** Its conversations on the server: the current one and those it left behind (another server). */
  readonly conversations: readonly string[];
  /** The newest turn's time, or the thread's creation (ms). */
  readonly lastActivity: number;
  readonly containerIds: readonly string[];
  readonly codeFiles: readonly { readonly fileId: string; readonly path: string }[];
}

export function threadRemote(thread: ThreadSummary, turns: readonly Turn[]): ThreadRemote {
  const containers = new Set<string>();
  for (const turn of turns) {
    for (const run of turn.codeRuns ?? []) {
      if (run.containerId) containers.add(run.containerId);
      for (const file of run.files ?? []) containers.add(file.containerId);
    }
  }
  return {
    id: thread.id,
    title: thread.title,
    conversations: conversationsOf(thread),
    lastActivity: Math.max(thread.createdAt, ...turns.map((t) => t.createdAt)),
    containerIds: [...containers],
    codeFiles: thread.codeFiles ?? [],
  };
}

export type RemoteKind = 'vector-store' | 'file' | 'conversation' | 'container';

export interface RemoteItem {
  readonly kind: RemoteKind;
  readonly id: string;
  /** What it is to the user: a thread's title, a workspace path. */
  readonly label: string;
  /** The thread it belongs to, for conversations and code interpreter files. */
  readonly threadId?: string;
}

/** Everything to delete, in the order it is deleted: the store first, so it stops using its files. */
export function remoteInventory(threads: readonly ThreadRemote[], fileSearch: FileSearchState | undefined): RemoteItem[] {
  const items: RemoteItem[] = [];
  if (fileSearch?.vectorStoreId) items.push({ kind: 'vector-store', id: fileSearch.vectorStoreId, label: 'the workspace documents index' });
  for (const [path, file] of Object.entries(fileSearch?.files ?? {}).sort(([a], [b]) => a.localeCompare(b))) items.push({ kind: 'file', id: file.fileId, label: path });
  for (const t of threads) for (const f of t.codeFiles) items.push({ kind: 'file', id: f.fileId, label: `${f.path} (code interpreter)`, threadId: t.id });
  for (const t of threads) for (const id of t.conversations) items.push({ kind: 'conversation', id, label: t.title, threadId: t.id });
  const containers = new Set(threads.flatMap((t) => t.containerIds));
  for (const id of containers) items.push({ kind: 'container', id, label: 'code interpreter container' });
  // The same file can be listed twice (indexed and attached): deleted once.
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(`${i.kind}:${i.id}`) && seen.add(`${i.kind}:${i.id}`));
}

/** "2 conversations, 14 files, 1 vector store" */
export function describeCounts(items: readonly RemoteItem[]): string {
  const names: Record<RemoteKind, [string, string]> = {
    conversation: ['conversation', 'conversations'],
    file: ['uploaded file', 'uploaded files'],
    'vector-store': ['vector store', 'vector stores'],
    container: ['code interpreter container', 'code interpreter containers'],
  };
  const order: RemoteKind[] = ['conversation', 'file', 'vector-store', 'container'];
  return order
    .map((kind) => [kind, items.filter((i) => i.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${names[kind][n === 1 ? 0 : 1]}`)
    .join(', ');
}

export interface CleanupReport {
  readonly deleted: RemoteItem[];
  /** Not found on the server: deleted before, or expired. */
  readonly alreadyGone: RemoteItem[];
  readonly failed: Array<RemoteItem & { readonly reason: string }>;
  readonly cancelled: boolean;
}

function deleteCall(client: OpenAI, item: RemoteItem, signal: AbortSignal): () => Promise<unknown> {
  switch (item.kind) {
    case 'vector-store':
      return () => client.vectorStores.delete(item.id, { signal });
    case 'file':
      return () => client.files.delete(item.id, { signal });
    case 'conversation':
      return () => client.conversations.delete(item.id, { signal });
    case 'container':
      return () => client.containers.delete(item.id, { signal });
  }
}

/** Failures that will fail every other call the same way: the rest is not tried. */
function stopsEverything(err: unknown): boolean {
  return isSdkError(err, 'AuthenticationError') || isSdkError(err, 'PermissionDeniedError') || isSdkError(err, 'APIConnectionError');
}

/** Deletes the items one by one; what fails is reported, not thrown. */
export async function deleteRemoteItems(
  client: OpenAI,
  items: readonly RemoteItem[],
  options: { readonly signal: AbortSignal; readonly progress?: (done: number, total: number) => void },
): Promise<CleanupReport> {
  const report: CleanupReport = { deleted: [], alreadyGone: [], failed: [], cancelled: false };
  for (const [i, item] of items.entries()) {
    options.progress?.(i, items.length);
    if (options.signal.aborted) return { ...report, cancelled: true };
    try {
      const outcome = await deleteOrGone(deleteCall(client, item, options.signal));
      (outcome === 'deleted' ? report.deleted : report.alreadyGone).push(item);
    } catch (err) {
      if (isAbort(err) || options.signal.aborted) return { ...report, cancelled: true };
      const reason = err instanceof Error ? err.message : String(err);
      if (stopsEverything(err)) {
        report.failed.push(...items.slice(i).map((rest) => ({ ...rest, reason })));
        break;
      }
      report.failed.push({ ...item, reason });
    }
  }
  options.progress?.(items.length, items.length);
  return report;
}

/** The document index's state once the report's items are gone: what failed stays, to try again. */
export function fileSearchStateAfter(state: FileSearchState, report: CleanupReport): FileSearchState {
  const gone = new Set([...report.deleted, ...report.alreadyGone].map((i) => `${i.kind}:${i.id}`));
  const files = Object.fromEntries(Object.entries(state.files).filter(([, f]) => !gone.has(`file:${f.fileId}`)));
  const vectorStoreId = state.vectorStoreId && !gone.has(`vector-store:${state.vectorStoreId}`) ? state.vectorStoreId : undefined;
  return { ...(vectorStoreId ? { vectorStoreId } : {}), files };
}

/**
 * Marks the threads whose conversations (and code interpreter files) were removed: the local
 * transcript stays, the next question starts a new conversation (as after I4). Goes through the
 * thread store's merging save, like a second window, so the open Assistant takes the change in on
 * its next save (`refreshThreads`). A thread is only changed while it still holds the id that
 * was deleted, so a conversation started meanwhile is kept.
 */
export async function forgetRemoved(store: ThreadStore, report: CleanupReport, now = Date.now()): Promise<number> {
  const gone = [...report.deleted, ...report.alreadyGone];
  const conversations = new Set(gone.filter((i) => i.kind === 'conversation').map((i) => i.id));
  const files = new Set(gone.filter((i) => i.kind === 'file').map((i) => i.id));
  const index = await store.loadIndex();
  let changed = 0;
  for (const thread of index.threads) {
    let touched = false;
    const current = conversationOf(thread);
    if (current && conversations.has(current)) {
      // What I4 resets when a conversation is found missing: nothing of the old one carries over.
      forgetConversation(thread, current);
      thread.sentFiles = undefined;
      thread.conversationRemovedAt = now;
      touched = true;
    }
    for (const id of thread.retiredConversations ?? []) {
      if (!conversations.has(id)) continue;
      forgetConversation(thread, id);
      touched = true;
    }
    if (thread.codeFiles?.some((f) => files.has(f.fileId))) {
      const kept = thread.codeFiles.filter((f) => !files.has(f.fileId));
      thread.codeFiles = kept.length ? kept : undefined;
      touched = true;
    }
    if (touched) changed++;
  }
  if (changed > 0) await store.saveIndex(index);
  return changed;
}
