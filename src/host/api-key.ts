// The API key: SecretStorage first, then OPENAI_API_KEY. Read afresh for every request, so a key
// set in another window is used from the next request on (C4). Never logged or shown.
import * as vscode from 'vscode';

const SECRET = 'workspaceAssistant.openaiApiKey';

export class ApiKeys {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(): Promise<string | undefined> {
    const stored = await this.secrets.get(SECRET);
    return stored || process.env.OPENAI_API_KEY?.trim() || undefined;
  }

  async has(): Promise<boolean> {
    return (await this.get()) !== undefined;
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key === SECRET) listener();
    });
  }

  /** Asks for the key in a password box; returns whether a key was stored. */
  async prompt(): Promise<boolean> {
    const key = await vscode.window.showInputBox({
      title: 'Workspace Assistant: Set API Key',
      prompt: 'Your OpenAI API key (or the key of your OpenAI-compatible server). It is kept in VS Code\'s secret storage.',
      placeHolder: 'sk-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: validateKey,
    });
    if (key === undefined) return false;
    await this.secrets.store(SECRET, key.trim());
    void vscode.window.showInformationMessage('Workspace Assistant: API key saved.');
    return true;
  }
}

export function validateKey(value: string): string | undefined {
  const key = value.trim();
  if (!key) return 'Enter a key, or press Escape to cancel.';
  if (/\s/.test(key)) return 'A key has no spaces or line breaks.';
  if (key.length < 8) return 'This is too short to be an API key.';
  return undefined;
}
