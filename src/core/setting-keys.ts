// The settings the extension declares (package.json `contributes.configuration`), without the
// `workspaceAssistant.` prefix. Each changes what is sent, where, or what the model is told, so each
// is a restricted configuration: an untrusted workspace's value is ignored (C2). A unit test keeps
// this list, the declared settings and `restrictedConfigurations` the same.
export const SETTING_KEYS = [
  'baseUrl', 'model', 'assistantName', 'instructions', 'temperature', 'streamTimeoutSeconds', 'codeInterpreter', 'api',
  'workspaceTools', 'maxContextTokens', 'attach', 'fileSearch.enabled', 'fileSearch.include', 'retentionDays',
] as const;

export const SETTINGS_SECTION = 'workspaceAssistant';
