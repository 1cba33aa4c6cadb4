// Types for test/harness/panel-browser.js (plain JavaScript, shared with bench/), so the TypeScript
// webview tests get checked against it.
import type { Browser, Page } from 'playwright-core';
import type { HostMessage } from '../../src/shared/protocol';
import type { Turn, TurnStatus } from '../../src/shared/turn';

export interface PanelOptions {
  /** Another panel script instead of `${dist}/webview.js`. */
  webview?: string;
  /** Folder holding webview.js and webview.css; default dist/. */
  dist?: string;
  /** Include the page's CSP meta tag (default false: the renderer alone must fetch nothing). */
  csp?: boolean;
}

export function launch(extraArgs?: string[]): Promise<Browser>;
export function openPanel(browser: Browser, options?: string | PanelOptions): Promise<Page>;
export function panelPage(options: { dist: string; webview?: string; csp: boolean }): string;
export function post(page: Page, ...messages: HostMessage[]): Promise<void>;
export function state(turns: Turn[]): Extract<HostMessage, { type: 'state' }>;
export function turn(id: string, status: TurnStatus, answer?: string): Turn;
export function frames(page: Page, n?: number): Promise<void>;
export function streamDeltas(page: Page, turnId: string, text: string, options?: { size?: number; perFrame?: number }): Promise<void>;
export const API_BRAND: string;
