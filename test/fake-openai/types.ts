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

/** A file the scripted code interpreter writes to its container (e.g. a plot); cited in the answer. */
export interface ScriptedGeneratedFile {
  filename: string;
  /** Served as the content type of the file's /content route; guessed from the name when absent. */
  mimeType?: string;
  content: Buffer | string;
}

/** One code interpreter run (a `code_interpreter_call` output item, before the message). */
export interface ScriptedCodeRun {
  /** The code, as one piece or as the chunks of `response.code_interpreter_call_code.delta` events. */
  code: string | string[];
  /**
   * What the code printed: a `logs` output. As at OpenAI, outputs are only in the item when the request
   * asks for them with `include: ['code_interpreter_call.outputs']` (otherwise `outputs` is null).
   */
  logs?: string;
  /**
   * An `image` output with this URL (same `include` rule). A client must never fetch it: generated files
   * are downloaded through /v1/containers/{id}/files/{id}/content (F10); script a remote URL to test that.
   */
  imageUrl?: string;
  /** Files the run writes to its container: each is a `container_file_citation` on the answer's output_text. */
  files?: ScriptedGeneratedFile[];
  /** The container to run in; created when it does not exist. Default: a new `cntr_…` container (container `auto`). */
  containerId?: string;
  /** The run fails (item status `failed`, no `…code_interpreter_call.completed` event). */
  fail?: boolean;
}

/** A file search call (a `file_search_call` output item, before the message) and the files the answer cites. */
export interface ScriptedFileSearch {
  /** The queries the model searched for; default: the request's input text, cut. */
  queries?: string[];
  /**
   * Each is a `file_citation` annotation (file_id, filename, index at the end of the text) on the answer's
   * output_text, and a result of the call (only with `include: ['file_search_call.results']`, as at OpenAI).
   */
  citations: { fileId: string; filename: string; text?: string; score?: number }[];
}

export interface ScriptedReply {
  /**
   * The answer, as the chunks of output_text deltas; default: the demo markdown answer split in a few
   * chunks, or no message at all when the reply makes tool calls.
   */
  text?: string | string[];
  /** Function calls after the text (if any): the response ends with them, waiting for their outputs. */
  toolCalls?: ScriptedToolCall[];
  /** Code interpreter runs before the answer, in order. */
  codeInterpreter?: ScriptedCodeRun[];
  /** A file search before the answer (and code runs), with the citations it leads to. */
  fileSearch?: ScriptedFileSearch;
  /** Pause before each SSE frame (and before a JSON body). */
  delayMs?: number;
  /** Answer with this HTTP error, OpenAI-shaped body {error:{message,type,param,code}}, plus an `x-request-id` header. */
  error?: ScriptedError;
  /** Terminal status of the Response (default completed). */
  status?: 'completed' | 'incomplete' | 'failed';
  incompleteReason?: 'max_output_tokens' | 'content_filter';
  /** For status failed: response.failed with response.error. */
  failure?: { code: string; message: string };
  /** Destroy the socket after writing N SSE frames (no terminal event). Comment lines (OpenRouter, DeepSeek) count as frames. */
  dropAfterFrames?: number;
  /** Write the SSE byte stream in writes of this many bytes, splitting frames and UTF-8 anywhere. */
  splitEvery?: number;
  /** After N frames, send one `data:` line that is not JSON, then end. */
  malformedFrameAfter?: number;
  /** After N frames, send an `error` stream event (ResponseErrorEvent) and end. */
  sseErrorAfter?: number;
  /**
   * Chat completions: the model's reasoning, as chunks streamed before the text, in the field the server
   * flavour uses (`delta.reasoning`, `delta.reasoning_content`, or `<think>…</think>` inside the content);
   * ignored by flavours whose chat endpoint sends no reasoning (openai, azure, gemini, mistral).
   */
  reasoning?: string | string[];
  /** Chat completions, streamed: end the stream without any finish reason (as some servers do when cut short). */
  noFinishReason?: boolean;
  /** Chat completions: this finish reason instead of the one the flavour would send. */
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
}

export interface RecordedRequest {
  /** When its headers arrived (Date.now()): when the request left the client, to a benchmark. */
  receivedAt: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export type ScriptRoute = 'responses' | 'chat';

export interface FakeOpenAI {
  readonly url: string;
  readonly port: number;
  /** The flavour the server impersonates. */
  readonly flavour: Flavour;
  /** The models it serves (options.models, or the flavour's default list). */
  readonly models: string[];
  readonly requests: RecordedRequest[];
  readonly violations: string[];
  script(route: ScriptRoute, ...replies: ScriptedReply[]): void;
  conversation(id: string): { id: string; items: unknown[] } | undefined;
  reset(): void;
  close(): Promise<void>;
}

/**
 * The server the fake impersonates. `openai` is OpenAI itself (every route); the others answer as that
 * server's OpenAI-compatible endpoint does: its chunk shapes, its errors, its unknown-route answer, its
 * model list, and only the routes it has (none of them has /v1/conversations). See flavours.ts.
 */
export type Flavour = 'openai' | 'ollama' | 'lmstudio' | 'llamacpp' | 'vllm' | 'openrouter' | 'groq' | 'deepseek' | 'mistral' | 'gemini' | 'azure';

export interface FakeOpenAIOptions {
  port?: number;
  host?: string;
  validate?: boolean;
  apiKeys?: string[];
  /** Default `openai`. */
  flavour?: Flavour;
  /**
   * The models the server serves (GET /v1/models; a chat request for another model is refused, except by
   * the openai flavour, and llama.cpp, which serves its one model whatever the request names).
   * Default: per flavour (e.g. ollama `['llama3.2:latest', 'qwen3:8b']`).
   */
  models?: string[];
  /** The context window the server reports (Ollama /api/show, LM Studio /api/v0/models, …). Default 4096 for ollama, else 32768. */
  contextLength?: number;
  /** The models that take `tools`; a chat request with tools for another model is refused as the flavour refuses it. Default: all. */
  toolModels?: string[];
  /** LM Studio: reasoning as `<think>…</think>` in the content (a model without a reasoning parser) instead of `delta.reasoning`. */
  thinkTags?: boolean;
  /** A chat request that carries `stream_options` gets a 400, as older servers answer; the client can retry without. */
  rejectStreamOptions?: boolean;
}
