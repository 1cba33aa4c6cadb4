// The settings the extension declares (package.json `contributes.configuration`), without the
// `workspaceAssistant.` prefix. Each changes what is sent, where, or what the model is told, so each
// is a restricted configuration: an untrusted workspace's value is ignored (C2). A unit test keeps
// this list, the declared settings and `restrictedConfigurations` the same.
import type * as Jsonc from 'jsonc-parser';

export const SETTING_KEYS = [
  'baseUrl', 'model', 'assistantName', 'instructions', 'temperature', 'streamTimeoutSeconds', 'codeInterpreter', 'api',
  'workspaceTools', 'maxContextTokens', 'attach', 'fileSearch.enabled', 'fileSearch.include', 'retentionDays',
] as const;

export const SETTINGS_SECTION = 'workspaceAssistant';

/**
 * The extension's settings a settings file sets (`.vscode/settings.json`, or the `settings` of a
 * `.code-workspace` file when `inWorkspaceFile`), by their names without the prefix: dotted keys
 * (`"workspaceAssistant.model"`) and nested objects (`"workspaceAssistant": { "model": … }`) alike.
 * The file is JSON with comments and trailing commas, as VS Code reads it; a broken one names what
 * can still be read.
 */
export function settingsSetIn(text: string, inWorkspaceFile = false): string[] {
  // Required here, not imported: only untrusted workspaces need it, so activation does not evaluate it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('jsonc-parser') as typeof Jsonc;
  const parsed: unknown = parse(text, [], { allowTrailingComma: true, disallowComments: false });
  const root = inWorkspaceFile ? (isObject(parsed) ? parsed.settings : undefined) : parsed;
  if (!isObject(root)) return [];
  const found = new Set<string>();
  const visit = (object: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(object)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if ((SETTING_KEYS as readonly string[]).includes(name)) found.add(name);
      else if (isObject(value)) visit(value, name);
    }
  };
  for (const [key, value] of Object.entries(root)) {
    if (key === SETTINGS_SECTION && isObject(value)) visit(value, '');
    else if (key.startsWith(`${SETTINGS_SECTION}.`)) {
      const name = key.slice(SETTINGS_SECTION.length + 1);
      if ((SETTING_KEYS as readonly string[]).includes(name)) found.add(name);
      else if (isObject(value)) visit(value, name);
    }
  }
  return SETTING_KEYS.filter((k) => found.has(k));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
