// Settings declared once, typed. `baseUrl` decides where code and questions go, so in an untrusted
// workspace only the user's own value counts (C2).
import * as vscode from 'vscode';

const SECTION = 'workspaceAssistant';

export interface Settings {
  readonly baseUrl: string;
  readonly model: string;
}

export const DEFAULT_MODEL = 'gpt-4.1-mini';

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const baseUrl = vscode.workspace.isTrusted
    ? config.get<string>('baseUrl', '')
    : (config.inspect<string>('baseUrl')?.globalValue ?? '');
  return { baseUrl: baseUrl.trim(), model: config.get<string>('model', DEFAULT_MODEL).trim() || DEFAULT_MODEL };
}

export function affectsSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}
