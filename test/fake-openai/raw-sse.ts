// For tests that look at the wire itself, where an SDK would hide it (comment lines, a missing
// `data: [DONE]`, a text/plain 404): POST a JSON body with fetch and split what comes back.

export interface RawAnswer {
  status: number;
  contentType: string | null;
  text: string;
  /** The SSE blocks (what lies between blank lines), as written. */
  blocks: string[];
  /** The text of the comment blocks (`: text`). */
  comments: string[];
  /** The JSON of every `data:` block but `[DONE]`. */
  chunks: Record<string, unknown>[];
  /** Whether the last block is `data: [DONE]`. */
  done: boolean;
}

export async function postRaw(url: string, body: unknown, headers: Record<string, string> = { authorization: 'Bearer sk-test' }): Promise<RawAnswer> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return splitAnswer(r.status, r.headers.get('content-type'), await r.text());
}

export function splitAnswer(status: number, contentType: string | null, text: string): RawAnswer {
  const blocks = text.split('\n\n').filter((b) => b.trim() !== '');
  const comments = blocks.filter((b) => b.startsWith(':')).map((b) => b.slice(1).trim());
  const chunks = blocks
    .filter((b) => b.startsWith('data: ') && b !== 'data: [DONE]')
    .map((b) => JSON.parse(b.slice('data: '.length)) as Record<string, unknown>);
  return { status, contentType, text, blocks, comments, chunks, done: blocks[blocks.length - 1] === 'data: [DONE]' };
}
