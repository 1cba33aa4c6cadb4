// Shared by the integration suites: a fake OpenAI server the extension is pointed at, and small
// helpers to select code and run a command until its turn has finished.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WorkspaceAssistantApi } from '../../src/host/extension';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';

export const KEY = 'sk-integration-SECRET-4242';
const EXTENSION_ID = 'workspace-assistant.workspace-assistant';

export interface SentBody {
  conversation: string;
  stream: boolean;
  input: Array<{ content: Array<{ text: string }> }>;
}

export interface Harness {
  readonly fake: FakeOpenAI;
  readonly api: WorkspaceAssistantApi;
  responses(): FakeOpenAI['requests'];
  /** The user message of the last (or given) Responses request, its parts joined. */
  sentText(body?: unknown): string;
  selectIn(file: string, startLine: number, endLine: number): Promise<vscode.TextEditor>;
  run(command: string, ...args: unknown[]): Promise<void>;
  dispose(): Promise<void>;
}

export const config = () => vscode.workspace.getConfiguration('workspaceAssistant');

export function workspaceUri(file: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, file);
}

export async function setUp(): Promise<Harness> {
  const fake = await startFakeOpenAI({ validate: true, apiKeys: [KEY] });
  process.env.OPENAI_API_KEY = KEY;
  await config().update('baseUrl', fake.url, vscode.ConfigurationTarget.Global);
  const extension = vscode.extensions.getExtension<WorkspaceAssistantApi>(EXTENSION_ID);
  assert.ok(extension, 'extension installed');
  const api = await extension.activate();
  const responses = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/responses');
  return {
    fake,
    api,
    responses,
    // The user message (tool outputs for pending calls may come before it).
    sentText: (body = responses().at(-1)?.body) => ((body as SentBody).input.find((i) => Array.isArray(i.content))?.content ?? []).map((c) => c.text).join('\n'),
    async selectIn(file, startLine, endLine) {
      const doc = await vscode.workspace.openTextDocument(workspaceUri(file));
      const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
      editor.selection = new vscode.Selection(startLine - 1, 0, endLine - 1, doc.lineAt(endLine - 1).text.length);
      return editor;
    },
    async run(command, ...args) {
      await vscode.commands.executeCommand(command, ...args);
      await api.idle();
    },
    async dispose() {
      await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
      await fake.close();
    },
  };
}
