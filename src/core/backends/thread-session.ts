// What a backend keeps on the server for a thread, and how a turn keeps it consistent. The turn
// runner drives every backend the same way and tells the session what happened (a request reached
// the server, a response ended, calls wait for outputs, an attempt failed); the session owns the
// thread's `remote` state (ThreadServerState) and what it means on its server.
import type { ThreadSummary, Turn } from '../../shared/turn';
import type { Logger } from '../logger';
import type { ToolOutput } from './backend';

export interface SessionContext {
  readonly thread: ThreadSummary;
  /** The server the settings name (its normalised base URL). */
  readonly server: string;
  readonly log: Logger;
  /** The thread's turns before this one (for a session that must carry them to a new conversation). */
  history(): readonly Turn[];
  /** The thread's summary changed and must be saved. */
  threadChanged(): Promise<void>;
  notice(text: string): void;
}

export interface ThreadSession {
  /** Where requests go: the conversation (`conv_…`), or '' for a backend without server history. */
  readonly threadRef: string;
  /**
   * Before the turn's first request: the server-side thread is made ready (created, or moved to this
   * server), what a failed attempt of this very turn left there is removed (H12), and the outputs
   * owed to calls an earlier turn left unanswered are returned (I3). `probed`: a conversation the
   * server probe just created, to use rather than create another.
   */
  begin(turn: Turn, signal: AbortSignal, probed?: string): Promise<ToolOutput[]>;
  /** The server took a request of `turn`; `answeredCalls`: it carried outputs for waiting calls. */
  started(turn: Turn, answeredCalls: boolean): Promise<void>;
  /** A response of `turn` ended (not failed); `lastItemId`: its last output item. */
  finished(turn: Turn, lastItemId: string | undefined): Promise<void>;
  /** The response ended with these calls, which wait for their outputs (I3). */
  waiting(callIds: readonly string[]): Promise<void>;
  /** An attempt that reached the server failed and will be repeated: remove what it left (H12). */
  undoAttempt(signal: AbortSignal): Promise<void>;
  /**
   * The request failed because the server lost the thread (I4): true when a new one was started and
   * the attempt may be repeated (with no outputs for calls the lost thread held).
   */
  recover(err: unknown, turn: Turn, signal: AbortSignal): Promise<boolean>;
}

/** The session of a backend that keeps nothing on the server: the history is the transcript. */
export class LocalHistorySession implements ThreadSession {
  readonly threadRef = '';

  constructor(
    private readonly ctx: SessionContext,
    private readonly move: (thread: ThreadSummary, server: string) => boolean,
  ) {}

  async begin(): Promise<ToolOutput[]> {
    // A conversation the thread had elsewhere no longer continues it: the transcript does.
    if (this.move(this.ctx.thread, this.ctx.server)) await this.ctx.threadChanged();
    return [];
  }
  async started(): Promise<void> {}
  async finished(): Promise<void> {}
  async waiting(): Promise<void> {}
  async undoAttempt(): Promise<void> {}
  async recover(): Promise<boolean> {
    return false;
  }
}
