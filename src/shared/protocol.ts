// The one message protocol between the extension host and the panel's webview.
// Both sides import these types; the host validates every incoming message with
// `parseWebviewMessage`, because the webview is the less trusted side.
import type { LineRange, Turn, ThreadSummary } from './turn';

export interface PanelState {
  readonly thread: ThreadSummary;
  readonly turns: readonly Turn[];
  /** Where answers come from, e.g. "OpenAI · gpt-4.1-mini" or "Demo backend (fake OpenAI server)". */
  readonly backendLabel: string;
  readonly demo: boolean;
  readonly hasApiKey: boolean;
  /**
   * Settings this untrusted workspace sets that are ignored (names without `workspaceAssistant.`):
   * the panel says so. Empty or absent when the workspace is trusted or sets none.
   */
  readonly ignoredSettings?: readonly string[];
  /**
   * A long thread's state carries its last turns only (STATE_TURNS): how many come before them,
   * asked for with `earlierTurns` as the reader scrolls up; and the tokens those used.
   */
  readonly earlierTurns?: number;
  readonly earlierTokens?: number;
}

/** How many of a thread's last turns a state message carries; earlier ones come on request. */
export const STATE_TURNS = 50;
/** How many earlier turns one `earlierTurns` request brings. */
export const EARLIER_TURNS_PER_REQUEST = 100;

/**
 * One file or selection the next question typed in the panel would send (E4), shown as a chip
 * before sending. `send`: goes out in full; `unchanged`: already sent in this thread and unchanged,
 * so only its name goes out; `refused`: the policy keeps it back (`reason` says why); `excluded`:
 * the user removed the chip.
 */
export interface ContextItem {
  /** Identifies the item for `excludeContext`/`includeContext`: the path, plus the lines of a selection. */
  readonly key: string;
  readonly kind: 'selection' | 'file';
  readonly path: string;
  readonly range?: LineRange;
  readonly state: 'send' | 'unchanged' | 'refused' | 'excluded';
  readonly reason?: string;
}

// ── host → webview ──────────────────────────────────────────────────────────────
export type HostMessage =
  | { readonly type: 'state'; readonly state: PanelState }
  | { readonly type: 'turn'; readonly turn: Turn }
  | { readonly type: 'delta'; readonly turnId: string; readonly text: string }
  /** A piece of the model's reasoning for the turn's Thinking section (never part of the answer). */
  | { readonly type: 'reasoning'; readonly turnId: string; readonly text: string }
  | { readonly type: 'notice'; readonly text: string }
  | { readonly type: 'context'; readonly items: readonly ContextItem[] }
  /** An image the code interpreter made, downloaded by the host through the API (F10), base64. */
  | { readonly type: 'image'; readonly fileId: string; readonly mimeType: string; readonly data: string }
  /** The turns just before `before`, in order, and how many come before those. */
  | { readonly type: 'earlierTurns'; readonly before: string; readonly turns: readonly Turn[]; readonly remaining: number };

// ── webview → host ──────────────────────────────────────────────────────────────
export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'ask'; readonly text: string }
  | { readonly type: 'retry'; readonly turnId: string }
  | { readonly type: 'stop' }
  | { readonly type: 'setApiKey' }
  | { readonly type: 'openSettings' }
  /** Select Model, offered when the server does not serve the configured model. */
  | { readonly type: 'selectModel' }
  | { readonly type: 'newThread' }
  | { readonly type: 'copy'; readonly text: string }
  | { readonly type: 'insert'; readonly text: string }
  | { readonly type: 'apply'; readonly text: string; readonly turnId: string }
  | { readonly type: 'switchThread' }
  | { readonly type: 'openLink'; readonly href: string }
  | { readonly type: 'excludeContext'; readonly key: string }
  | { readonly type: 'includeContext'; readonly key: string }
  /** The panel shows an image of a turn's code run and needs its bytes. */
  | { readonly type: 'loadImage'; readonly turnId: string; readonly fileId: string }
  /** Save to Workspace (`save`) or Open (`open`) a file a turn's code run made. */
  | { readonly type: 'generatedFile'; readonly turnId: string; readonly fileId: string; readonly mode: string }
  /** Open the workspace file an answer cites (file search). */
  | { readonly type: 'openCitation'; readonly turnId: string; readonly fileId: string }
  /** The reader scrolled up past the turns the panel holds: the ones before `before` (a turn id). */
  | { readonly type: 'earlierTurns'; readonly before: string };

type FieldKind = 'string';
const MAX_TEXT = 1_000_000;

/** Allowed fields per message type; anything else is rejected (B1). */
const SHAPES: { readonly [K in WebviewMessage['type']]: Readonly<Record<string, FieldKind>> } = {
  ready: {},
  ask: { text: 'string' },
  retry: { turnId: 'string' },
  stop: {},
  setApiKey: {},
  openSettings: {},
  selectModel: {},
  newThread: {},
  copy: { text: 'string' },
  insert: { text: 'string' },
  apply: { text: 'string', turnId: 'string' },
  switchThread: {},
  earlierTurns: { before: 'string' },
  openLink: { href: 'string' },
  excludeContext: { key: 'string' },
  includeContext: { key: 'string' },
  loadImage: { turnId: 'string', fileId: 'string' },
  generatedFile: { turnId: 'string', fileId: 'string', mode: 'string' },
  openCitation: { turnId: 'string', fileId: 'string' },
};

export type ParseResult =
  | { readonly ok: true; readonly message: WebviewMessage }
  | { readonly ok: false; readonly reason: string };

export function parseWebviewMessage(raw: unknown): ParseResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: 'not an object' };
  }
  const record = raw as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(SHAPES, type)) {
    return { ok: false, reason: `unknown type ${JSON.stringify(String(type)).slice(0, 40)}` };
  }
  const shape = SHAPES[type as WebviewMessage['type']];
  for (const key of Object.keys(record)) {
    if (key === 'type') continue;
    if (!Object.prototype.hasOwnProperty.call(shape, key)) return { ok: false, reason: `unexpected field ${key.slice(0, 40)} in ${type}` };
  }
  for (const key of Object.keys(shape)) {
    const value = record[key];
    if (typeof value !== 'string') return { ok: false, reason: `${type}.${key} must be a string` };
    if (value.length > MAX_TEXT) return { ok: false, reason: `${type}.${key} is too long` };
  }
  return { ok: true, message: record as unknown as WebviewMessage };
}
