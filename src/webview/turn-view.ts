// Renders one turn: the question, what was attached, the streamed answer and its status.
// Untrusted strings (paths, questions, errors, tool calls) only ever go through textContent.
import { isFinalStatus, type Turn, type TurnStatus } from '../shared/turn';
import { StreamingAnswer } from './incremental';
import { renderMarkdown } from './markdown';
import { toolCard } from './tool-card';
import { codeRunCard } from './code-run-card';
import { thinkingOf, thinkingSection } from './thinking';

const STATUS_TEXT: Record<TurnStatus, string> = {
  queued: 'Queued',
  in_progress: 'Answering…',
  requires_action: 'Running tools…',
  completed: 'Completed',
  incomplete: 'Incomplete',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
  interrupted: 'Interrupted',
};

const STATUS_ICON: Record<TurnStatus, string> = {
  queued: 'clock',
  in_progress: 'loading codicon-modifier-spin',
  requires_action: 'tools',
  completed: 'check',
  incomplete: 'warning',
  failed: 'error',
  cancelled: 'debug-stop',
  expired: 'watch',
  interrupted: 'debug-disconnect',
};

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function button(label: string, icon: string, action: string, data?: Record<string, string>): HTMLButtonElement {
  const b = el('button', 'button');
  b.dataset.action = action;
  for (const [k, v] of Object.entries(data ?? {})) b.dataset[k] = v;
  b.append(el('span', `codicon codicon-${icon}`), el('span', undefined, label));
  return b;
}

function attachmentChip(turn: Turn, index: number): HTMLElement {
  const a = turn.attachments[index];
  const chip = el('details', 'chip');
  const summary = el('summary');
  const range = a.range ? `:${a.range.startLine}-${a.range.endLine}` : '';
  const icon = { selection: 'selection', file: 'file', diagnostics: 'warning' }[a.kind];
  const what = { selection: 'Selection', file: 'File', diagnostics: 'Diagnostics' }[a.kind];
  summary.append(el('span', `codicon codicon-${icon}`), el('span', 'chip-label', `${a.path}${range}`), el('span', 'chip-lang', a.kind === 'diagnostics' ? 'diagnostics' : a.languageId));
  summary.title = `${what} sent: ${a.path}${range}`;
  chip.append(summary, el('pre', 'chip-preview', a.text));
  return chip;
}

function statusLine(turn: Turn): HTMLElement {
  const line = el('div', `status status-${turn.status}`);
  line.setAttribute('role', 'status');
  line.append(el('span', `codicon codicon-${STATUS_ICON[turn.status]}`));
  let text = STATUS_TEXT[turn.status];
  if (turn.statusDetail) text += ` · ${turn.statusDetail}`;
  if (turn.usage) text += ` · ${turn.usage.totalTokens} tokens (${turn.usage.inputTokens} in, ${turn.usage.outputTokens} out)`;
  // The code interpreter is billed per container session on top of tokens.
  const containers = new Set((turn.codeRuns ?? []).map((r) => r.containerId).filter(Boolean)).size;
  if (containers) text += ` · code interpreter: ${containers} container session${containers === 1 ? '' : 's'}`;
  line.append(el('span', 'status-text', text));
  return line;
}

function errorBox(turn: Turn): HTMLElement | undefined {
  const error = turn.error;
  if (!error) return undefined;
  const box = el('div', 'error');
  box.setAttribute('role', 'alert');
  box.append(el('span', 'codicon codicon-error'), el('p', 'error-message', error.message));
  if (error.detail) box.append(el('p', 'error-detail', `Server said: ${error.detail}`));
  if (error.code) box.append(el('p', 'error-detail', `Error code: ${error.code}`));
  if (error.requestId) box.append(el('p', 'error-detail', `Request id: ${error.requestId}`));
  const actions = el('div', 'actions');
  if (error.action === 'setApiKey') actions.append(button('Set API Key', 'key', 'setApiKey'));
  if (error.action === 'openSettings') actions.append(button('Open Settings', 'settings-gear', 'openSettings'));
  if (error.action === 'selectModel') actions.append(button('Select Model', 'hubot', 'selectModel'));
  if (error.retryable) actions.append(button('Retry', 'refresh', 'retry', { turnId: turn.id }));
  box.append(actions);
  return box;
}

/** Tool cards the user opened (turn id + call id): the turn is rendered again whenever a call starts or ends. */
const openTools = new Set<string>();

function rememberToggle(key: string, open: boolean): void {
  if (open) openTools.add(key);
  else openTools.delete(key);
}

function toolCards(turn: Turn): HTMLElement | undefined {
  if (!turn.tools?.length) return undefined;
  const cards = el('div', 'tools');
  cards.setAttribute('role', 'group');
  cards.setAttribute('aria-label', 'Tools used for this answer');
  for (const call of turn.tools) {
    const key = `${turn.id}\n${call.callId}`;
    cards.append(toolCard(call, key, openTools.has(key), rememberToggle));
  }
  return cards;
}

/** Code runs the user opened (turn id + run id). */
const openRuns = new Set<string>();

function codeRuns(turn: Turn): HTMLElement | undefined {
  if (!turn.codeRuns?.length) return undefined;
  const runs = el('div', 'tools');
  runs.setAttribute('role', 'group');
  runs.setAttribute('aria-label', 'Code run for this answer');
  for (const run of turn.codeRuns) {
    const key = `${turn.id}\n${run.id}`;
    runs.append(codeRunCard(turn, run, openRuns.has(key), (open) => (open ? openRuns.add(key) : openRuns.delete(key))));
  }
  return runs;
}

/** The documents the answer cites (file search), each opening its workspace file through the host. */
function sources(turn: Turn): HTMLElement | undefined {
  if (!turn.citations?.length) return undefined;
  const list = el('div', 'sources');
  list.setAttribute('role', 'group');
  list.setAttribute('aria-label', 'Sources');
  list.append(el('span', 'sources-heading', 'Sources:'));
  for (const c of turn.citations) {
    const b = button(c.path ?? c.filename, 'file', 'openCitation', { turnId: turn.id, fileId: c.fileId });
    b.classList.add('source');
    b.title = c.path ? `Open ${c.path}` : `${c.filename} (not a file of this workspace's index)`;
    list.append(b);
  }
  return list;
}

/** Told when an answer grew outside a render the panel asked for (a spaced-out frame, a slice of a huge answer). */
let answerGrown: () => void = () => undefined;
export function onAnswerGrown(listener: () => void): void {
  answerGrown = listener;
}

/** Answers longer than this are rendered in slices, between which the panel stays responsive (A10). */
const PROGRESSIVE_CHARS = 500_000;
const SLICE_CHARS = 64_000;

/**
 * Renders a huge answer (megabytes) the way a stream is rendered (incremental.ts), a slice at a time
 * with pauses as long as the last slice took, instead of one render that would freeze the panel for
 * seconds. Stops when the answer element is replaced.
 */
function renderProgressively(node: HTMLElement, answer: string): void {
  const stream = new StreamingAnswer(node, () => answerGrown());
  let at = 0;
  const step = (): void => {
    if (at > 0 && !node.isConnected) return;
    const started = performance.now();
    stream.append(answer.slice(at, at + SLICE_CHARS));
    at += SLICE_CHARS;
    answerGrown();
    if (at < answer.length) setTimeout(step, Math.min(100, performance.now() - started));
  };
  step();
}

export const renderTurn = (turn: Turn): HTMLElement => buildTurn(turn);

/**
 * The turn's section. `reuse`: the answer element of the turn's current section, when it shows the
 * same answer text and the turn is still streaming; it is moved into the new section with its streaming
 * state (renderAnswer continues it), rather than rendered again whole. `reuseThinking`: the current
 * section's Thinking section (thinking.ts keeps it when it still fits the turn's reasoning).
 */
function buildTurn(turn: Turn, reuse?: HTMLElement, reuseThinking?: HTMLElement): HTMLElement {
  const section = el('section', 'turn');
  section.setAttribute('role', 'article');
  section.dataset.turnId = turn.id;
  section.dataset.status = turn.status;
  section.setAttribute('aria-label', `Question: ${turn.question.length > 80 ? `${turn.question.slice(0, 80)}…` : turn.question}`);
  // Screen readers wait for the whole answer rather than reading every streamed word.
  section.setAttribute('aria-busy', String(!isFinalStatus(turn.status)));
  const question = el('div', 'question');
  question.append(el('span', 'codicon codicon-account'), el('p', 'question-text', turn.question));
  section.append(question);
  if (turn.attachments.length) {
    const chips = el('div', 'chips');
    chips.setAttribute('aria-label', 'Sent with this question');
    turn.attachments.forEach((_, i) => chips.append(attachmentChip(turn, i)));
    section.append(chips);
  }
  const tools = toolCards(turn);
  if (tools) section.append(tools);
  const runs = codeRuns(turn);
  if (runs) section.append(runs);
  // The model's reasoning, collapsed, just above the answer (never part of it).
  const thinking = thinkingSection(turn, reuseThinking);
  if (thinking) section.append(thinking);
  let answer = reuse;
  if (!answer) {
    answer = el('div', 'answer markdown');
    if (turn.answer.length > PROGRESSIVE_CHARS) renderProgressively(answer, turn.answer);
    else answer.innerHTML = renderMarkdown(turn.answer);
  }
  section.append(answer);
  const cited = sources(turn);
  if (cited) section.append(cited);
  section.append(statusLine(turn));
  const error = errorBox(turn);
  if (error) section.append(error);
  if (turn.status === 'interrupted' && !turn.error) {
    const actions = el('div', 'actions');
    actions.append(button('Retry', 'refresh', 'retry', { turnId: turn.id }));
    section.append(actions);
  }
  return section;
}

/**
 * Replaces a turn's section by a new rendering of `turn` (the host re-sent it). A streaming turn whose
 * answer text is unchanged (`shownAnswer`: the text the section was given) keeps its answer element,
 * streamed DOM included, and its Thinking section; keyboard focus on a tool card or the Thinking
 * summary stays there.
 */
export function updateTurn(existing: HTMLElement, turn: Turn, shownAnswer: string | undefined): HTMLElement {
  const active = document.activeElement;
  const focused = active instanceof HTMLElement && existing.contains(active) ? active : undefined;
  const previous = existing.querySelector<HTMLElement>(':scope > .answer') ?? undefined;
  const keep = !isFinalStatus(turn.status) && shownAnswer === turn.answer ? previous : undefined;
  const fresh = buildTurn(turn, keep, thinkingOf(existing));
  existing.replaceWith(fresh);
  if (focused?.isConnected) focused.focus({ preventScroll: true });
  else if (focused?.dataset.focusKey !== undefined) {
    const key = focused.dataset.focusKey;
    [...fresh.querySelectorAll<HTMLElement>('[data-focus-key]')].find((n) => n.dataset.focusKey === key)?.focus({ preventScroll: true });
  }
  return fresh;
}

/** The streaming state of each answer element; a turn re-rendered by renderTurn starts afresh. */
const streams = new WeakMap<HTMLElement, StreamingAnswer>();

/**
 * Shows the grown answer of a streaming turn, rendering only what changed (see incremental.ts).
 * `added` is the text appended since the previous call, when the caller knows it: then the (long,
 * concatenated) answer string itself is not read, which would copy it whole on every frame.
 */
export function renderAnswer(section: HTMLElement, answer: string, added?: string): void {
  const node = section.querySelector<HTMLElement>('.answer');
  if (!node) return;
  let stream = streams.get(node);
  if (!stream || answer.length < stream.length) {
    streams.set(node, (stream = new StreamingAnswer(node, () => answerGrown())));
    stream.append(answer);
  } else stream.append(added !== undefined && stream.length + added.length === answer.length ? added : answer.slice(stream.length));
}
