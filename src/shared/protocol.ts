// The one message protocol between the extension host and the panel's webview.
// Both sides import these types; the host validates every incoming message with
// `parseWebviewMessage`, because the webview is the less trusted side.
import type { Turn, ThreadSummary } from './turn';

export interface PanelState {
  readonly thread: ThreadSummary;
  readonly turns: readonly Turn[];
  /** Where answers come from, e.g. "OpenAI · gpt-4.1-mini" or "Demo backend (fake OpenAI server)". */
  readonly backendLabel: string;
  readonly demo: boolean;
  readonly hasApiKey: boolean;
}

// ── host → webview ──────────────────────────────────────────────────────────────
export type HostMessage =
  | { readonly type: 'state'; readonly state: PanelState }
  | { readonly type: 'turn'; readonly turn: Turn }
  | { readonly type: 'delta'; readonly turnId: string; readonly text: string }
  | { readonly type: 'notice'; readonly text: string };

// ── webview → host ──────────────────────────────────────────────────────────────
export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'ask'; readonly text: string }
  | { readonly type: 'retry'; readonly turnId: string }
  | { readonly type: 'stop' }
  | { readonly type: 'setApiKey' }
  | { readonly type: 'openSettings' }
  | { readonly type: 'newThread' }
  | { readonly type: 'copy'; readonly text: string }
  | { readonly type: 'insert'; readonly text: string }
  | { readonly type: 'apply'; readonly text: string; readonly turnId: string }
  | { readonly type: 'switchThread' }
  | { readonly type: 'openLink'; readonly href: string };

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
  newThread: {},
  copy: { text: 'string' },
  insert: { text: 'string' },
  apply: { text: 'string', turnId: 'string' },
  switchThread: {},
  openLink: { href: 'string' },
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
