// What the file search and clean-up commands share: an SDK client for the user's key and endpoint
// (asking for the key when there is none), VS Code cancellation bridged to an AbortSignal, and
// errors in the user's terms.
import * as vscode from 'vscode';
import type OpenAI from 'openai';
import { createClient, shownEndpoint } from '../core/client';
import { classifyError } from '../core/errors';
import type { ServerMemory } from '../core/backends/server-memory';
import { needsApiKey } from '../core/servers/address';

export interface RemoteDeps {
  readonly apiKey: () => Promise<string | undefined>;
  /** What was learnt about servers: the commands of hosted tools run only where the server has them. */
  readonly memory: ServerMemory;
  /** The endpoint setting as read for this workspace (the user's own only, when untrusted). */
  readonly baseUrl: () => string;
}

/**
 * A client, or undefined after telling the user there is no key. Deletes and 429-refused uploads
 * are safe to repeat, so the SDK may retry them (turns retry visibly instead, see retry.ts).
 */
export async function clientOrExplain(deps: RemoteDeps, what: string): Promise<OpenAI | undefined> {
  const apiKey = await deps.apiKey();
  const baseUrl = deps.baseUrl();
  // A server on a local address may have no key: it is used without one.
  if (apiKey || !needsApiKey(baseUrl)) return createClient({ apiKey, baseUrl, maxRetries: 2 });
  const choice = await vscode.window.showErrorMessage(`Workspace Assistant: set an API key to ${what}.`, 'Set API Key');
  if (choice) await vscode.commands.executeCommand('workspaceAssistant.setApiKey');
  return undefined;
}

export function endpoint(deps: RemoteDeps): string {
  return shownEndpoint(deps.baseUrl());
}

/** The error as the user should read it. */
export function explain(err: unknown, deps: RemoteDeps): string {
  const e = classifyError(err, endpoint(deps));
  return e.detail ? `${e.message} ${e.detail}` : e.message;
}

/** An AbortSignal that follows a CancellationToken; dispose it when done. */
export function signalFor(token: vscode.CancellationToken): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const listener = token.onCancellationRequested(() => controller.abort());
  if (token.isCancellationRequested) controller.abort();
  return { signal: controller.signal, dispose: () => listener.dispose() };
}

/** "a, b, c … and 12 more", one per line, for modal details. */
export function listLines(lines: readonly string[], max = 15): string {
  const shown = lines.slice(0, max).map((l) => `• ${l}`);
  if (lines.length > max) shown.push(`… and ${lines.length - max} more`);
  return shown.join('\n');
}
