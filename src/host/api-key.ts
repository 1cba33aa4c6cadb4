// API keys, one per server, in SecretStorage (`workspaceAssistant.apiKey:<serverKey>`), else
// OPENAI_API_KEY for the configured server (core/servers/keys.ts has the rules). Read afresh for every
// request, so a key set in another window is used from the next request on (C4). Never logged, never
// in settings or the panel (C1, B3). A server on a local address may have no key: get() then returns
// undefined and callers go on without one (needsApiKey).
import * as vscode from 'vscode';
import { hostLabel } from '../core/servers/address';
import { isApiKeySecret, ServerKeys } from '../core/servers/keys';
import { readSettings } from './settings';
import { scrub } from '../core/secrets/scrub';

/**
 * SecretStorage with each secret's last read kept: reading it is a round trip to the window (over
 * 100 ms in a remote or web window), paid on the way to every request. A read answers with the
 * value read last time while a fresh read replaces it for the next one, so a key changed in
 * another window is used from the next request on even if its change event is missed (C4); a
 * change event drops the kept values, and a write here updates them.
 */
class LastReadSecrets {
  private readonly lastRead = new Map<string, Promise<string | undefined>>();

  constructor(private readonly secrets: vscode.SecretStorage) {
    secrets.onDidChange((e) => this.lastRead.delete(e.key));
  }

  get(key: string): Promise<string | undefined> {
    const previous = this.lastRead.get(key);
    const fresh = Promise.resolve(this.secrets.get(key));
    this.lastRead.set(key, fresh);
    fresh.catch(() => this.lastRead.delete(key));
    return previous ?? fresh;
  }

  async store(key: string, value: string): Promise<void> {
    await this.secrets.store(key, value);
    this.lastRead.set(key, Promise.resolve(value));
  }

  async delete(key: string): Promise<void> {
    await this.secrets.delete(key);
    this.lastRead.set(key, Promise.resolve(undefined));
  }
}

export class ApiKeys {
  private readonly keys: ServerKeys;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
    /** The base URL setting as read for this workspace; get(), has() and prompt() without an argument use it. */
    private readonly configuredBaseUrl: () => string = () => readSettings().baseUrl,
  ) {
    this.keys = new ServerKeys(new LastReadSecrets(secrets), { configuredBaseUrl, envKey: () => process.env.OPENAI_API_KEY });
  }

  /** The key for this server (default: the configured one), or undefined. */
  get(baseUrl: string = this.configuredBaseUrl()): Promise<string | undefined> {
    return this.keys.get(baseUrl);
  }

  async has(baseUrl: string = this.configuredBaseUrl()): Promise<boolean> {
    return (await this.get(baseUrl)) !== undefined;
  }

  /** A key of any server was set, changed or removed (in this window or another). */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (isApiKeySecret(e.key)) listener();
    });
  }

  /** Asks for the key of this server (default: the configured one) in a password box; returns whether a key was stored. */
  async prompt(baseUrl: string = this.configuredBaseUrl()): Promise<boolean> {
    const host = hostLabel(baseUrl);
    const key = await vscode.window.showInputBox({
      title: `Workspace Assistant: API key for ${host}`,
      prompt: `The API key for ${host}. It is kept in VS Code's secret storage and sent to this server only.`,
      placeHolder: 'sk-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: validateKey,
    });
    if (key === undefined) return false;
    this.log.info(`storing a new API key for ${host} in secret storage`);
    try {
      await this.keys.set(baseUrl, key);
    } catch (err) {
      // Some hosts have no working keychain; say so rather than dropping the key silently.
      this.log.error(`storing the API key failed: ${(err as Error).name}`);
      void vscode.window.showErrorMessage(`Workspace Assistant could not save the key in VS Code's secret storage (${scrub((err as Error).message)}). Set the OPENAI_API_KEY environment variable instead.`);
      return false;
    }
    this.log.info(`API key for ${host} stored`);
    void vscode.window.showInformationMessage(`Workspace Assistant: API key for ${host} saved.`);
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
