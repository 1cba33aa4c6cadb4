// Streams an answer into the DOM so that the cost of a frame does not grow with the answer's length.
//
// The answer is a run of top-level markdown blocks. A block is finished once a later block has
// started (markdown only ever continues the last open block): finished blocks keep their DOM nodes and
// are never rendered again; only the text from the first unfinished block on is parsed, healed
// (remend) and rendered (markdown.ts: the same renderer and DOMPurify as the final render), and the
// DOM of that growing part is updated in place where it changed (`morph`).
// Two kinds of block can grow too long to render again on every frame, so their beginning is kept
// for good as well: a top-level code fence (its finished lines; only the lines still open are
// highlighted again, built as DOM nodes by highlight.js: codeFragment) and a huge paragraph (its text
// up to a word boundary). While streaming, such blocks show highlighting per run of lines, or line
// breaks between runs of text; the turn's final render (renderTurn: the whole answer at once)
// replaces the streamed DOM.
import { codeBlockShell, codeFragment, collectReferences, fenceLanguage, heal, parse, renderInline, renderTokens, type References, type Token } from './markdown';

/** Finished blocks per part of the answer's DOM (see `part`). */
const PART_BLOCKS = 24;
/** Lines per segment of an open fence's DOM; also the longest a construct may stay open while streaming. */
const SEGMENT_LINES = 64;
/** Length a growing paragraph may reach before its beginning is kept for good (see `paragraph`), and
 * the length of the blocks that beginning is kept in. */
const LONG_PARAGRAPH = 8192;
/** Length of a long paragraph's end that is rendered again on each frame, at most. */
const PARAGRAPH_LIVE = 4096;
/** A frame that took longer than this (a pathological single block) spaces out the next ones. */
const BUDGET_MS = 12;

interface OpenFence {
  readonly char: string;
  readonly length: number;
  /** Spaces before the opening fence, removed from the start of each code line (as markdown-it does). */
  readonly indent: number;
  readonly lang: string;
  readonly code: HTMLElement;
  /** The segment finished lines go to, and how many lines it holds. */
  segment: HTMLElement;
  lines: number;
}

interface OpenParagraph {
  readonly p: HTMLElement;
  /** The block the finished text goes to, and how long it is. */
  part?: HTMLElement;
  partLength: number;
}

const LINE_END = /\r\n?|\n/g;

/** Offset in `text` of the start of line `line` (lines split as markdown-it splits them). */
function lineOffset(text: string, line: number): number {
  if (line === 0) return 0;
  LINE_END.lastIndex = 0;
  for (let n = 0; LINE_END.exec(text); ) if (++n === line) return LINE_END.lastIndex;
  return text.length;
}

/** Index of the first token of every top-level block. */
function blockStarts(tokens: Token[]): number[] {
  const starts: number[] = [];
  tokens.forEach((t, i) => {
    if (t.level === 0 && t.nesting !== -1 && t.map) starts.push(i);
  });
  return starts;
}

const OPENING_FENCE = /^( {0,3})(`{3,}|~{3,})/;
const CLOSING_FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
/** The beginning of what may become a closing fence line: not shown until it is known to be code. */
const MAYBE_CLOSING = /^ {0,3}(`+|~+)[ \t]*$/;

/** Offset of the last letter that follows white space in text[0, end) (within 8 KB of `end`), or 0. */
function cutBefore(text: string, end: number): number {
  for (let i = end - 1; i > 0 && i > end - 8192; i--) if (/[A-Za-z]/.test(text[i]) && /\s/.test(text[i - 1])) return i;
  return 0;
}

function isClosing(line: string, char: string, length: number): boolean {
  const m = CLOSING_FENCE.exec(line);
  return !!m && m[1][0] === char && m[1].length >= length;
}

interface FenceStart {
  readonly char: string;
  readonly length: number;
  readonly indent: number;
  readonly lang: string;
  /** Offset of the code, after the opening line. */
  readonly codeStart: number;
}

/** The fence starting at `text[start]`, if its code is still arriving (and its opening line is complete). */
function openFence(text: string, start: number): FenceStart | undefined {
  const rest = text.slice(start);
  LINE_END.lastIndex = 0;
  const end = LINE_END.exec(rest);
  const opening = OPENING_FENCE.exec(rest);
  if (!end || !opening) return undefined;
  const char = opening[2][0];
  const length = opening[2].length;
  const lines = rest.slice(LINE_END.lastIndex).split(/\r\n?|\n/);
  if (lines.slice(0, -1).some((l) => isClosing(l, char, length))) return undefined;
  const lang = fenceLanguage(rest.slice(opening[0].length, end.index));
  return { char, length, indent: opening[1].length, lang, codeStart: start + LINE_END.lastIndex };
}

const element = (className: string): HTMLElement => Object.assign(document.createElement('div'), { className });

export class StreamingAnswer {
  /** How much of the answer has been given to `append`. */
  length = 0;
  /** The end of the answer that is not yet rendered for good (what comes before keeps its nodes). */
  private tail = '';
  private fence: OpenFence | undefined;
  /** A paragraph too long to render whole on every frame (a huge single-line answer): its <p>, whose
   * beginning is kept for good while the rest of its text keeps growing. */
  private paragraph: OpenParagraph | undefined;
  /** Nodes of the growing part: the last children of the current part, or of the open fence's segment. */
  private live: ChildNode[] = [];
  /** Link reference definitions in the finished part, for links in the part still growing. */
  private references: References = {};
  /** Blocks go into parts of PART_BLOCKS blocks, so that a frame's layout visits a few parts rather
   * than every block of a long answer (a part has no box of its own: margins collapse through it). */
  private part: HTMLElement | undefined;
  private partBlocks = 0;
  private resumeAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** @param grownLater called after a render that ran later than its `append` (a spaced-out frame), which no caller saw. */
  constructor(
    private readonly root: HTMLElement,
    private readonly grownLater?: () => void,
  ) {
    root.replaceChildren();
  }

  /** Adds `text` to the end of the answer and shows it. */
  append(text: string): void {
    this.tail += text;
    this.length += text.length;
    this.render();
  }

  private render(): void {
    const now = performance.now();
    if (now < this.resumeAt) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        if (!this.root.isConnected) return;
        this.render();
        this.grownLater?.();
      }, this.resumeAt - now);
      return;
    }
    if ((!this.fence || this.growFence()) && (!this.paragraph || this.growParagraph())) this.growBlocks();
    const spent = performance.now() - now;
    this.resumeAt = spent > BUDGET_MS ? performance.now() + 3 * spent : 0;
  }

  private currentPart(): HTMLElement {
    if (!this.part) this.root.append((this.part = element('answer-part')));
    return this.part;
  }

  /** Counts `blocks` more finished blocks in the current part; a full part hands the live nodes to a new one. */
  private addBlocks(blocks: number): void {
    this.partBlocks += blocks;
    if (this.partBlocks < PART_BLOCKS) return;
    this.root.append((this.part = element('answer-part')));
    this.partBlocks = 0;
    this.part.append(...this.live);
  }

  private growBlocks(): void {
    const raw = this.tail;
    // One parse of the healed text serves both to find the blocks and to render them: healing only
    // changes the end, so the blocks before the last one, and their lines, are as if unhealed.
    const tokens = parse(heal(raw), this.references);
    const starts = blockStarts(tokens);
    const lineOf = (i: number): number => lineOffset(raw, tokens[starts[i]].map?.[0] ?? 0);
    let keep = starts.length - 1;
    // A list stays open while the next block's first line is incomplete: it may still turn out to be
    // the list's next item ("1. a\n\n2" becomes "1. a\n\n2. b").
    if (keep > 0 && /_list_open$/.test(tokens[starts[keep - 1]].type) && !/[\r\n]/.test(raw.slice(lineOf(keep)))) keep--;
    const finished = Math.max(keep, 0);
    const last = keep >= 0 && keep === starts.length - 1 ? tokens[starts[keep]] : undefined;
    const fence = last?.type === 'fence' ? openFence(raw, lineOf(keep)) : undefined;
    const long = last?.type === 'paragraph_open' && raw.length - lineOf(keep) > LONG_PARAGRAPH;
    // Finished blocks and the growing ones in one sanitised fragment, matched against what is shown.
    const nodes = morph(this.currentPart(), this.live, renderTokens(fence || long ? tokens.slice(0, starts[keep]) : tokens));
    // Each top-level block renders as one element (and a line break): the first `finished` are done.
    let k = 0;
    for (let seen = 0; k < nodes.length && seen < finished; k++) if (nodes[k].nodeType === Node.ELEMENT_NODE) seen++;
    while (k < nodes.length && nodes[k].nodeType === Node.TEXT_NODE && !nodes[k].textContent?.trim()) k++;
    this.live = nodes.slice(k);
    if (finished) {
      const offset = lineOf(finished);
      collectReferences(raw.slice(0, offset), this.references);
      this.tail = raw.slice(offset);
      this.addBlocks(finished);
    }
    if (fence) this.enterFence(fence, raw);
    else if (long) this.enterParagraph();
  }

  /** Shows the long paragraph `tail` starts with in a <p> of its own, kept as it grows. */
  private enterParagraph(): void {
    for (const node of this.live) node.remove();
    this.live = [];
    this.paragraph = { p: document.createElement('p'), partLength: 0 };
    this.currentPart().append(this.paragraph.p);
    this.addBlocks(1);
    this.growParagraph();
  }

  /** Grows the long paragraph; returns true once it has ended (the rest is then ordinary blocks). */
  private growParagraph(): boolean {
    const paragraph = this.paragraph as OpenParagraph;
    let text = this.tail;
    if (text.length > PARAGRAPH_LIVE) {
      // Keep the beginning for good. Cut after a space and before a letter, so that the rest parses
      // as the continuation of the paragraph would; markup spanning the cut is approximate until the
      // final render.
      const cut = cutBefore(text, text.length - 1024);
      if (cut > 0) {
        for (const node of this.live) node.remove();
        this.live = [];
        // In blocks of LONG_PARAGRAPH characters, so that layout does not break the whole paragraph
        // into lines again; the paragraph shows a line break between them until the final render.
        if (!paragraph.part || paragraph.partLength >= LONG_PARAGRAPH) {
          paragraph.p.append((paragraph.part = element('paragraph-part')));
          paragraph.partLength = 0;
        }
        // (The white space before the cut is dropped by healing: put it back.)
        paragraph.part.append(renderInline(heal(text.slice(0, cut)), this.references), /\n/.test(text[cut - 1]) ? '\n' : ' ');
        paragraph.partLength += cut;
        this.tail = text = text.slice(cut);
      }
    }
    const tokens = parse(heal(text), this.references);
    const starts = blockStarts(tokens);
    const first = starts.length ? tokens[starts[0]] : undefined;
    const continues = first?.type === 'paragraph_open' && first.map?.[0] === 0;
    this.live = morph(paragraph.p, this.live, continues ? renderTokens([tokens[starts[0] + 1]]) : document.createDocumentFragment());
    if (!first || (continues && starts.length === 1)) return false;
    // The paragraph has ended: what follows is other blocks.
    this.paragraph = undefined;
    this.live = [];
    if (continues) this.tail = text.slice(lineOffset(text, tokens[starts[1]].map?.[0] ?? 0));
    return true;
  }

  /** Shows an empty code block for the open fence and switches to growing it line-wise. */
  private enterFence(fence: FenceStart, raw: string): void {
    const { block, code } = codeBlockShell(fence.lang);
    for (const node of this.live) node.remove();
    this.live = [];
    this.currentPart().append(block);
    const segment = element('code-segment');
    code.append(segment);
    this.fence = { char: fence.char, length: fence.length, indent: fence.indent, lang: fence.lang, code, segment, lines: 0 };
    this.tail = raw.slice(fence.codeStart);
    this.addBlocks(1);
    this.growFence();
  }

  /** Grows the open fence; returns true once it has closed (the rest is then ordinary blocks). */
  private growFence(): boolean {
    const fence = this.fence as OpenFence;
    const text = this.tail;
    const indent = new RegExp(`^ {0,${fence.indent}}`, 'gm');
    const strip = (code: string): string => (fence.indent ? code.replace(indent, '') : code).replace(/\r\n?/g, '\n');
    const breaks: number[] = []; // offset after each line break in `text`
    LINE_END.lastIndex = 0;
    for (let m = LINE_END.exec(text); m; m = LINE_END.exec(text)) {
      if (LINE_END.lastIndex === text.length && m[0] === '\r') break; // maybe the first half of \r\n
      const lineStart = breaks.at(-1) ?? 0;
      if (isClosing(text.slice(lineStart, m.index), fence.char, fence.length)) {
        this.finishLines(fence, lineStart ? codeFragment(strip(text.slice(0, lineStart)), fence.lang) : undefined, breaks.length);
        this.fence = undefined;
        this.tail = text.slice(LINE_END.lastIndex);
        return true;
      }
      breaks.push(LINE_END.lastIndex);
    }
    const complete = breaks.at(-1) ?? 0;
    let partial = text.slice(complete).replace(/\r$/, '');
    if (MAYBE_CLOSING.test(partial) && partial.trim()[0] === fence.char) partial = '';
    const code = codeFragment(strip(text.slice(0, complete) + partial), fence.lang);
    // The lines up to the last line break outside any highlighted span are done: highlighting starts
    // afresh after it. A construct open for too long (a huge comment) is cut at SEGMENT_LINES anyway.
    const found = topLevelBreaks(code);
    const split = found && found <= breaks.length ? splitAtBreak(code, found) : undefined;
    if (split) {
      this.finishLines(fence, split[0], found);
      this.tail = text.slice(breaks[found - 1]);
      this.live = morph(fence.segment, [], split[1]);
    } else if (breaks.length >= SEGMENT_LINES) {
      this.finishLines(fence, codeFragment(strip(text.slice(0, complete)), fence.lang), breaks.length);
      this.tail = text.slice(complete);
      this.live = morph(fence.segment, [], codeFragment(strip(partial), fence.lang));
    } else {
      this.live = morph(fence.segment, this.live, code);
    }
    return false;
  }

  /** Puts finished lines of the open fence in place of the live ones. */
  private finishLines(fence: OpenFence, nodes: DocumentFragment | undefined, lines: number): void {
    for (const node of this.live) node.remove();
    this.live = [];
    if (nodes) fence.segment.append(nodes);
    fence.lines += lines;
    if (fence.lines >= SEGMENT_LINES) {
      fence.code.append((fence.segment = element('code-segment')));
      fence.lines = 0;
    }
  }
}

/** How many line breaks `code` has up to its last one outside any span (in a text node of its own); 0 if none. */
function topLevelBreaks(code: DocumentFragment): number {
  let breaks = 0;
  let found = 0;
  for (const node of code.childNodes) {
    const text = node.textContent ?? '';
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      breaks++;
      if (node.nodeType === Node.TEXT_NODE) found = breaks;
    }
  }
  return found;
}

/** Splits highlighted code after its `lines`-th line break, which lies outside any span: [before, after]. */
function splitAtBreak(code: DocumentFragment, lines: number): [DocumentFragment, DocumentFragment] | undefined {
  let left = lines;
  for (const node of [...code.childNodes]) {
    const text = node.textContent ?? '';
    let at = -1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      if (--left === 0) {
        at = i + 1;
        break;
      }
    }
    if (at === -1) continue;
    if (!(node instanceof Text)) return undefined;
    if (at < text.length) node.splitText(at);
    const after = document.createDocumentFragment();
    while (node.nextSibling) after.append(node.nextSibling);
    return [code, after];
  }
  return undefined;
}

function sameNode(a: Node, b: Node): boolean {
  if (a.nodeType !== b.nodeType) return false;
  if (!(a instanceof Element && b instanceof Element)) return true;
  if (a.tagName !== b.tagName || a.attributes.length !== b.attributes.length) return false;
  for (const { name, value } of b.attributes) if (a.getAttribute(name) !== value) return false;
  return true;
}

/**
 * Makes `old` (the last children of `parent`) show what `fresh` holds, changing only what differs:
 * a node of the same kind is kept (text nodes get their new text, elements are matched child by
 * child), anything else is replaced. Returns the nodes now shown.
 */
function morph(parent: Node, old: readonly ChildNode[], fresh: Node): ChildNode[] {
  const next = [...fresh.childNodes];
  const shown: ChildNode[] = [];
  next.forEach((node, i) => {
    const before = old[i];
    if (!before) {
      parent.appendChild(node);
      shown.push(node);
    } else if (!sameNode(before, node)) {
      before.replaceWith(node);
      shown.push(node);
    } else {
      if (before instanceof CharacterData) {
        const text = (node as CharacterData).data;
        if (text.startsWith(before.data)) before.appendData(text.slice(before.data.length));
        else if (text !== before.data) before.data = text;
      } else morph(before, [...before.childNodes], node);
      shown.push(before);
    }
  });
  for (const node of old.slice(next.length)) node.remove();
  return shown;
}
