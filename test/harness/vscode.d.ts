// Types for test/harness/vscode.js (plain JavaScript, run without a build step), so the
// TypeScript e2e tests get checked against it.
import type { Browser, Frame, Page } from 'playwright-core';
import type { ChildProcess } from 'child_process';

export interface StartOptions {
  /** Folder to open. */
  workspace: string;
  /** Extension folder loaded as with F5 (extensionDevelopmentPath). */
  extensionDevelopmentPath?: string;
  /** Module exporting run(): Promise<void>, VS Code's test-runner contract. */
  extensionTestsPath?: string;
  /** Extra environment of the server; reaches the extension host. */
  env?: Record<string, string>;
  /** User settings on top of the harness defaults. */
  settings?: Record<string, unknown>;
  /** Default: a free port. */
  port?: number;
  /** Default true. */
  headless?: boolean;
  /** Default true; false opens the workspace in restricted mode. */
  trusted?: boolean;
  /** Default true; false starts the server only (page and browser are then undefined). */
  browser?: boolean;
}

export interface VSCode {
  page: Page;
  browser: Browser;
  url: string;
  port: number;
  /** Temp folder with server.log, browser.log and the VS Code logs (user-data/logs). */
  logsDir: string;
  serverLog: string;
  browserLog: string;
  server: ChildProcess;
  /** With extensionTestsPath: the code passed to window.codeAutomationExit. */
  automationExit?: Promise<number>;
  /** Closes the browser and kills the server's process group; removes logsDir unless keepLogs. */
  stop(options?: { keepLogs?: boolean }): Promise<void>;
}

export type FramePredicate = string | RegExp | ((bodyText: string, frame: Frame) => boolean | Promise<boolean>);

export function startVSCode(options: StartOptions): Promise<VSCode>;
export function runCommand(page: Page, title: string, options?: { timeout?: number }): Promise<void>;
export function reloadWindow(page: Page): Promise<void>;
/** Right-click on the editor line containing `lineText`, then `submenu` ▸ `item`. */
export function editorMenu(page: Page, lineText: string, submenu: string, item: string, options?: { timeout?: number; beforeClick?: () => Promise<unknown> }): Promise<void>;
export function openFile(page: Page, name: string, options?: { timeout?: number }): Promise<void>;
export function selectLines(page: Page, fromText: string, toText?: string, options?: { timeout?: number }): Promise<void>;
export function webviewFrame(page: Page, predicate?: FramePredicate, options?: { timeout?: number }): Promise<Frame>;
export function screenshot(page: Page, name: string): Promise<string>;
/** A free port; with `port`, checks that one is free (rejects if in use). */
export function freePort(port?: number): Promise<number>;
export function tail(file: string, lines?: number): string;
export const BASE_SETTINGS: Record<string, unknown>;
export const CHROMIUM_ARGS: string[];
export const RESULTS_DIR: string;
