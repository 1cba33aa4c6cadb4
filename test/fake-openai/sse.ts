// Writes a server-sent event stream, with the faults a ScriptedReply can ask for: delays, a dropped
// socket, byte-level splitting (through frames and UTF-8 sequences), a malformed frame, an error event.
import type { Exchange } from './exchange';
import type { ScriptedReply } from './types';

export interface SseFrame {
  event?: string;     // omitted for chat completions, which send bare `data:` lines
  data: unknown;      // serialised as JSON, unless it is the literal '[DONE]'
  schema?: string;    // checked against this schema when validation is on
  /**
   * What is checked against `schema` instead of `data`: a server flavour's frame with the few fields the spec
   * requires and that server leaves out put back (see chat-frames.ts specView), so the rest is still checked.
   */
  checkAs?: unknown;
  /** A comment line (`: text`) instead of an event, as OpenRouter and DeepSeek send to keep a stream alive. */
  comment?: string;
}

export type SseOutcome = 'complete' | 'dropped' | 'malformed' | 'errored' | 'gone';

/** How many of `total` frames a reply lets through before its fault; Infinity when it has none. */
export function framesBeforeFault(reply: ScriptedReply, total: number): number {
  const faults = [reply.dropAfterFrames, reply.malformedFrameAfter, reply.sseErrorAfter].filter((n): n is number => n !== undefined);
  const first = Math.min(...faults);
  return first < total ? first : Infinity;
}

const encode = (f: SseFrame): string => f.comment !== undefined
  ? `: ${f.comment}\n\n`
  : `${f.event ? `event: ${f.event}\n` : ''}data: ${f.data === '[DONE]' ? '[DONE]' : JSON.stringify(f.data)}\n\n`;

const checkFrame = (ex: Exchange, f: SseFrame): void => {
  if (f.schema) ex.check('event', f.schema, 'checkAs' in f ? f.checkAs : f.data);
};

/** Lets the event loop turn, so that successive writes leave as separate chunks rather than one. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

class ByteWriter {
  private carry = Buffer.alloc(0);
  constructor(private readonly ex: Exchange, private readonly splitEvery: number | undefined) {}

  private writeNow(chunk: Buffer): Promise<void> {
    return new Promise((resolve) => this.ex.res.write(chunk, () => resolve()));
  }

  /** Writes `text`; with splitEvery, in pieces of exactly that many bytes, the remainder waiting for the next frame. */
  async write(text: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    const n = this.splitEvery;
    if (!n || n <= 0) return this.writeNow(bytes);
    let pending = Buffer.concat([this.carry, bytes]);
    while (pending.length >= n && !this.ex.closed) {
      await this.writeNow(pending.subarray(0, n));
      pending = pending.subarray(n);
      await tick();
    }
    this.carry = pending;
  }

  async flush(): Promise<void> {
    if (this.carry.length && !this.ex.closed) await this.writeNow(this.carry);
    this.carry = Buffer.alloc(0);
  }
}

/**
 * Streams `frames`. `errorFrame(n)` builds the error event sent in place of frame n when the reply asks for
 * `sseErrorAfter: n`. Returns how the stream ended.
 */
export async function writeSse(ex: Exchange, frames: SseFrame[], reply: ScriptedReply, errorFrame: (n: number) => SseFrame): Promise<SseOutcome> {
  ex.res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': ex.requestId,
  });
  // The client sees the status and headers at once, even when the first frame is delayed.
  ex.res.flushHeaders();
  const out = new ByteWriter(ex, reply.splitEvery);
  const end = async (outcome: SseOutcome): Promise<SseOutcome> => {
    await out.flush();
    ex.res.end();
    return outcome;
  };
  for (let n = 0; ; n++) {
    const faultHere = n === reply.dropAfterFrames || n === reply.malformedFrameAfter || n === reply.sseErrorAfter;
    if (n >= frames.length && !faultHere) return end('complete');
    if (!(await ex.pause(reply.delayMs))) return 'gone';
    if (n === reply.dropAfterFrames) {
      await out.flush();
      // No terminal event and no end of the chunked body: the client sees a connection cut mid-stream.
      ex.res.socket?.destroy();
      return 'dropped';
    }
    if (n === reply.malformedFrameAfter) {
      // Deliberately not JSON, and exempt from validation.
      await out.write('data: {"type": "response.output_text.delta", "delta": \n\n');
      return end('malformed');
    }
    if (n === reply.sseErrorAfter) {
      const frame = errorFrame(n);
      checkFrame(ex, frame);
      await out.write(encode(frame));
      return end('errored');
    }
    const frame = frames[n];
    checkFrame(ex, frame);
    await out.write(encode(frame));
    if (ex.closed) return 'gone';
  }
}
