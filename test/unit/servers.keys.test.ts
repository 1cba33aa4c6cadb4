// Keys per server (the rules of src/host/api-key.ts, on a Map instead of VS Code's SecretStorage).
import assert from 'node:assert/strict';
import { isApiKeySecret, LEGACY_SECRET, secretKeyFor, ServerKeys, type SecretStore } from '../../src/core/servers/keys';

class MapStore implements SecretStore {
  readonly map = new Map<string, string>();
  failStore = false;
  async get(key: string) {
    return this.map.get(key);
  }
  async store(key: string, value: string) {
    if (this.failStore) throw new Error('no keychain');
    this.map.set(key, value);
  }
  async delete(key: string) {
    this.map.delete(key);
  }
}

const OLLAMA = 'http://127.0.0.1:11434/v1';
const GROQ = 'https://api.groq.com/openai/v1';

describe('servers: API keys per server', () => {
  let store: MapStore;
  let configured: string;
  let env: string | undefined;
  let keys: ServerKeys;
  beforeEach(() => {
    store = new MapStore();
    configured = '';
    env = undefined;
    keys = new ServerKeys(store, { configuredBaseUrl: () => configured, envKey: () => env });
  });

  it('stores a key under workspaceAssistant.apiKey:<serverKey> and finds it by any spelling of that server', async () => {
    await keys.set('https://API.groq.com/openai/v1/', ' gsk-abcdefgh ');
    assert.deepEqual([...store.map.keys()], ['workspaceAssistant.apiKey:https://api.groq.com/openai/v1']);
    assert.equal(await keys.get(GROQ), 'gsk-abcdefgh');
    assert.equal(secretKeyFor(''), 'workspaceAssistant.apiKey:https://api.openai.com/v1');
    assert.ok(isApiKeySecret(secretKeyFor(OLLAMA)) && isApiKeySecret(LEGACY_SECRET) && !isApiKeySecret('workspaceAssistant.other'));
  });

  it('C1 a key stored for one server is never returned for another', async () => {
    await keys.set(GROQ, 'gsk-only-for-groq');
    configured = GROQ;
    assert.equal(await keys.get(OLLAMA), undefined);
    assert.equal(await keys.get(''), undefined);
    assert.equal(await keys.get('https://api.groq.com/v1'), undefined);
  });

  it('get() without an argument reads the configured base URL', async () => {
    await keys.set(OLLAMA, 'ollama-key-1234');
    assert.equal(await keys.get(), undefined);
    configured = `${OLLAMA}/`;
    assert.equal(await keys.get(), 'ollama-key-1234');
  });

  it('OPENAI_API_KEY applies to the configured server only, after a stored key', async () => {
    env = ' sk-from-env-1234 ';
    configured = GROQ;
    assert.equal(await keys.get(GROQ), 'sk-from-env-1234');
    assert.equal(await keys.get(''), undefined, 'not to OpenAI when another server is configured');
    assert.equal(await keys.get(OLLAMA), undefined);
    await keys.set(GROQ, 'gsk-stored-wins');
    assert.equal(await keys.get(GROQ), 'gsk-stored-wins');
    configured = '';
    assert.equal(await keys.get(''), 'sk-from-env-1234');
  });

  it('the legacy single key counts for OpenAI only, and moves to its per-server place on first read', async () => {
    store.map.set(LEGACY_SECRET, 'sk-legacy-openai-key');
    configured = OLLAMA;
    assert.equal(await keys.get(OLLAMA), undefined, 'never for another server');
    assert.ok(store.map.has(LEGACY_SECRET), 'reading for another server moves nothing');
    assert.equal(await keys.get('https://api.openai.com/v1'), 'sk-legacy-openai-key');
    assert.equal(store.map.has(LEGACY_SECRET), false);
    assert.equal(store.map.get(secretKeyFor('')), 'sk-legacy-openai-key');
    assert.equal(await keys.get(''), 'sk-legacy-openai-key');
  });

  it('the legacy key still counts when the move cannot be stored; a newer per-server key wins over it', async () => {
    store.map.set(LEGACY_SECRET, 'sk-legacy-openai-key');
    store.failStore = true;
    assert.equal(await keys.get(''), 'sk-legacy-openai-key');
    assert.ok(store.map.has(LEGACY_SECRET));
    store.failStore = false;
    await keys.set('', 'sk-new-openai-key');
    assert.equal(await keys.get(''), 'sk-new-openai-key');
  });

  it('a local server without any key: get returns undefined (callers go on without one)', async () => {
    configured = OLLAMA;
    assert.equal(await keys.get(), undefined);
  });

  it('delete removes the server key (and the legacy one for OpenAI)', async () => {
    store.map.set(LEGACY_SECRET, 'sk-legacy-openai-key');
    await keys.set(OLLAMA, 'ollama-key-1234');
    await keys.delete(OLLAMA);
    assert.equal(await keys.get(OLLAMA), undefined);
    assert.ok(store.map.has(LEGACY_SECRET));
    await keys.delete('');
    assert.equal(await keys.get(''), undefined);
    assert.equal(store.map.size, 0);
  });
});
