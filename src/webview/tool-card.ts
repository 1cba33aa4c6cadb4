// One tool call of a turn as a collapsible card: the summary row (status, tool, argument gist, result
// line, duration), and, expanded, the arguments and the output. Names, arguments and outputs come from
// the model and the workspace: untrusted (F9, F12). They only ever become text nodes (hidden
// characters shown as markers, A10), never HTML and never markdown.
import type { ToolCallRecord } from '../shared/turn';
import { spellHidden, textWithHidden } from './hidden';

type ToolStatus = ToolCallRecord['status'];

const ICON: Record<ToolStatus, string> = {
  running: 'loading codicon-modifier-spin',
  done: 'check',
  error: 'error',
  refused: 'circle-slash',
  cancelled: 'debug-stop',
};

const STATUS_WORD: Record<ToolStatus, string> = {
  running: 'running',
  done: 'done',
  error: 'failed',
  refused: 'refused',
  cancelled: 'cancelled',
};

/** Longest argument gist shown in the summary row. */
const GIST_CHARS = 80;
/** The argument that says best what a call is about, in this order (path for read_file, query for search_workspace…). */
const GIST_KEYS = ['path', 'query', 'glob', 'pattern', 'file', 'url', 'command', 'name'];

const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);
// Not \s nor trim(): they take U+FEFF for white space, and the gist must show it (A10).
const oneLine = (text: string): string => text.replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '');

function parseArguments(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** A short, one-line hint of what the call was about: its main string argument, else the raw text cut. */
export function argumentGist(args: string): string {
  const parsed = parseArguments(args);
  if (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value)) {
    const record = parsed.value as Record<string, unknown>;
    const key = GIST_KEYS.find((k) => typeof record[k] === 'string' && record[k] !== '') ?? Object.keys(record).find((k) => typeof record[k] === 'string' && record[k] !== '');
    // An object with no string argument (get_selection's `{}`, only nulls): nothing worth showing.
    return key === undefined ? '' : cut(oneLine(record[key] as string), GIST_CHARS);
  }
  return cut(oneLine(args), GIST_CHARS);
}

/** The arguments for reading: pretty-printed JSON when they parse, else as sent. */
export function prettyArguments(args: string): string {
  const parsed = parseArguments(args);
  return parsed.ok ? JSON.stringify(parsed.value, null, 2) : args;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function span(className: string, text?: string): HTMLSpanElement {
  const node = document.createElement('span');
  node.className = className;
  if (text !== undefined) node.append(textWithHidden(text));
  return node;
}

function block(label: string, text: string, className: string): HTMLElement[] {
  const heading = document.createElement('div');
  heading.className = 'tool-label';
  heading.textContent = label;
  const pre = document.createElement('pre');
  pre.className = `tool-text ${className}`;
  pre.tabIndex = 0; // scrollable: reachable with the keyboard
  pre.setAttribute('aria-label', label);
  pre.append(textWithHidden(text));
  return [heading, pre];
}

/** What the card's summary says to assistive technology (hidden characters spelt out). */
function label(call: ToolCallRecord, gist: string): string {
  const parts = [`Tool ${call.name}`];
  if (gist) parts.push(gist);
  parts.push(STATUS_WORD[call.status]);
  if (call.summary) parts.push(call.summary);
  if (call.durationMs !== undefined) parts.push(formatDuration(call.durationMs));
  return spellHidden(parts.join(', '));
}

/**
 * The card of one call. `key` identifies it across re-renders (the turn is re-sent whenever a call
 * starts or ends): it is on the summary as data-focus-key, and `onToggle` reports it when the user
 * opens or closes the card.
 */
export function toolCard(call: ToolCallRecord, key: string, open: boolean, onToggle: (key: string, open: boolean) => void): HTMLElement {
  const card = document.createElement('details');
  card.className = `tool-card tool-${call.status}`;
  card.dataset.status = call.status;
  const gist = argumentGist(call.arguments);
  const summary = document.createElement('summary');
  summary.dataset.focusKey = key;
  summary.setAttribute('aria-label', label(call, gist));
  summary.title = spellHidden(call.name);
  const icon = span(`tool-icon codicon codicon-${ICON[call.status]}`);
  icon.setAttribute('aria-hidden', 'true');
  summary.append(icon, span('tool-name', call.name));
  if (gist) summary.append(span('tool-gist', gist));
  if (call.summary) summary.append(span('tool-summary', call.summary));
  if (call.durationMs !== undefined) summary.append(span('tool-duration', formatDuration(call.durationMs)));
  const body = document.createElement('div');
  body.className = 'tool-body';
  body.append(...block('Arguments', prettyArguments(call.arguments), 'tool-arguments'));
  if (call.output !== undefined) body.append(...block('Output', call.output, 'tool-output'));
  else body.append(span('tool-pending', call.status === 'running' ? 'Waiting for the result…' : 'No output.'));
  card.append(summary, body);
  card.open = open;
  card.addEventListener('toggle', () => onToggle(key, card.open));
  return card;
}
