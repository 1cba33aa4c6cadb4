// The request of a turn on Chat Completions, where the extension keeps the thread's history: a
// `system` message (the profile's instructions), the earlier turns in order — each user message as it
// was sent (question and attachments), each tool call as an `assistant` message with `tool_calls`
// followed by one `tool` message per call id, each answer as an `assistant` message — then the new
// user message and the current turn's own tool rounds.
//
// The history is trimmed to the token budget oldest turn first, and the caller says so. A file sent
// in full earlier and unchanged since goes as a placeholder only while its full copy is still in
// what is sent; once that copy is trimmed away, the file is sent again (its text is the same as the
// copy's, since its hash did not change).
import type { ChatCompletionMessageParam, ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';
import type { Attachment, Turn } from '../../../shared/turn';
import { UNCHANGED_TEXT } from '../../attachments/collect';
import { renderAttachment, userMessageParts } from '../../prompt';
import { CANCELLED_OUTPUT } from '../../tool-loop';
import type { TokenCounter } from '../../tokens/count';
import { formatCount } from '../../../shared/numbers';

/** Per message: the role and formatting tokens chat models add (OpenAI's documented figure). */
const TOKENS_PER_MESSAGE = 4;

export interface HistoryRequest {
  readonly instructions: string;
  /** The thread's earlier turns, oldest first (unfinished and failed ones are skipped here). */
  readonly turns: readonly Turn[];
  /** The new user message's attachments and question, as fitted to the budget. */
  readonly question: string;
  readonly attachments: readonly Attachment[];
  /** The current turn's tool rounds so far (assistant `tool_calls` messages and their `tool` answers). */
  readonly rounds: readonly ChatCompletionMessageParam[];
  readonly maxTokens: number;
  readonly counter: TokenCounter;
}

export interface BuiltHistory {
  readonly messages: ChatCompletionMessageParam[];
  /** Earlier turns that were sent, and those left out to fit the budget. */
  readonly keptTurns: number;
  readonly droppedTurns: number;
  /** Files sent again in full because their earlier copy was trimmed away. */
  readonly resent: readonly string[];
  readonly tokens: number;
}

/** The turns that are part of the conversation the model saw: answered ones, and tool runs stopped part-way. */
export function isInHistory(turn: Turn): boolean {
  if (turn.status === 'completed' || turn.status === 'incomplete') return true;
  return (turn.status === 'interrupted' || turn.status === 'cancelled') && (turn.answer.length > 0 || (turn.tools?.length ?? 0) > 0);
}

interface Costed {
  readonly signature: string;
  readonly tokens: number;
}

/** Token counts of earlier turns, kept across requests: a long thread is counted once, not on every turn. */
const costs = new WeakMap<Turn, Costed>();

function signatureOf(turn: Turn, counter: TokenCounter): string {
  return `${counter.name}|${turn.status}|${turn.answer.length}|${turn.tools?.length ?? 0}|${turn.attachments.length}`;
}

function messageTokens(messages: readonly ChatCompletionMessageParam[], counter: TokenCounter): number {
  let sum = 0;
  for (const m of messages) {
    sum += TOKENS_PER_MESSAGE;
    if (typeof m.content === 'string') sum += counter.count(m.content);
    if (m.role === 'assistant' && m.tool_calls) for (const c of m.tool_calls) if (c.type === 'function') sum += counter.count(c.function.name) + counter.count(c.function.arguments);
  }
  return sum;
}

/** Counts of the texts of files sent again, which recur from one request to the next. */
const fileCounts = new Map<string, number>();
const FILE_COUNTS_KEPT = 64;

function countCached(counter: TokenCounter, text: string): number {
  const key = `${counter.name}\u0000${text}`;
  let n = fileCounts.get(key);
  if (n === undefined) {
    n = counter.count(text);
    if (fileCounts.size >= FILE_COUNTS_KEPT) fileCounts.delete(fileCounts.keys().next().value as string);
    fileCounts.set(key, n);
  }
  return n;
}

/** Ids for replayed tool calls: 9 letters and digits, which every server accepts (Mistral requires exactly that). */
function replayId(n: number): string {
  return `c${n.toString(36).padStart(8, '0')}`;
}

function userMessage(question: string, attachments: readonly Attachment[]): ChatCompletionMessageParam {
  return { role: 'user', content: userMessageParts(question, attachments).join('\n\n') };
}

/** An earlier turn as messages; `nextId` numbers its replayed tool calls. */
function turnMessages(turn: Turn, attachments: readonly Attachment[], nextId: () => string): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [userMessage(turn.question, attachments)];
  const tools = turn.tools ?? [];
  if (tools.length) {
    const ids = tools.map(() => nextId());
    const toolCalls: ChatCompletionMessageToolCall[] = tools.map((t, i) => ({ id: ids[i], type: 'function', function: { name: t.name, arguments: t.arguments || '{}' } }));
    messages.push({ role: 'assistant', content: null, tool_calls: toolCalls });
    tools.forEach((t, i) => messages.push({ role: 'tool', tool_call_id: ids[i], content: t.status === 'running' || t.output === undefined ? CANCELLED_OUTPUT : t.output }));
  }
  if (turn.answer) messages.push({ role: 'assistant', content: turn.answer });
  return messages;
}

function costOf(turn: Turn, counter: TokenCounter): number {
  const signature = signatureOf(turn, counter);
  const known = costs.get(turn);
  if (known?.signature === signature) return known.tokens;
  let n = 0;
  const tokens = messageTokens(turnMessages(turn, turn.attachments, () => replayId(n++)), counter);
  costs.set(turn, { signature, tokens });
  return tokens;
}

/**
 * Placeholders of files whose full copy is not among the messages sent get that copy's text back.
 * `fullCopies` starts with nothing: it fills as turns are walked oldest first.
 */
function restoreFiles(attachments: readonly Attachment[], fullCopies: Set<string>, lastFull: ReadonlyMap<string, string>, resent: Attachment[]): readonly Attachment[] {
  let changed = false;
  const out = attachments.map((a) => {
    if (a.kind !== 'file') return a;
    if (a.text !== UNCHANGED_TEXT) {
      fullCopies.add(a.path);
      return a;
    }
    if (fullCopies.has(a.path)) return a;
    const text = lastFull.get(a.path);
    if (text === undefined) return a;
    fullCopies.add(a.path);
    changed = true;
    const restored = { ...a, text };
    resent.push(restored);
    return restored;
  });
  return changed ? out : attachments;
}

/** The newest full copy of each file in the transcript, walking oldest first. */
function newestFullCopies(turns: readonly Turn[]): Map<string, string> {
  const copies = new Map<string, string>();
  for (const t of turns) {
    if (!isInHistory(t)) continue;
    for (const a of t.attachments) if (a.kind === 'file' && a.text !== UNCHANGED_TEXT) copies.set(a.path, a.text);
  }
  return copies;
}

export function buildHistory(req: HistoryRequest): BuiltHistory {
  const { counter } = req;
  const earlier = req.turns.filter(isInHistory);
  const lastFull = newestFullCopies(earlier);
  const system: ChatCompletionMessageParam = { role: 'system', content: req.instructions };
  const fixed = messageTokens([system, userMessage(req.question, req.attachments), ...req.rounds], counter);

  // Newest first, as many earlier turns as the budget holds.
  let first = earlier.length;
  let used = fixed;
  while (first > 0) {
    const cost = costOf(earlier[first - 1], counter);
    if (used + cost > req.maxTokens) break;
    used += cost;
    first--;
  }

  // Files whose full copy fell outside are sent again, which may push the oldest kept turns out too.
  for (;;) {
    const resent: Attachment[] = [];
    const fullCopies = new Set<string>();
    const messages: ChatCompletionMessageParam[] = [system];
    let n = 0;
    const nextId = () => replayId(n++);
    for (const turn of earlier.slice(first)) messages.push(...turnMessages(turn, restoreFiles(turn.attachments, fullCopies, lastFull, resent), nextId));
    messages.push(userMessage(req.question, restoreFiles(req.attachments, fullCopies, lastFull, resent)), ...req.rounds);
    // A file sent again costs its text instead of the placeholder's (counted once per text).
    const tokens = used + resent.reduce((sum, a) => sum + countCached(counter, renderAttachment(a)) - countCached(counter, renderAttachment({ ...a, text: UNCHANGED_TEXT })), 0);
    if (tokens <= req.maxTokens || first >= earlier.length) {
      return { messages, keptTurns: earlier.length - first, droppedTurns: first, resent: resent.map((a) => a.path), tokens };
    }
    used -= costOf(earlier[first], counter);
    first++;
  }
}

/** What the user is told when the history was trimmed, or undefined. */
export function trimNotice(built: BuiltHistory, maxTokens: number, exact: boolean): string | undefined {
  if (!built.droppedTurns) return undefined;
  const turns = (n: number) => `${formatCount(n)} earlier turn${n === 1 ? '' : 's'}`;
  const budget = `${formatCount(maxTokens)} tokens${exact ? '' : ' (estimated)'}`;
  const kept = built.keptTurns ? `it sees the last ${turns(built.keptTurns).replace(' earlier', '')}` : 'it sees only this question';
  return `The model does not see the ${turns(built.droppedTurns)} of this thread: the history is kept within ${budget}, so ${kept}. Raise workspaceAssistant.maxContextTokens or start a New Thread.`;
}
