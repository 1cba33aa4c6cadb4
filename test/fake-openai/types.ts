// The public types of the fake OpenAI server (re-exported by server.ts, which is what callers import).

export interface ScriptedError {
  status: number;
  message: string;
  type?: string;
  code?: string | null;
  param?: string | null;
  headers?: Record<string, string>;
}

/** A function call the scripted model makes (a `function_call` output item). */
export interface ScriptedToolCall {
  name: string;
  /** The arguments JSON (an object is serialised); a string is sent as it is, malformed or not. */
  arguments: string | Record<string, unknown>;
  /** Default: a fresh `call_…` id. */
  callId?: string;
}

export interface ScriptedReply {
  /**
   * The answer, as the chunks of output_text deltas; default: the demo markdown answer split in a few
   * chunks, or no message at all when the reply makes tool calls.
   */
  text?: string | string[];
  /** Function calls after the text (if any): the response ends with them, waiting for their outputs. */
  toolCalls?: ScriptedToolCall[];
  /** Pause before each SSE frame (and before a JSON body). */
  delayMs?: number;
  /** Answer with this HTTP error, OpenAI-shaped body {error:{message,type,param,code}}, plus an `x-request-id` header. */
  error?: ScriptedError;
  /** Terminal status of the Response (default completed). */
  status?: 'completed' | 'incomplete' | 'failed';
  incompleteReason?: 'max_output_tokens' | 'content_filter';
  /** For status failed: response.failed with response.error. */
  failure?: { code: string; message: string };
  /** Destroy the socket after writing N SSE frames (no terminal event). */
  dropAfterFrames?: number;
  /** Write the SSE byte stream in writes of this many bytes, splitting frames and UTF-8 anywhere. */
  splitEvery?: number;
  /** After N frames, send one `data:` line that is not JSON, then end. */
  malformedFrameAfter?: number;
  /** After N frames, send an `error` stream event (ResponseErrorEvent) and end. */
  sseErrorAfter?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export type ScriptRoute = 'responses' | 'chat';

export interface FakeOpenAI {
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  readonly violations: string[];
  script(route: ScriptRoute, ...replies: ScriptedReply[]): void;
  conversation(id: string): { id: string; items: unknown[] } | undefined;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeOpenAIOptions {
  port?: number;
  host?: string;
  validate?: boolean;
  apiKeys?: string[];
}
