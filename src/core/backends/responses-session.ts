// A thread on Responses + Conversations: its Conversation on the server, created on the first
// question (or when the thread comes from another server, with its recent turns carried over),
// the calls it holds without outputs (I3), and its last item, so that a retried turn can remove what
// its failed attempt left there before sending again (H12).
import type { Turn } from '../../shared/turn';
import { REMOVED_CONVERSATION_NOTICE } from '../cleanup/cleanup';
import { estimateTokens } from '../context-budget';
import { isSdkError } from '../sdk/sdk';
import { userMessageParts } from '../prompt';
import { isInHistory } from './chat/history';
import { forgetConversation, responsesState, startConversation, type ResponsesState } from '../threads/server-state';
import { CANCELLED_OUTPUT } from '../tool-loop';
import type { ToolOutput } from './backend';
import type { ResponsesBackend, SeedMessage } from './responses';
import type { SessionContext, ThreadSession } from './thread-session';

/** A new conversation takes at most 20 items at once: the last ten turns, question and answer each. */
const SEED_TURNS = 10;
/** And no more text than this (estimated), so that carrying a thread over stays cheap. */
const SEED_TOKENS = 16_000;

export const LOST_CONVERSATION_NOTICE =
  "This thread's conversation no longer exists on the server, so a new one was started. Earlier turns stay visible here but the model no longer sees them.";

function isMissingConversation(err: unknown): boolean {
  return isSdkError(err, 'NotFoundError') && /conversation/i.test(err.message);
}

/** The newest turns of the thread as messages for a new conversation, oldest first, within the limits. */
export function seedMessages(turns: readonly Turn[]): SeedMessage[] {
  const seed: SeedMessage[] = [];
  let tokens = 0;
  for (const turn of [...turns].filter(isInHistory).reverse().slice(0, SEED_TURNS)) {
    const question = userMessageParts(turn.question, turn.attachments).join('\n\n');
    const cost = estimateTokens(question) + estimateTokens(turn.answer);
    if (tokens + cost > SEED_TOKENS) break;
    tokens += cost;
    seed.unshift(...(turn.answer ? [{ role: 'assistant' as const, text: turn.answer }] : []));
    seed.unshift({ role: 'user', text: question });
  }
  return seed;
}

export class ResponsesSession implements ThreadSession {
  constructor(
    private readonly backend: ResponsesBackend,
    private readonly ctx: SessionContext,
  ) {}

  private get state(): ResponsesState | undefined {
    return responsesState(this.ctx.thread, this.ctx.server);
  }

  get threadRef(): string {
    return this.state?.conversationId ?? '';
  }

  async begin(turn: Turn, signal: AbortSignal, probed?: string): Promise<ToolOutput[]> {
    if (!this.state) await this.newConversation(signal, probed);
    else await this.rewindRetried(turn, signal);
    return (this.state?.pendingToolCalls ?? []).map((callId) => ({ callId, output: CANCELLED_OUTPUT }));
  }

  async started(turn: Turn, answeredCalls: boolean): Promise<void> {
    const state = this.state;
    if (!state) return;
    turn.baseItemId ??= state.lastItemId ?? '';
    // The server took the request, tool outputs included: nothing waits for an answer any more.
    if (answeredCalls && state.pendingToolCalls?.length) {
      state.pendingToolCalls = undefined;
      await this.ctx.threadChanged();
    }
  }

  async finished(turn: Turn, lastItemId: string | undefined): Promise<void> {
    const state = this.state;
    if (!state || !lastItemId) return;
    state.lastItemId = lastItemId;
    state.lastItemTurnId = turn.id;
    await this.ctx.threadChanged();
  }

  async waiting(callIds: readonly string[]): Promise<void> {
    const state = this.state;
    if (!state) return;
    // Until their outputs reach the server, the conversation waits for these (I3).
    state.pendingToolCalls = [...callIds];
    await this.ctx.threadChanged();
  }

  async undoAttempt(signal: AbortSignal): Promise<void> {
    await this.rewind(this.state?.lastItemId ?? '', signal);
  }

  async recover(err: unknown, turn: Turn, signal: AbortSignal): Promise<boolean> {
    if (!isMissingConversation(err)) return false;
    const { thread } = this.ctx;
    this.ctx.log.warn(`conversation ${this.threadRef} is gone; starting a new one`);
    forgetConversation(thread);
    thread.sentFiles = undefined; // the new conversation has seen no files yet
    turn.baseItemId = undefined;
    this.ctx.notice(LOST_CONVERSATION_NOTICE);
    await this.newConversation(signal, undefined, false);
    return true;
  }

  /**
   * A conversation for the thread. One that comes from another server (or from Chat Completions)
   * gets its recent turns, so the model still sees them; after Clean Up Remote Data, the user asked
   * for them to be gone, and they are not sent again.
   */
  private async newConversation(signal: AbortSignal, probed: string | undefined, carryOver = true): Promise<void> {
    const { thread } = this.ctx;
    const moved = thread.remote !== undefined; // on another server, or kept in VS Code
    let notice: string | undefined;
    if (thread.conversationRemovedAt) {
      // Clean Up Remote Data or the retention setting deleted it on the server.
      thread.conversationRemovedAt = undefined;
      notice = REMOVED_CONVERSATION_NOTICE;
    }
    const seed = carryOver && (moved || !notice) ? seedMessages(this.ctx.history()) : [];
    const id = probed ?? (await this.backend.createThread(signal));
    if (seed.length) await this.backend.addMessages(id, seed, signal);
    startConversation(thread, this.ctx.server, id);
    if (moved) thread.sentFiles = undefined; // what the new conversation saw is the carried-over text
    await this.ctx.threadChanged();
    if (notice) this.ctx.notice(notice);
    else if (moved && seed.length) this.ctx.notice(`This thread continues in a new conversation on this server, which was given its last ${Math.ceil(seed.length / 2)} turn(s) so the model still sees them.`);
  }

  /**
   * Removes from the conversation what requests that did not complete left after `afterItemId`
   * ('' for the start), and forgets the tool calls removed with them.
   */
  private async rewind(afterItemId: string, signal: AbortSignal): Promise<void> {
    const state = this.state;
    if (!state) return;
    const { callIds } = await this.backend.rewind(state.conversationId, afterItemId || undefined, signal);
    if (callIds.length && state.pendingToolCalls) {
      state.pendingToolCalls = state.pendingToolCalls.filter((id) => !callIds.includes(id));
      await this.ctx.threadChanged();
    }
  }

  /**
   * H12: a retried turn that had reached the server may have left its question (and tool calls) in the
   * conversation; they are removed before it is sent again. Only for the newest turn of the
   * conversation: removing after an older turn's start would remove later turns too.
   */
  private async rewindRetried(turn: Turn, signal: AbortSignal): Promise<void> {
    const base = turn.baseItemId;
    const state = this.state;
    if (base === undefined || !state) return;
    const newest = state.lastItemTurnId === turn.id || (state.lastItemId ?? '') === base;
    if (newest) await this.rewind(base, signal);
    if (state.lastItemTurnId === turn.id) {
      state.lastItemId = base || undefined;
      state.lastItemTurnId = undefined;
    }
    turn.baseItemId = undefined;
  }
}
