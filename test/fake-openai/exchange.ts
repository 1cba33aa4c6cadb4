// One request and its answer: the parsed request, and helpers that answer the way OpenAI does
// (x-request-id on everything, OpenAI-shaped errors) and check what goes in and out against the spec.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { validateSchema } from './schemas';
import type { FakeState } from './state';
import type { ScriptedError } from './types';

export interface ErrorDetails { type?: string; code?: string | null; param?: string | null; headers?: Record<string, string> }

/**
 * A whole answer in a server's own words (a flavour's error or unknown-route reply): a string body is sent
 * as it is (text/plain unless `contentType` says otherwise), anything else as JSON, checked against
 * `schema` when one is named (only for bodies in OpenAI's own shapes).
 */
export interface Answer { status: number; body: unknown; contentType?: string; schema?: string }

/** The error `type` OpenAI uses for a status when the script does not name one. */
function defaultErrorType(status: number): string {
  if (status === 429) return 'requests';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

export class Exchange {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Aborted when the client goes away, so pending delays stop instead of holding the process open. */
  private readonly aborter = new AbortController();

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly state: FakeState,
    readonly validate: boolean,
    readonly requestId: string,
    readonly body: unknown,
    readonly form: FormData | undefined,
  ) {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    this.method = req.method ?? 'GET';
    this.path = url.pathname;
    this.query = url.searchParams;
    res.on('close', () => this.aborter.abort());
  }

  get label(): string {
    return `${this.method} ${this.path}`;
  }

  /** True once the client has gone away or the answer is complete. */
  get closed(): boolean {
    return this.aborter.signal.aborted || this.res.writableEnded;
  }

  /** Waits `ms` (if any); resolves false when the client went away meanwhile. */
  async pause(ms: number | undefined): Promise<boolean> {
    if (ms && ms > 0) {
      try {
        await sleep(ms, undefined, { signal: this.aborter.signal });
      } catch {
        return false;
      }
    }
    return !this.closed;
  }

  /** Records schema problems of `value` (only when validation is on). `what` says which body it is. */
  check(what: 'request' | 'response' | 'event', schema: string, value: unknown): void {
    if (!this.validate) return;
    this.report(what, schema, validateSchema(schema, value));
  }

  report(what: string, schema: string, messages: string[]): void {
    if (messages.length) this.state.violations.push(`${this.label} ${what} ${schema}: ${messages.join('; ')}`);
  }

  /** Sends a JSON body, checked against `schema` when one is named. */
  async json(status: number, body: unknown, schema?: string, delayMs?: number): Promise<void> {
    if (!(await this.pause(delayMs))) return;
    if (schema) this.check('response', schema, body);
    const text = JSON.stringify(body);
    this.res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-request-id': this.requestId,
    });
    this.res.end(text);
  }

  /** Sends an Answer (see there), after `delayMs`. */
  async send(a: Answer, delayMs?: number, headers: Record<string, string> = {}): Promise<void> {
    if (!(await this.pause(delayMs))) return;
    if (a.schema) this.check('response', a.schema, a.body);
    const text = typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
    this.res.writeHead(a.status, {
      ...headers,
      'content-type': a.contentType ?? (typeof a.body === 'string' ? 'text/plain' : 'application/json'),
      'content-length': Buffer.byteLength(text),
      'x-request-id': this.requestId,
    });
    this.res.end(text);
  }

  /** An OpenAI-shaped error: {error: {message, type, param, code}}. */
  async error(status: number, message: string, details: ErrorDetails = {}, delayMs?: number): Promise<void> {
    for (const [name, value] of Object.entries(details.headers ?? {})) this.res.setHeader(name, value);
    const body = {
      error: {
        message,
        type: details.type ?? defaultErrorType(status),
        param: details.param ?? null,
        code: details.code !== undefined ? details.code : status === 429 ? 'rate_limit_exceeded' : null,
      },
    };
    await this.json(status, body, 'ErrorResponse', delayMs);
  }

  scriptedError(e: ScriptedError, delayMs?: number): Promise<void> {
    return this.error(e.status, e.message, e, delayMs);
  }

  notFound(): Promise<void> {
    return this.error(404, `Invalid URL (${this.label})`);
  }

  raw(status: number, content: Buffer, contentType: string): void {
    this.res.writeHead(status, {
      'content-type': contentType,
      'content-length': content.length,
      'x-request-id': this.requestId,
    });
    this.res.end(content);
  }
}
