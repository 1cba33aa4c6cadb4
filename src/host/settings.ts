// Settings declared once, typed. Every one of them changes what is sent, where it goes or what the
// model is told (the endpoint, the model and its instructions, the hosted tools, what is attached,
// the budget, what is deleted when): so in an untrusted workspace none is read from the workspace,
// only from the user's own settings (C2). package.json lists them as restrictedConfigurations too.
import * as vscode from 'vscode';
import { DEFAULT_INSTRUCTIONS } from '../core/prompt';
import { SETTING_KEYS, SETTINGS_SECTION, settingsSetIn } from '../core/setting-keys';

const SECTION = SETTINGS_SECTION;

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

/** Reads settings of `section`: the effective value in a trusted workspace, else the user's (or the default). */
export function settingsOf(section = SECTION): <T>(key: string, fallback: T) => T {
  const config = vscode.workspace.getConfiguration(section);
  const trusted = vscode.workspace.isTrusted;
  return <T>(key: string, fallback: T): T => {
    if (trusted) return config.get<T>(key, fallback);
    const inspected = config.inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  };
}

/**
 * The extension's settings this untrusted workspace sets and that are therefore ignored (none when
 * trusted), by their names without the `workspaceAssistant.` prefix, for the panel to say so. Read
 * from the settings files themselves: VS Code hides a restricted setting's workspace value from
 * `inspect` in an untrusted workspace.
 */
export async function ignoredWorkspaceSettings(): Promise<string[]> {
  if (vscode.workspace.isTrusted) return [];
  const files: Array<{ uri: vscode.Uri; inWorkspaceFile: boolean }> = (vscode.workspace.workspaceFolders ?? []).map((f) => ({ uri: vscode.Uri.joinPath(f.uri, '.vscode', 'settings.json'), inWorkspaceFile: false }));
  const workspaceFile = vscode.workspace.workspaceFile;
  if (workspaceFile && workspaceFile.scheme !== 'untitled') files.push({ uri: workspaceFile, inWorkspaceFile: true });
  const found = new Set<string>();
  for (const { uri, inWorkspaceFile } of files) {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      for (const key of settingsSetIn(text, inWorkspaceFile)) found.add(key);
    } catch {
      // no settings file: nothing set there
    }
  }
  return SETTING_KEYS.filter((k) => found.has(k));
}

export function readSettings(): Settings {
  const get = settingsOf();
  const baseUrl = get<string>('baseUrl', '');
  const temperature = get<number | null>('temperature', null);
  return {
    baseUrl: text(baseUrl),
    model: text(get<string>('model', DEFAULT_MODEL)) || DEFAULT_MODEL,
    assistantName: text(get<string>('assistantName', 'Workspace Assistant')) || 'Workspace Assistant',
    instructions: text(get<string>('instructions', '')) || DEFAULT_INSTRUCTIONS,
    temperature: typeof temperature === 'number' ? temperature : undefined,
    idleTimeoutMs: Math.max(5, numberOr(get<number>('streamTimeoutSeconds', 90), 90)) * 1000,
    maxContextTokens: positiveOrUndefined(get<number | null>('maxContextTokens', null)),
    workspaceTools: get<boolean>('workspaceTools', true) !== false,
    codeInterpreter: codeInterpreterOn(get<string>('codeInterpreter', 'auto'), text(baseUrl)),
    api: apiSetting(get<string>('api', 'auto')),
  };
}

/** A string setting as typed, trimmed; a value of another type (a hand-edited settings.json) counts as unset. */
const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const numberOr = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

function apiSetting(value: unknown): ApiSetting {
  return value === 'responses' || value === 'chatCompletions' ? value : 'auto';
}

function codeInterpreterOn(value: unknown, baseUrl: string): boolean {
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
