// What every backend (Responses + Conversations, Assistants v2, Chat Completions) offers the
// turn runner: a server-side thread, and one streamed turn yielding normalised events.
import type { TurnStatus, Usage } from '../../shared/turn';

export interface TurnInput {
  readonly threadRef: string;
  readonly model: string;
  readonly instructions: string;
  readonly temperature?: number;
  /** The user message as text parts (question, then attachments). */
  readonly parts: readonly string[];
  readonly signal: AbortSignal;
}

export type BackendEvent =
  | { readonly type: 'started'; readonly responseId?: string; readonly requestId?: string }
  | { readonly type: 'text'; readonly delta: string }
  | { readonly type: 'usage'; readonly usage: Usage }
  /** A terminal status; `reason` says why an incomplete one stopped, `error` why a failed one failed. */
  | { readonly type: 'finished'; readonly status: TurnStatus; readonly reason?: string; readonly error?: { readonly code: string; readonly message: string } };

export interface Backend {
  /** Creates the server-side thread and returns its id (`conv_…`). */
  createThread(signal: AbortSignal): Promise<string>;
  streamTurn(input: TurnInput): AsyncIterable<BackendEvent>;
}
