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

/** What the webview keeps across hide/reload on its own: the text being typed. */
export interface ViewState {
  draft: string;
}

export function loadViewState(): ViewState {
  const s = api.getState() as Partial<ViewState> | undefined;
  return { draft: typeof s?.draft === 'string' ? s.draft : '' };
}

export function saveViewState(state: ViewState): void {
  api.setState(state);
}
