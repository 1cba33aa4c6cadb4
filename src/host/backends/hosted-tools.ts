// The hosted tools (code interpreter, file search) and what backs them (uploaded files, vector
// stores, containers, conversations to clean up) exist only with the Responses API at OpenAI. With
// any other server the commands that need them say so, in the user's words, instead of failing on
// a 404.
import * as vscode from 'vscode';
import { knownApi } from '../../core/backends/select';
import type { ServerMemory } from '../../core/backends/server-memory';
import { isAzure, isOpenAI, serverKey } from '../../core/servers/address';
import { readSettings } from '../settings';
import { serverName } from './label';

/** True when the configured server is driven through Responses + Conversations (known or detected). */
export function hasHostedTools(memory: ServerMemory): boolean {
  const { baseUrl, api } = readSettings();
  return knownApi({ server: serverKey(baseUrl), setting: api, isOpenAI: isOpenAI(baseUrl), isAzure: isAzure(baseUrl) }, memory) === 'responses';
}

/** Whether `what` can run here; if not, tells the user why, with Choose Server to change it. */
export async function hostedToolsOrExplain(memory: ServerMemory, what: string): Promise<boolean> {
  if (hasHostedTools(memory)) return true;
  const { baseUrl, api } = readSettings();
  const detected = knownApi({ server: serverKey(baseUrl), setting: api, isOpenAI: isOpenAI(baseUrl), isAzure: isAzure(baseUrl) }, memory);
  const why = detected ? 'it has no Conversations API, so the history is kept in VS Code and there are no hosted tools' : 'it has not been asked which API it speaks yet (ask a question first)';
  const choice = await vscode.window.showWarningMessage(`Workspace Assistant: ${what} needs OpenAI (its Responses API with hosted tools). The current server, ${serverName(baseUrl)}, cannot: ${why}.`, 'Choose Server');
  if (choice) await vscode.commands.executeCommand('workspaceAssistant.selectServer');
  return false;
}
