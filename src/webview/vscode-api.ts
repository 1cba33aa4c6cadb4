// The webview's only link to the host. The API object stays inside this module and is never put
// on `window`, so injected content cannot reach it (A12).
import type { WebviewMessage } from '../shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function send(message: WebviewMessage): void {
  api.postMessage(message);
}

/**
 * What the webview keeps across hide/reload on its own (VS Code keeps it with the panel, and the
 * serializer restores it): the text being typed, and the Thinking sections (thinking.ts) the user
 * opened and how long each turn thought, by turn id.
 */
export interface ViewState {
  draft: string;
  thinkingOpen: string[];
  thoughtSeconds: Record<string, number>;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const seconds = (v: unknown): Record<string, number> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]) && e[1] >= 0))
    : {};

function read(): ViewState {
  const s = api.getState() as Partial<Record<keyof ViewState, unknown>> | undefined;
  return { draft: typeof s?.draft === 'string' ? s.draft : '', thinkingOpen: strings(s?.thinkingOpen), thoughtSeconds: seconds(s?.thoughtSeconds) };
}

let current: ViewState | undefined;

export function loadViewState(): ViewState {
  return (current ??= read());
}

/** Changes some fields of the view state; the others stay as they are. */
export function saveViewState(patch: Partial<ViewState>): void {
  current = { ...loadViewState(), ...patch };
  api.setState(current);
}
