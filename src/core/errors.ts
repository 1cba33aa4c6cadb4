// Maps what the SDK throws to messages in the user's terms (by error class, not by text).
import type OpenAI from 'openai';
import { isSdkError } from './sdk/sdk';
import { scrub, shownUrl } from './secrets/scrub';
import { networkFailure } from './network-failure';
import { hostLabel } from './servers/address';
import type { TurnError } from '../shared/turn';
import { retryAfterMs } from './retry';

export class MissingApiKeyError extends Error {
  constructor() {
    super('No OpenAI API key is set.');
    this.name = 'MissingApiKeyError';
  }
}

/** The server does not serve the configured model; `served` is what it does serve (when it said). */
export class ModelNotServedError extends Error {
  constructor(
    readonly model: string,
    readonly served: readonly string[],
    override readonly cause: unknown,
  ) {
    super(`The server does not serve the model ${model}.`);
    this.name = 'ModelNotServedError';
  }
}

/** The stream itself reported a failure (an SSE `error` event or a frame that is not JSON). */
export class StreamFailureError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'StreamFailureError';
  }
}

/** The server refused the request because it does not fit the model's context window (H4 → H11). */
export function isContextLength(err: unknown): boolean {
  return isSdkError(err, 'BadRequestError') && err.code === 'context_length_exceeded';
}

export function isAbort(err: unknown): boolean {
  return isSdkError(err, 'APIUserAbortError') || (err instanceof Error && err.name === 'AbortError');
}

function apiCode(err: InstanceType<typeof OpenAI.APIError>): string | undefined {
  return typeof err.code === 'string' ? err.code : undefined;
}

/** `endpoint` is shown when the server cannot be reached, so the user can check it. */
/**
 * What went wrong, in the user's terms, with the server's own text beside it: scrubbed of keys and
 * URL credentials (C1), since it is shown in the panel, stored in the transcript and logged.
 */
export function classifyError(err: unknown, endpoint: string): TurnError {
  const classified = classify(err, shownUrl(endpoint));
  return {
    ...classified,
    message: scrub(classified.message),
    ...(classified.detail !== undefined ? { detail: scrub(classified.detail) } : {}),
    ...(classified.code !== undefined ? { code: scrub(classified.code) } : {}),
  };
}

function classify(err: unknown, endpoint: string): TurnError {
  if (err instanceof MissingApiKeyError) {
    return {
      kind: 'missing-key',
      message: 'No API key is set. Run "Workspace Assistant: Set API Key" or set the OPENAI_API_KEY environment variable.',
      retryable: true,
      action: 'setApiKey',
    };
  }
  if (err instanceof ModelNotServedError) {
    const list = err.served.slice(0, 12).join(', ') + (err.served.length > 12 ? `, and ${err.served.length - 12} more` : '');
    const served = err.served.length ? ` It serves: ${list}.` : ' It did not say which models it serves.';
    const requestId = isSdkError(err.cause, 'APIError') ? err.cause.requestID ?? undefined : undefined;
    const detail = err.cause instanceof Error ? err.cause.message : undefined;
    return { kind: 'not-found', message: `The server does not serve the model ${err.model}.${served} Run Select Model to choose one${/ollama|pull/i.test(detail ?? '') ? ', or pull it first (ollama pull)' : ''}.`, detail, requestId, retryable: true, action: 'selectModel' };
  }
  if (err instanceof StreamFailureError) {
    return { kind: 'stream', message: `The answer stream failed: ${err.message}`, detail: err.code, code: err.code, retryable: true };
  }
  if (err instanceof SyntaxError) {
    return { kind: 'stream', message: 'The server sent a malformed stream frame; the answer was cut off.', retryable: true };
  }
  const network = networkFailure(err, endpoint);
  if (network && !(isSdkError(err, 'APIError') && err.status !== undefined)) {
    return { kind: network.kind, message: network.message, detail: network.detail, retryable: true, ...(network.kind === 'offline' ? { action: 'openSettings' as const } : {}) };
  }
  if (isSdkError(err, 'APIConnectionTimeoutError')) {
    return { kind: 'timeout', message: `${endpoint} did not answer in time.`, retryable: true };
  }
  if (isSdkError(err, 'APIConnectionError')) {
    return {
      kind: 'offline',
      message: `Could not reach ${endpoint}. Check your connection and the workspaceAssistant.baseUrl setting.`,
      retryable: true,
      action: 'openSettings',
    };
  }
  if (isSdkError(err, 'APIError') && err.status === undefined) {
    // The SDK raises an SSE `error` event (or a frame carrying `error`) as a status-less APIError.
    return { kind: 'stream', message: 'The server reported an error in the middle of the answer.', detail: err.message, code: apiCode(err), requestId: err.requestID ?? undefined, retryable: true };
  }
  if (isSdkError(err, 'APIError')) {
    const requestId = err.requestID ?? undefined;
    const code = apiCode(err);
    const detail = err.error && typeof err.error === 'object' ? String((err.error as { message?: unknown }).message ?? '') || undefined : undefined;
    const base = { requestId, detail, code };
    if (err.status === 407) {
      return { ...base, kind: 'offline', message: `The proxy between VS Code and ${hostLabel(endpoint)} asks for credentials (407). Set them in the http.proxy setting (http://user:password@proxy:port) or your HTTPS_PROXY variable.`, retryable: true };
    }
    if (isSdkError(err, 'AuthenticationError')) {
      return { ...base, kind: 'auth', message: 'The API key was refused by the server (401). Set a valid key and retry.', retryable: true, action: 'setApiKey' };
    }
    if (isSdkError(err, 'PermissionDeniedError')) {
      return { ...base, kind: 'permission', message: 'The API key is not allowed to use this model or endpoint (403).', retryable: false };
    }
    if (isSdkError(err, 'NotFoundError')) {
      return { ...base, kind: 'not-found', message: 'The server does not know this model, conversation or endpoint (404).', retryable: true, action: 'openSettings' };
    }
    if (isSdkError(err, 'RateLimitError')) {
      if (code === 'insufficient_quota') {
        return { ...base, kind: 'quota', message: 'Your OpenAI quota is used up. Check your plan and billing details.', retryable: false };
      }
      const wait = retryAfterMs(err.headers);
      const when = wait === undefined ? 'Wait a moment and retry.' : `Try again in ${Math.ceil(wait / 1000)} s.`;
      return { ...base, kind: 'rate-limit', message: `The server is rate limiting requests (429). ${when}`, retryable: true };
    }
    if (isSdkError(err, 'BadRequestError')) {
      if (code === 'context_length_exceeded') {
        return {
          ...base,
          kind: 'context-length',
          message:
            'The question and its attachments are too long for the model, even with less context. Select a smaller part of the code, close editors you do not need, or start a New Thread (the conversation so far counts too). If your model has a smaller window, lower workspaceAssistant.maxContextTokens.',
          retryable: false,
          action: 'openSettings',
        };
      }
      return { ...base, kind: 'bad-request', message: 'The server rejected the request (400).', retryable: false };
    }
    if (isSdkError(err, 'InternalServerError')) {
      return { ...base, kind: 'server', message: `The server had an error (${err.status}). Retry in a moment.`, retryable: true };
    }
    return { ...base, kind: 'unknown', message: `The server answered with an error${err.status ? ` (${err.status})` : ''}.`, retryable: true };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'unknown', message: `Something went wrong: ${message}`, retryable: true };
}
