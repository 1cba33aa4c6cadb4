// The API key: SecretStorage first, then OPENAI_API_KEY. Read afresh for every request, so a key
// set in another window is used from the next request on (C4). Never logged or shown.
import * as vscode from 'vscode';

const SECRET = 'workspaceAssistant.openaiApiKey';

export class ApiKeys {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {}

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
    this.log.info('storing a new API key in secret storage');
    try {
      await this.secrets.store(SECRET, key.trim());
    } catch (err) {
      // Some hosts have no working keychain; say so rather than dropping the key silently.
      this.log.error(`storing the API key failed: ${(err as Error).name}`);
      void vscode.window.showErrorMessage(`Workspace Assistant could not save the key in VS Code's secret storage (${(err as Error).message}). Set the OPENAI_API_KEY environment variable instead.`);
      return false;
    }
    this.log.info('API key stored');
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
