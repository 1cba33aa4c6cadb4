// Which key a server gets. Each key is stored for the one server it was set for (by serverKey), so a
// key is never sent to another server; OPENAI_API_KEY counts for the configured server, as the SDK
// would use it; the single key of earlier versions counts for OpenAI only. No I/O of its own: the
// store is VS Code's SecretStorage in the extension, a Map in tests. Keys are never logged.
import { isOpenAI, serverKey } from './address';
import { rememberSecret } from '../secrets/scrub';

/** The part of VS Code's SecretStorage used here. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** The one secret of versions before keys per server: OpenAI's key. */
export const LEGACY_SECRET = 'workspaceAssistant.openaiApiKey';
const SECRET_PREFIX = 'workspaceAssistant.apiKey:';

/** The SecretStorage key of a server's API key: `workspaceAssistant.apiKey:<serverKey>`. */
export function secretKeyFor(baseUrl: string): string {
  return SECRET_PREFIX + serverKey(baseUrl);
}

/** A SecretStorage change event for one of the keys (onDidChange filters on this). */
export function isApiKeySecret(secretKey: string): boolean {
  return secretKey === LEGACY_SECRET || secretKey.startsWith(SECRET_PREFIX);
}

export interface ServerKeysOptions {
  /** The base URL setting now (the user's own value in an untrusted workspace). */
  readonly configuredBaseUrl: () => string;
  /** OPENAI_API_KEY; read on every lookup so a changed environment counts. */
  readonly envKey?: () => string | undefined;
}

export class ServerKeys {
  constructor(
    private readonly store: SecretStore,
    private readonly options: ServerKeysOptions,
  ) {}

  /**
   * The key for this server: the one stored for it, else OPENAI_API_KEY when this is the configured
   * server, else undefined (callers: a server on a local address needs none, see needsApiKey).
   */
  async get(baseUrl: string = this.options.configuredBaseUrl()): Promise<string | undefined> {
    const stored = (await this.stored(baseUrl))?.trim();
    rememberSecret(stored);
    if (stored) return stored;
    if (serverKey(baseUrl) !== serverKey(this.options.configuredBaseUrl())) return undefined;
    const env = this.options.envKey?.()?.trim() || undefined;
    rememberSecret(env);
    return env;
  }

  async set(baseUrl: string, key: string): Promise<void> {
    rememberSecret(key);
    await this.store.store(secretKeyFor(baseUrl), key.trim());
  }

  async delete(baseUrl: string): Promise<void> {
    await this.store.delete(secretKeyFor(baseUrl));
    if (isOpenAI(baseUrl)) await this.store.delete(LEGACY_SECRET);
  }

  /** What is stored for this server; OpenAI's legacy key is moved to its per-server place on first read. */
  private async stored(baseUrl: string): Promise<string | undefined> {
    const secretKey = secretKeyFor(baseUrl);
    const current = await this.store.get(secretKey);
    if (current || !isOpenAI(baseUrl)) return current;
    const legacy = await this.store.get(LEGACY_SECRET);
    if (!legacy) return undefined;
    try {
      await this.store.store(secretKey, legacy);
      await this.store.delete(LEGACY_SECRET);
    } catch {
      // No working keychain: the legacy key still counts for OpenAI, the move is tried next time.
    }
    return legacy;
  }
}
