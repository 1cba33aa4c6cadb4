// What every backend (Responses + Conversations at OpenAI, Chat Completions everywhere else) offers
// the turn runner: what it can do (capabilities the rest of the code asks instead of guessing from
// the URL), and one streamed request at a time yielding normalised events.
import type { Turn, TurnStatus, Usage } from '../../shared/turn';
import type { FunctionToolDefinition } from '../tools';
import type { SessionContext, ThreadSession } from './thread-session';

/** The answer to one function call, for the next request of the conversation. */
export interface ToolOutput {
  readonly callId: string;
  readonly output: string;
}

export interface TurnInput {
  /** The server-side conversation (`conv_…`); '' for a backend without server history. */
  readonly threadRef: string;
  /**
   * The thread's earlier turns, oldest first, for a backend that sends the history itself (Chat
   * Completions); a backend with server history ignores them.
   */
  readonly history?: readonly Turn[];
  /** Token budget of the whole request (history included) for a backend that sends the history. */
  readonly maxContextTokens?: number;
  /** The turn being answered: its question and attachments as fitted to the budget. */
  readonly turn?: Turn;
  readonly model: string;
  readonly instructions: string;
  readonly temperature?: number;
  /** The user message as text parts (question, then attachments); empty when the request only answers tool calls. */
  readonly parts: readonly string[];
  /** Outputs for the conversation's function calls that wait for one, sent before the message. */
  readonly toolOutputs?: readonly ToolOutput[];
  /** The functions the model may call (none in an untrusted workspace). */
  readonly tools?: readonly FunctionToolDefinition[];
  /** OpenAI's hosted tools, when enabled: the code interpreter (in an `auto` container) and file search. */
  readonly hostedTools?: HostedTools;
  readonly signal: AbortSignal;
}

export interface HostedTools {
  /** `fileIds`: uploaded files (purpose `assistants`) the code can read ("Attach to Code Interpreter"). */
  readonly codeInterpreter?: { readonly fileIds?: readonly string[] };
  readonly fileSearch?: { readonly vectorStoreIds: readonly string[]; readonly maxResults?: number };
}

export type BackendEvent =
  | { readonly type: 'started'; readonly responseId?: string; readonly requestId?: string }
  | { readonly type: 'text'; readonly delta: string }
  /** A piece of the model's reasoning (a reasoning summary, a `reasoning` field, a `<think>` block): never answer text. */
  | { readonly type: 'reasoning'; readonly delta: string }
  /** Something the user should know about this request (history trimmed, tools turned off for the model). */
  | { readonly type: 'notice'; readonly text: string }
  /** The model calls a function; the response ends waiting for its output. */
  | { readonly type: 'tool_call'; readonly callId: string; readonly name: string; readonly arguments: string }
  | { readonly type: 'usage'; readonly usage: Usage }
  /**
   * A code interpreter run: a piece of its code as the model writes it (an empty `delta` when the run
   * starts). `id` is the run's output item id.
   */
  | { readonly type: 'code'; readonly id: string; readonly containerId?: string; readonly delta: string }
  /** A code interpreter run ended; `code` is all of it, `logs` what it printed (when the outputs were included). */
  | { readonly type: 'code_done'; readonly id: string; readonly code: string; readonly status: 'done' | 'failed'; readonly logs?: string; readonly containerId?: string }
  /**
   * A file the code interpreter wrote, cited by the answer (`container_file_citation`), once per file. It is
   * downloaded through the containers API, never from a URL in the answer (F10); `mimeType` is guessed from the name.
   */
  | { readonly type: 'generated_file'; readonly containerId: string; readonly fileId: string; readonly filename: string; readonly mimeType?: string }
  /** A file the answer cites (file search, `file_citation`), once per file. */
  | { readonly type: 'citation'; readonly fileId: string; readonly filename: string }
  /** A terminal status; `reason` says why an incomplete one stopped, `error` why a failed one failed. */
  | {
      readonly type: 'finished';
      readonly status: TurnStatus;
      readonly reason?: string;
      readonly error?: { readonly code: string; readonly message: string };
      /** The id of the response's last output item: where the thread stands once it is done. */
      readonly lastItemId?: string;
    };

export interface BackendCapabilities {
  /** The server keeps the conversation (a Conversation per thread); else the extension sends the history. */
  readonly serverHistory: boolean;
  /** OpenAI's hosted tools: code interpreter, file search (and the files, vector stores, containers behind them). */
  readonly hostedTools: boolean;
  /** A response can be cancelled on the server (not only by closing the stream). */
  readonly serverCancel: boolean;
}

/** The API a backend drives: the name the settings (`workspaceAssistant.api`) and the server memory use. */
export type BackendApi = 'responses' | 'chatCompletions';

export interface Backend {
  readonly api: BackendApi;
  readonly capabilities: BackendCapabilities;
  /** The thread's server-side state for one turn: what this backend keeps on the server, and how. */
  openSession(ctx: SessionContext): ThreadSession;
  streamTurn(input: TurnInput): AsyncIterable<BackendEvent>;
}
