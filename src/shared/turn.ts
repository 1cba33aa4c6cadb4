// The turn as everyone sees it: the host stores it, the webview renders it. Plain data only.

/** Lifecycle of a turn; the names follow the OpenAI run/response statuses, plus `interrupted`
 * for a stream that broke off before a terminal status arrived. */
export type TurnStatus =
  | 'queued'
  | 'in_progress'
  | 'requires_action'
  | 'completed'
  | 'incomplete'
  | 'failed'
  | 'cancelled'
  | 'expired'
  | 'interrupted';

export const FINAL_STATUSES: readonly TurnStatus[] = [
  'completed',
  'incomplete',
  'failed',
  'cancelled',
  'expired',
  'interrupted',
];

export function isFinalStatus(status: TurnStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

export type TurnKind = 'explain' | 'debug' | 'fix' | 'tests' | 'document' | 'ask' | 'file';

/** The kinds that act on a selection with a fixed question. */
export type SelectionKind = 'explain' | 'debug' | 'fix' | 'tests' | 'document';

export interface LineRange {
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
}

/** `path:start-end` for a range, else the path: how chips, notices and titles name what was sent. */
export function locationLabel(path: string, range?: LineRange): string {
  return range ? `${path}:${range.startLine}-${range.endLine}` : path;
}

/** What a turn sends besides the question, shown to the user before and after sending. */
export interface Attachment {
  /** `diagnostics`: what VS Code reports for the selected range (Debug Selection). */
  readonly kind: 'selection' | 'file' | 'diagnostics';
  /** Workspace-relative path with forward slashes (or the untitled document's name). */
  readonly path: string;
  readonly languageId: string;
  readonly range?: LineRange;
  readonly text: string;
  /**
   * Why a file is attached: it is in a visible editor, or only in an open tab. Decides what the
   * context budget leaves out first (open tabs, then visible editors); absent counts as visible.
   */
  readonly source?: 'visible-editor' | 'open-tab';
}

export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
}

export type ErrorKind =
  | 'missing-key'
  | 'auth'
  | 'permission'
  | 'not-found'
  | 'rate-limit'
  | 'quota'
  | 'bad-request'
  | 'context-length'
  | 'server'
  | 'offline'
  | 'timeout'
  | 'stream'
  | 'unknown';

/** A failure explained in the user's terms, with what they can do about it. */
export interface TurnError {
  readonly kind: ErrorKind;
  readonly message: string;
  readonly detail?: string;
  /** The server's error code (e.g. `server_error`, `context_length_exceeded`), when it gave one. */
  readonly code?: string;
  readonly requestId?: string;
  readonly retryable: boolean;
  readonly action?: 'setApiKey' | 'openSettings' | 'selectModel';
}

/** One function call the model made during a turn, as the panel shows it (a tool card). */
export interface ToolCallRecord {
  readonly callId: string;
  readonly name: string;
  /** The arguments as the model sent them (JSON text, cut for display). */
  readonly arguments: string;
  /** `refused`: not run (limits, policy, untrusted workspace); `cancelled`: the turn stopped first. */
  status: 'running' | 'done' | 'error' | 'refused' | 'cancelled';
  /** One line about the result, e.g. "42 lines of src/math.ts". */
  summary?: string;
  /** What went back to the model (cut for display). */
  output?: string;
  durationMs?: number;
}

/** A file the code interpreter made (a plot, a CSV), kept in its container on the server. */
export interface GeneratedFile {
  readonly containerId: string;
  readonly fileId: string;
  readonly filename: string;
  /** `image/png` etc., when known: images are shown, downloaded through the API (F10). */
  readonly mimeType?: string;
}

/** One run of the code interpreter during a turn (a `code_interpreter_call`), as the panel shows it. */
export interface CodeRunRecord {
  readonly id: string;
  readonly containerId?: string;
  /** The code, streamed as the model writes it. */
  code: string;
  status: 'running' | 'done' | 'failed';
  /** What the code printed. */
  logs?: string;
  files?: GeneratedFile[];
}

/** A source the answer cites (file search): a link that opens the workspace file it came from. */
export interface Citation {
  readonly fileId: string;
  readonly filename: string;
  /** The workspace-relative path the file was indexed from, when this workspace indexed it. */
  readonly path?: string;
}

export interface Turn {
  readonly id: string;
  readonly kind: TurnKind;
  /** The question as the user typed or picked it. */
  readonly question: string;
  readonly attachments: readonly Attachment[];
  readonly createdAt: number;
  answer: string;
  /**
   * The model's reasoning as the server streamed it (Responses reasoning summaries, Chat Completions
   * `reasoning` / `reasoning_content` fields, or `<think>` blocks taken out of the content): shown in a
   * collapsed Thinking section above the answer, never part of the answer.
   */
  reasoning?: string;
  status: TurnStatus;
  statusDetail?: string;
  error?: TurnError;
  usage?: Usage;
  responseId?: string;
  /** The tool calls of this turn, in the order the model made them. */
  tools?: ToolCallRecord[];
  /**
   * The id of the conversation's last item before this turn ('' when there was none), set once the
   * turn reached the server: a retry removes what the failed attempt left after it (H12).
   */
  baseItemId?: string;
  /** Code interpreter runs, in order. */
  codeRuns?: CodeRunRecord[];
  /** Sources cited by the answer (file search), without duplicates. */
  citations?: Citation[];
}

/**
 * Where a thread's history lives on the server, per backend (the backend's own state):
 * - `responses`: a Conversation (`conv_…`) on `server` (a Responses + Conversations server), with what
 *   the turn runner needs to keep it consistent: function calls it holds without an output (the turn
 *   stopped, failed or the window closed while tools ran; the next request answers them as cancelled
 *   first, or the API would refuse it, I3), and its last item as of the last response that finished
 *   with the turn that made it (H12);
 * - `chat`: nothing on the server (Chat Completions): the history is the local transcript.
 * `server` is the normalised base URL; '' for a conversation stored before servers were recorded.
 */
export type ThreadServerState =
  | {
      readonly kind: 'responses';
      readonly server: string;
      readonly conversationId: string;
      pendingToolCalls?: string[];
      lastItemId?: string;
      lastItemTurnId?: string;
    }
  | { readonly kind: 'chat'; readonly server: string };

export interface ThreadSummary {
  readonly id: string;
  title: string;
  readonly createdAt: number;
  /** What the thread has on the server; none before its first question. */
  remote?: ThreadServerState;
  /**
   * Conversations the thread left behind when it moved to another server (or to Chat Completions):
   * no longer continued, still on the server until Clean Up Remote Data deletes them.
   */
  retiredConversations?: string[];
  /** path → hash of each file as last sent in this thread, so unchanged files are not re-sent. */
  sentFiles?: Record<string, string>;
  /** Workspace files the user attached for the code interpreter (uploaded; the container starts with them). */
  codeFiles?: Array<{ readonly fileId: string; readonly path: string }>;
  /**
   * When Clean Up Remote Data or the retention setting deleted this thread's conversation on the
   * server (ms): the transcript stays here, and the next question starts a new conversation and says so.
   */
  conversationRemovedAt?: number;
}
