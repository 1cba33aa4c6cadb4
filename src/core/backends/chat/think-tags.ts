// Some servers (Groq with `reasoning_format: raw`, LM Studio without its reasoning parser, llama.cpp
// with `--reasoning-format none`) put the model's reasoning inside the content, as a
// `<think>…</think>` block before the answer. It is taken out as it streams, so it is shown as
// reasoning and never becomes answer text. Only a block that opens the content counts: a
// `<think>` later on is text the model wrote (an answer about such tags, say).

const OPEN = '<think>';
const CLOSE = '</think>';

export interface SplitPiece {
  readonly text: string;
  readonly reasoning: string;
}

export class ThinkTagSplitter {
  private state: 'start' | 'inside' | 'answer' = 'start';
  /** Text held back because it may be the start of a tag split across chunks. */
  private held = '';
  /** Reasoning text has begun (white space before it is dropped). */
  private started = false;

  push(chunk: string): SplitPiece {
    if (this.state === 'answer') return { text: chunk, reasoning: '' };
    let input = this.held + chunk;
    this.held = '';
    let reasoning = '';
    if (this.state === 'start') {
      const lead = input.trimStart();
      if (lead.length < OPEN.length && OPEN.startsWith(lead)) {
        this.held = input; // maybe the opening tag, not complete yet
        return { text: '', reasoning: '' };
      }
      if (!lead.startsWith(OPEN)) {
        this.state = 'answer';
        return { text: input, reasoning: '' };
      }
      this.state = 'inside';
      input = lead.slice(OPEN.length);
      this.started = false;
    }
    // The line breaks that pad the block (`<think>\n…\n</think>`) are not reasoning.
    if (!this.started) {
      input = input.replace(/^\s+/, '');
      this.started = input.length > 0;
    }
    const end = input.indexOf(CLOSE);
    if (end >= 0) {
      reasoning += input.slice(0, end).replace(/\s+$/, '');
      this.state = 'answer';
      return { text: input.slice(end + CLOSE.length).replace(/^\s+/, ''), reasoning };
    }
    // Keep back a tail that could be the start of `</think>`, and trailing white space, which may pad it.
    const keep = partialTagTail(input);
    const body = input.slice(0, input.length - keep);
    const shown = body.replace(/\s+$/, '');
    this.held = input.slice(shown.length);
    return { text: '', reasoning: shown };
  }

  /** The stream ended: what was held back is what it looked like. */
  flush(): SplitPiece {
    const held = this.held;
    this.held = '';
    if (this.state === 'inside') return { text: '', reasoning: held };
    return { text: held, reasoning: '' };
  }
}

/** How many characters at the end of `text` are a proper prefix of `</think>`. */
function partialTagTail(text: string): number {
  for (let n = Math.min(CLOSE.length - 1, text.length); n > 0; n--) {
    if (CLOSE.startsWith(text.slice(text.length - n))) return n;
  }
  return 0;
}
