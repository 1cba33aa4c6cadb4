// The panel's UI: a header with the thread and backend, the turns, and a composer.
// It renders what the host sends and asks the host for every action.
import type { HostMessage, PanelState } from '../shared/protocol';
import type { Turn } from '../shared/turn';
import { isFinalStatus } from '../shared/turn';
import { imageArrived, onImageNeeded } from './code-run-card';
import { renderContext } from './context-bar';
import { BurstPacer } from './pacing';
import { answerStarted, reasoningArrived, refreshThinking, renderThinking } from './thinking';
import { button, el, onAnswerGrown, renderAnswer, renderTurn, updateTurn } from './turn-view';
import { loadViewState, saveViewState, send } from './vscode-api';
import { formatCount } from '../shared/numbers';

const app = document.getElementById('app') as HTMLElement;
let state: PanelState | undefined;
const turns = new Map<string, Turn>();
/** Text received per streaming turn since its answer was last rendered. */
const pendingRender = new Map<string, string>();
/** Reasoning received per streaming turn since its Thinking section was last rendered. */
const pendingReasoning = new Map<string, string>();
let frame = 0;
const viewState = loadViewState();

const header = el('header', 'header');
const list = el('div', 'turns');
list.setAttribute('aria-label', 'Conversation');
// A log: screen readers announce new turns, and a streaming turn once it is done (aria-busy, turn-view.ts).
list.setAttribute('role', 'log');
// Notices live outside the turn list, so a state refresh does not wipe them.
const notices = el('div', 'notices');
notices.setAttribute('role', 'status');
const composer = el('form', 'composer');
const contextBar = el('div', 'context');
contextBar.setAttribute('aria-label', 'What your next question sends');
const input = el('textarea', 'composer-input');
const sendButton = button('Send', 'send', 'send');
const stopButton = button('Stop', 'debug-stop', 'stop');

function buildShell(): void {
  input.rows = 3;
  input.placeholder = 'Ask a follow-up… (Ctrl+Enter to send, Escape to stop)';
  input.setAttribute('aria-label', 'Question');
  input.value = viewState.draft;
  sendButton.type = 'submit';
  stopButton.type = 'button';
  composer.append(contextBar, input, el('div', 'composer-actions'));
  composer.lastElementChild?.append(stopButton, sendButton);
  app.append(header, list, notices, composer);
}

function renderHeader(s: PanelState): void {
  header.replaceChildren();
  const title = el('div', 'header-title');
  title.append(el('span', 'codicon codicon-comment-discussion'), el('h1', 'thread-title', s.thread.title));
  const backend = el('div', s.demo ? 'backend demo' : 'backend', s.backendLabel);
  backend.title = s.demo ? 'Answers come from the fake OpenAI server used for demos and tests, not from a real model.' : 'Where questions are sent';
  const actions = el('div', 'actions');
  actions.append(button('Threads', 'list-selection', 'switchThread'), button('New Thread', 'add', 'newThread'));
  header.append(title, backend, usage, actions);
  if (!s.hasApiKey) {
    const banner = el('div', 'banner');
    banner.setAttribute('role', 'alert');
    banner.append(el('span', 'codicon codicon-key'), el('span', undefined, 'No API key is set. Set one to start asking.'), button('Set API Key', 'key', 'setApiKey'));
    header.append(banner);
  }
  if (s.ignoredSettings?.length) {
    const note = el('div', 'banner untrusted-settings');
    note.setAttribute('role', 'status');
    const names = s.ignoredSettings.join(', ');
    note.append(el('span', 'codicon codicon-shield'), el('span', undefined, `This folder is not trusted, so its own Workspace Assistant settings are ignored (${names}); your user settings apply.`));
    header.append(note);
  }
}

/**
 * A long thread opens on its last turns, about a screen or two of them: rendering all of a
 * 1,000-turn thread took seconds, and a turn with code costs several milliseconds. The earlier
 * ones are rendered a few at a time as the reader scrolls up to them, or asks (issue 10,
 * thread-open-ms).
 */
const SHOWN_AT_OPEN = 4;
const SHOWN_PER_STEP = 12;
/** How many turns, from the first the panel holds, are not rendered yet. */
let hiddenBefore = 0;
/** How many turns come before the first the panel holds: the host sends them when asked (STATE_TURNS). */
let onHostOnly = 0;
/** The tokens those used, for the thread's total. */
let onHostTokens = 0;
/** An `earlierTurns` request is on its way: one at a time. */
let asked = false;
const earlier = el('button', 'earlier-turns');
earlier.type = 'button';
earlier.addEventListener('click', () => showEarlier());
new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && showEarlier(), { root: list, rootMargin: '600px 0px 0px 0px' }).observe(earlier);

function updateEarlier(): void {
  const count = hiddenBefore + onHostOnly;
  if (!count) {
    earlier.remove();
    return;
  }
  earlier.textContent = `Show ${formatCount(count)} earlier turn${count === 1 ? '' : 's'}`;
  if (!earlier.isConnected) list.prepend(earlier);
}

/** Renders the `count` turns before the first one shown, keeping what the reader sees where it is. */
function showEarlier(count = SHOWN_PER_STEP): void {
  if (!hiddenBefore) {
    const first = turns.keys().next().value;
    if (onHostOnly && !asked && first !== undefined) {
      asked = true;
      send({ type: 'earlierTurns', before: first });
    }
    return;
  }
  const from = Math.max(0, hiddenBefore - count);
  const fromBottom = list.scrollHeight - list.scrollTop;
  earlier.after(...[...turns.values()].slice(from, hiddenBefore).map(renderTurn));
  hiddenBefore = from;
  updateEarlier();
  list.scrollTop = list.scrollHeight - fromBottom;
  // The reader is up here to read: only coming back near the end follows the stream again.
  autoTop = Number.POSITIVE_INFINITY;
}

/** The host's answer to `earlierTurns`: held in front of the others, then rendered as the reader asked. */
function earlierArrived(before: string, earlierOnes: readonly Turn[], remaining: number): void {
  asked = false;
  if (turns.keys().next().value !== before) return; // the thread changed meanwhile
  const held = [...turns.entries()];
  const fresh = earlierOnes.filter((t) => !turns.has(t.id));
  turns.clear();
  for (const t of fresh) turns.set(t.id, { ...t });
  for (const [id, t] of held) turns.set(id, t);
  hiddenBefore += fresh.length;
  onHostOnly = remaining;
  onHostTokens = Math.max(0, onHostTokens - fresh.reduce((sum, t) => sum + (t.usage?.totalTokens ?? 0), 0));
  showEarlier();
}

function renderAll(): void {
  if (!state) return;
  renderHeader(state);
  const order = [...turns.values()];
  hiddenBefore = Math.max(0, order.length - SHOWN_AT_OPEN);
  list.replaceChildren(...order.slice(hiddenBefore).map(renderTurn));
  updateEarlier();
  if (!turns.size) list.append(el('p', 'empty', 'Select code and run Explain Selection or Debug Selection from the editor\'s context menu, or ask below.'));
  updateComposer();
  list.lastElementChild?.scrollIntoView({ block: 'end' });
  // A thread (re)shown starts at its end, following.
  following = true;
  autoTop = list.scrollTop;
}

const usage = el('div', 'thread-usage');

/** Tokens used by the whole thread, next to each turn's own count. */
function updateUsage(): void {
  const total = onHostTokens + [...turns.values()].reduce((sum, t) => sum + (t.usage?.totalTokens ?? 0), 0);
  usage.textContent = total ? `Thread: ${formatCount(total)} tokens` : '';
}

function updateComposer(): void {
  updateUsage();
  const busy = [...turns.values()].some((t) => !isFinalStatus(t.status));
  stopButton.hidden = !busy;
  app.dataset.busy = String(busy);
}

function sectionOf(turnId: string): HTMLElement | null {
  return list.querySelector<HTMLElement>(`section[data-turn-id="${CSS.escape(turnId)}"]`);
}

function upsertTurn(turn: Turn): void {
  const known = turns.has(turn.id);
  const shownAnswer = turns.get(turn.id)?.answer;
  turns.set(turn.id, turn);
  const existing = sectionOf(turn.id);
  if (!existing && known) {
    // One of the earlier turns not rendered yet: it is rendered as it is now when scrolled to.
    updateComposer();
    return;
  }
  if (existing) {
    // A streaming turn is re-sent whenever a tool call starts or ends: its streamed answer stays.
    updateTurn(existing, turn, shownAnswer);
    if (following) scrollToEnd();
  } else {
    const fresh = renderTurn(turn);
    list.querySelector('.empty')?.remove();
    list.append(fresh);
    fresh.scrollIntoView({ block: 'end' });
  }
  updateComposer();
}

/** Deltas are coalesced per animation frame so a fast stream costs one render per frame. */
function appendDelta(turnId: string, text: string): void {
  const turn = turns.get(turnId);
  if (!turn) return;
  if (!turn.answer && text) answerStarted(turnId);
  turn.answer += text;
  pendingRender.set(turnId, (pendingRender.get(turnId) ?? '') + text);
  if (!frame) frame = requestAnimationFrame(flush);
}

/** Reasoning streams like the answer, into the turn's Thinking section (thinking.ts), in the same frames. */
function appendReasoning(turnId: string, text: string): void {
  const turn = turns.get(turnId);
  if (!turn || !text) return;
  reasoningArrived(turn);
  turn.reasoning = (turn.reasoning ?? '') + text;
  pendingReasoning.set(turnId, (pendingReasoning.get(turnId) ?? '') + text);
  if (!frame) frame = requestAnimationFrame(flush);
}

/** Spaces out the renders of a fast stream (see pacing.ts). */
const pacer = new BurstPacer();

function flush(now: DOMHighResTimeStamp): void {
  frame = 0;
  let waiting = 0;
  for (const text of pendingRender.values()) waiting += text.length;
  for (const text of pendingReasoning.values()) waiting += text.length;
  if (!pacer.due(now, waiting)) {
    frame = requestAnimationFrame(flush);
    return;
  }
  const started = performance.now();
  for (const id of new Set([...pendingReasoning.keys(), ...pendingRender.keys()])) {
    // A turn that reached its final status was rendered whole by renderTurn already.
    const turn = turns.get(id);
    if (!turn || isFinalStatus(turn.status)) continue;
    // The turns are the list's children: no search through the (possibly huge) answers' DOM.
    const section = [...list.children].find((s): s is HTMLElement => s instanceof HTMLElement && s.dataset.turnId === id);
    if (!section) continue;
    const reasoning = pendingReasoning.get(id);
    if (reasoning !== undefined) renderThinking(section, turn, reasoning);
    const added = pendingRender.get(id);
    if (added !== undefined) {
      renderAnswer(section, turn.answer, added);
      refreshThinking(section, turn);
    }
  }
  pendingRender.clear();
  pendingReasoning.clear();
  // Following forces style and layout here, so the cost measured includes them.
  if (following) scrollToEnd();
  pacer.rendered(now, performance.now() - started);
}

/**
 * Follow the stream only while the user has not scrolled up to read. Decided when the list scrolls
 * (by the user, or by following), not before each render: a render that adds more than a screen
 * would otherwise stop the following for good, and reading the scroll position before a render
 * forces a layout.
 */
let following = true;
/** Where the panel itself last scrolled to: its own scrolls (and content growing below) are not the user leaving the end. */
let autoTop = 0;

function scrollToEnd(): void {
  list.scrollTop = list.scrollHeight;
  autoTop = list.scrollTop;
}

list.addEventListener(
  'scroll',
  () => {
    // The scroll event of the panel's own scroll may arrive after the next render grew the list: only
    // a position above the panel's own says the user scrolled up to read.
    following = list.scrollHeight - list.scrollTop - list.clientHeight < 120 || list.scrollTop >= autoTop;
  },
  { passive: true },
);

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'state':
      if (state && state.thread.id !== message.state.thread.id) notices.replaceChildren();
      state = message.state;
      turns.clear();
      for (const t of message.state.turns) turns.set(t.id, { ...t });
      onHostOnly = message.state.earlierTurns ?? 0;
      onHostTokens = message.state.earlierTokens ?? 0;
      asked = false;
      renderAll();
      return;
    case 'earlierTurns':
      earlierArrived(message.before, message.turns, message.remaining);
      return;
    case 'turn':
      upsertTurn({ ...message.turn });
      return;
    case 'delta':
      appendDelta(message.turnId, message.text);
      return;
    case 'reasoning':
      appendReasoning(message.turnId, message.text);
      return;
    case 'notice':
      notices.replaceChildren(el('p', 'notice', message.text));
      return;
    case 'context':
      renderContext(contextBar, message.items);
      return;
    case 'image':
      imageArrived(message.fileId, message.mimeType, message.data);
      return;
  }
});

function submit(): void {
  const text = input.value.trim();
  if (!text) return;
  send({ type: 'ask', text });
  input.value = '';
  saveViewState({ draft: '' });
}

composer.addEventListener('submit', (e) => {
  e.preventDefault();
  submit();
});
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    submit();
  } else if (e.key === 'Escape' && app.dataset.busy === 'true') {
    // Escape in the question box stops the answer being written, as Stop does.
    e.preventDefault();
    send({ type: 'stop' });
  }
});
input.addEventListener('input', () => saveViewState({ draft: input.value }));

function codeOf(target: HTMLElement): string {
  return target.closest('.code-block')?.querySelector('code')?.textContent ?? '';
}

app.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  const link = target.closest<HTMLElement>('a.link');
  if (link) {
    e.preventDefault();
    send({ type: 'openLink', href: link.dataset.href ?? '' });
    return;
  }
  const action = target.closest<HTMLElement>('[data-action]');
  if (!action) return;
  switch (action.dataset.action) {
    case 'copy':
      send({ type: 'copy', text: codeOf(action) });
      return;
    case 'insert':
      send({ type: 'insert', text: codeOf(action) });
      return;
    case 'apply':
      send({ type: 'apply', text: codeOf(action), turnId: action.closest<HTMLElement>('section.turn')?.dataset.turnId ?? '' });
      return;
    case 'retry':
      send({ type: 'retry', turnId: action.dataset.turnId ?? '' });
      return;
    case 'excludeContext':
    case 'includeContext':
      send({ type: action.dataset.action, key: action.dataset.key ?? '' });
      return;
    case 'generatedFile':
      send({ type: 'generatedFile', turnId: action.dataset.turnId ?? '', fileId: action.dataset.fileId ?? '', mode: action.dataset.mode ?? '' });
      return;
    case 'openCitation':
      send({ type: 'openCitation', turnId: action.dataset.turnId ?? '', fileId: action.dataset.fileId ?? '' });
      return;
    case 'stop':
      send({ type: 'stop' });
      return;
    case 'setApiKey':
    case 'openSettings':
    case 'selectModel':
    case 'newThread':
    case 'switchThread':
      send({ type: action.dataset.action });
      return;
  }
});

app.addEventListener('keydown', (e) => {
  const link = (e.target as HTMLElement).closest?.('a.link');
  if (link && (e.key === 'Enter' || e.key === ' ')) {
    e.preventDefault();
    (link as HTMLElement).click();
  }
});

// When the panel gets focus (Show Panel, clicking its tab) with nothing focused in it, the question
// box takes it, so the user can type at once.
window.addEventListener('focus', () => {
  if (document.activeElement === document.body || document.activeElement === null) input.focus();
});

onImageNeeded((turnId, fileId) => send({ type: 'loadImage', turnId, fileId }));
// An answer that grew after the frame that asked for it is followed too.
onAnswerGrown(() => following && scrollToEnd());
buildShell();
send({ type: 'ready' });
