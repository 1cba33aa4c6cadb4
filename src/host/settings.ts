// Settings declared once, typed. `baseUrl` decides where code and questions go, so in an untrusted
// workspace only the user's own value counts (C2).
import * as vscode from 'vscode';
import { DEFAULT_INSTRUCTIONS } from '../core/prompt';

const SECTION = 'workspaceAssistant';

export interface Settings {
  readonly baseUrl: string;
  readonly model: string;
  /** The assistant profile, configured once and reused by every thread. */
  readonly assistantName: string;
  readonly instructions: string;
  readonly temperature?: number;
  readonly idleTimeoutMs: number;
  /** Token budget for a question and its attachments (H11); undefined: the core's default. */
  readonly maxContextTokens?: number;
  /** Offer the workspace tools (read_file, search, …) to the model; never in an untrusted workspace. */
  readonly workspaceTools: boolean;
  /** Offer the hosted code interpreter (`auto`: with OpenAI itself, not with other servers). */
  readonly codeInterpreter: boolean;
  /**
   * Which API the turns use: `auto` (the Responses and Conversations APIs at OpenAI, Chat Completions
   * with the history kept in VS Code elsewhere, detected once per server), or the one named.
   */
  readonly api: ApiSetting;
}

export type ApiSetting = 'auto' | 'responses' | 'chatCompletions';

export const DEFAULT_MODEL = 'gpt-4.1-mini';

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const baseUrl = vscode.workspace.isTrusted
    ? config.get<string>('baseUrl', '')
    : (config.inspect<string>('baseUrl')?.globalValue ?? '');
  const temperature = config.get<number | null>('temperature', null);
  return {
    baseUrl: baseUrl.trim(),
    model: config.get<string>('model', DEFAULT_MODEL).trim() || DEFAULT_MODEL,
    assistantName: config.get<string>('assistantName', 'Workspace Assistant').trim() || 'Workspace Assistant',
    instructions: config.get<string>('instructions', '').trim() || DEFAULT_INSTRUCTIONS,
    temperature: typeof temperature === 'number' ? temperature : undefined,
    idleTimeoutMs: Math.max(5, config.get<number>('streamTimeoutSeconds', 90)) * 1000,
    maxContextTokens: positiveOrUndefined(config.get<number | null>('maxContextTokens', null)),
    workspaceTools: config.get<boolean>('workspaceTools', true) !== false,
    codeInterpreter: codeInterpreterOn(config.get<string>('codeInterpreter', 'auto'), baseUrl.trim()),
    api: apiSetting(config.get<string>('api', 'auto')),
  };
}

function apiSetting(value: string | undefined): ApiSetting {
  return value === 'responses' || value === 'chatCompletions' ? value : 'auto';
}

function codeInterpreterOn(value: string, baseUrl: string): boolean {
  if (value === 'on' || value === 'off') return value === 'on';
  return baseUrl === '';
}

/** 0, null or junk mean "the default". */
function positiveOrUndefined(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
}

export function affectsSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}
