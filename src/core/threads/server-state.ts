// The thread's server-side state (ThreadSummary.remote) read and changed in one place: which
// conversation continues it on which server, and what happens when the thread moves between
// servers or to a backend that keeps no history on the server.
import type { ThreadServerState, ThreadSummary } from '../../shared/turn';

export type ResponsesState = Extract<ThreadServerState, { kind: 'responses' }>;

/** The thread's conversation, on whatever server. */
export function conversationOf(thread: ThreadSummary): string | undefined {
  return thread.remote?.kind === 'responses' ? thread.remote.conversationId : undefined;
}

/** The thread's Responses state when it continues on `server` (a conversation stored without a server counts for any). */
export function responsesState(thread: ThreadSummary, server: string): ResponsesState | undefined {
  const r = thread.remote;
  return r?.kind === 'responses' && (r.server === '' || r.server === server) ? r : undefined;
}

/** Every conversation of the thread on the server: its current one and those it left behind. */
export function conversationsOf(thread: ThreadSummary): string[] {
  const current = conversationOf(thread);
  return [...(current ? [current] : []), ...(thread.retiredConversations ?? []).filter((id) => id !== current)];
}

/** The thread continues in `conversationId` on `server`; a conversation it had elsewhere is retired. */
export function startConversation(thread: ThreadSummary, server: string, conversationId: string): ResponsesState {
  retire(thread);
  const state: ResponsesState = { kind: 'responses', server, conversationId };
  thread.remote = state;
  return state;
}

/** The thread continues on a server that keeps no history (Chat Completions): its conversation, if any, is retired. */
export function moveToChat(thread: ThreadSummary, server: string): boolean {
  if (thread.remote?.kind === 'chat' && thread.remote.server === server) return false;
  retire(thread);
  thread.remote = { kind: 'chat', server };
  return true;
}

/** The conversation is gone from the server (deleted, cleaned up): the thread has none. */
export function forgetConversation(thread: ThreadSummary, conversationId?: string): void {
  if (thread.remote?.kind === 'responses' && (!conversationId || thread.remote.conversationId === conversationId)) thread.remote = undefined;
  if (conversationId && thread.retiredConversations) {
    thread.retiredConversations = thread.retiredConversations.filter((id) => id !== conversationId);
    if (!thread.retiredConversations.length) thread.retiredConversations = undefined;
  }
}

function retire(thread: ThreadSummary): void {
  const id = conversationOf(thread);
  if (id && !(thread.retiredConversations ?? []).includes(id)) thread.retiredConversations = [...(thread.retiredConversations ?? []), id];
  thread.remote = undefined;
}

/** The fields threads were stored with before `remote` (one conversation, on the one server there was). */
interface LegacyFields {
  conversationId?: unknown;
  pendingToolCalls?: unknown;
  lastItemId?: unknown;
  lastItemTurnId?: unknown;
}

/** Moves a thread stored with the old top-level fields into `remote`; true when something changed. */
export function migrateLegacyState(thread: ThreadSummary): boolean {
  const legacy = thread as ThreadSummary & LegacyFields;
  if (!('conversationId' in legacy || 'pendingToolCalls' in legacy || 'lastItemId' in legacy || 'lastItemTurnId' in legacy)) return false;
  const { conversationId, pendingToolCalls, lastItemId, lastItemTurnId } = legacy;
  delete legacy.conversationId;
  delete legacy.pendingToolCalls;
  delete legacy.lastItemId;
  delete legacy.lastItemTurnId;
  if (typeof conversationId === 'string' && conversationId && !thread.remote) {
    thread.remote = {
      kind: 'responses',
      server: '',
      conversationId,
      ...(Array.isArray(pendingToolCalls) ? { pendingToolCalls: pendingToolCalls.filter((c): c is string => typeof c === 'string') } : {}),
      ...(typeof lastItemId === 'string' ? { lastItemId } : {}),
      ...(typeof lastItemTurnId === 'string' ? { lastItemTurnId } : {}),
    };
  }
  return true;
}
