// The Thinking section of a turn: the model's reasoning (turn.reasoning), streamed apart from the
// answer into a collapsed <details> just above it. It is model output, untrusted like the answer
// (A4–A10), and is shown as plain text only: text nodes, with hidden characters as visible markers
// (hidden.ts); it is never parsed as HTML or markdown, so nothing in it can fetch, run or be clicked,
// and it has no code blocks (no Copy, Insert or Apply). Streamed text is appended to the DOM (no
// render again), in blocks of a few KB so that layout, once opened, does not re-flow all of it.
// The user's open/closed choice per turn and how long each turn thought are kept in the webview
// state (vscode-api.ts): they survive re-renders of the turn, the stream, and a reload of the panel.
//
//   section.turn > details.thinking[data-state="active" | "done"]      (just before div.answer)
//     > summary.thinking-summary > span.thinking-chevron, span.thinking-icon, span.thinking-label
//     > div.thinking-text > div.thinking-part…                          (text nodes, span.hidden-char)
import { isFinalStatus, type Turn } from '../shared/turn';
import { textWithHidden } from './hidden';
import { loadViewState, saveViewState } from './vscode-api';

/** Characters per block of the reasoning's DOM (a block ends at a line break after this many). */
const PART_CHARS = 4096;
/** Turns whose open state and thinking time the view state remembers (the most recent ones). */
const REMEMBERED = 200;

const saved = loadViewState();
/** Turn ids whose section the user opened, oldest first. */
const opened = new Set(saved.thinkingOpen);
/** How long each turn thought, in seconds, once known. */
const thought = new Map(Object.entries(saved.thoughtSeconds));
/** When this page saw the first piece of a turn's reasoning (performance.now()), until the turn stops thinking. */
const started = new Map<string, number>();

interface Shown {
  /** The reasoning the section shows. */
  text: string;
  /** The block new text goes to, and its length. */
  part?: HTMLElement;
  partLength: number;
}
const shown = new WeakMap<HTMLElement, Shown>();

/** Forgets all but the REMEMBERED most recent entries (Sets and Maps iterate oldest first). */
function trim(entries: Set<string> | Map<string, number>): void {
  for (const key of entries.keys()) {
    if (entries.size <= REMEMBERED) return;
    entries.delete(key);
  }
}

function rememberOpen(turnId: string, open: boolean): void {
  if (open === opened.has(turnId)) return;
  if (open) opened.add(turnId);
  else opened.delete(turnId);
  trim(opened);
  saveViewState({ thinkingOpen: [...opened] });
}

function rememberSeconds(turnId: string, seconds: number | undefined): void {
  thought.delete(turnId);
  if (seconds !== undefined) thought.set(turnId, seconds);
  trim(thought);
  saveViewState({ thoughtSeconds: Object.fromEntries(thought) });
}

/** A turn thinks until its answer starts or it ends. */
const thinking = (turn: Turn): boolean => !isFinalStatus(turn.status) && turn.answer === '';

/** A piece of reasoning arrived for `turn` (before it is added to `turn.reasoning`): its first piece starts the clock. */
export function reasoningArrived(turn: Turn): void {
  if (turn.reasoning || !thinking(turn)) return;
  started.set(turn.id, performance.now());
  if (thought.has(turn.id)) rememberSeconds(turn.id, undefined); // a retried turn thinks again
}

/** The answer of a turn started (or the turn ended): stops its clock. */
export function answerStarted(turnId: string): void {
  const start = started.get(turnId);
  if (start === undefined) return;
  started.delete(turnId);
  rememberSeconds(turnId, Math.max(1, Math.round((performance.now() - start) / 1000)));
}

const duration = (s: number): string => (s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`);

/** What the summary says: "Thinking…" with a spinner while the turn thinks, then how long it thought. */
function label(turn: Turn): { state: 'active' | 'done'; icon: string; text: string } {
  if (thinking(turn)) return { state: 'active', icon: 'loading codicon-modifier-spin', text: 'Thinking…' };
  answerStarted(turn.id);
  const seconds = thought.get(turn.id);
  return { state: 'done', icon: 'lightbulb', text: seconds === undefined ? 'Thinking' : `Thought for ${duration(seconds)}` };
}

function span(className: string): HTMLSpanElement {
  const node = document.createElement('span');
  node.className = className;
  return node;
}

/** Shows the summary for the turn's current state, touching the DOM only when it changed. */
function refresh(details: HTMLElement, turn: Turn): void {
  const { state, icon, text } = label(turn);
  const summary = details.firstElementChild as HTMLElement;
  const [, iconNode, labelNode] = summary.children;
  if (details.dataset.state === state && labelNode.textContent === text) return;
  details.dataset.state = state;
  iconNode.className = `thinking-icon codicon codicon-${icon}`;
  labelNode.textContent = text;
}

/** Appends `added` to the reasoning the section shows. */
function append(details: HTMLElement, added: string): void {
  const s = shown.get(details) as Shown;
  s.text += added;
  const body = details.lastElementChild as HTMLElement;
  let rest = added;
  while (rest) {
    if (!s.part) {
      s.part = document.createElement('div');
      s.part.className = 'thinking-part';
      body.append(s.part);
      s.partLength = 0;
    }
    // A full block ends at the next line break (so that blocks show as the unbroken text would).
    const room = PART_CHARS - s.partLength;
    const end = rest.length > room ? rest.indexOf('\n', Math.max(0, room - 1)) : -1;
    const piece = end === -1 ? rest : rest.slice(0, end + 1);
    const node = textWithHidden(piece);
    const last = s.part.lastChild;
    if (node instanceof Text && last instanceof Text) last.appendData(node.data);
    else s.part.append(node);
    s.partLength += piece.length;
    rest = rest.slice(piece.length);
    if (end !== -1) s.part = undefined;
  }
}

function create(turn: Turn): HTMLDetailsElement {
  const details = document.createElement('details');
  details.className = 'thinking';
  const summary = document.createElement('summary');
  summary.className = 'thinking-summary';
  // updateTurn (turn-view.ts) puts keyboard focus back on it when the turn is rendered again.
  summary.dataset.focusKey = `${turn.id}\nthinking`;
  summary.title = 'The model\'s reasoning before it answered';
  const chevron = span('thinking-chevron codicon codicon-chevron-right');
  const icon = span('thinking-icon codicon');
  chevron.setAttribute('aria-hidden', 'true');
  icon.setAttribute('aria-hidden', 'true');
  summary.append(chevron, icon, span('thinking-label'));
  const body = document.createElement('div');
  body.className = 'thinking-text';
  details.append(summary, body);
  shown.set(details, { text: '', partLength: 0 });
  details.open = opened.has(turn.id);
  details.addEventListener('toggle', () => rememberOpen(turn.id, details.open));
  return details;
}

/**
 * The Thinking section of `turn`, or undefined when it has no reasoning. `reuse`: the section the turn
 * shows now; it is kept (open state, focus, scroll and DOM included) and brought up to date when what
 * it shows is the beginning of the turn's reasoning, else a new one is made.
 */
export function thinkingSection(turn: Turn, reuse?: HTMLElement): HTMLElement | undefined {
  const text = turn.reasoning ?? '';
  if (!text) return undefined;
  const kept = reuse && shown.get(reuse);
  const details = reuse && kept && text.startsWith(kept.text) ? reuse : create(turn);
  append(details, text.slice((shown.get(details) as Shown).text.length));
  refresh(details, turn);
  return details;
}

/** The Thinking section among a turn section's children (not searched for through the answer's DOM). */
export function thinkingOf(section: HTMLElement): HTMLElement | undefined {
  for (const child of section.children) if (child instanceof HTMLDetailsElement && child.classList.contains('thinking')) return child;
  return undefined;
}

/**
 * Shows the grown reasoning of a streaming turn: `added` came since the previous call, `turn.reasoning`
 * holds all of it (when the turn was rendered again in between, the section already shows more). Makes
 * the section, just above the answer, on the first reasoning.
 */
export function renderThinking(section: HTMLElement, turn: Turn, added: string): void {
  const details = thinkingOf(section);
  const s = details && shown.get(details);
  if (!details || !s) {
    const fresh = thinkingSection(turn);
    if (!fresh) return;
    const answer = [...section.children].find((c) => c.classList.contains('answer'));
    if (answer) answer.before(fresh);
    else section.append(fresh);
    return;
  }
  const length = turn.reasoning?.length ?? 0;
  if (s.text.length + added.length === length) append(details, added);
  else if (length > s.text.length) append(details, (turn.reasoning ?? '').slice(s.text.length));
  refresh(details, turn);
}

/** Brings the summary of a turn's section up to date (its answer started streaming). */
export function refreshThinking(section: HTMLElement, turn: Turn): void {
  const details = thinkingOf(section);
  if (details?.dataset.state === 'active') refresh(details, turn);
}
