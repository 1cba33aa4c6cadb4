// The backend of each turn, for the server the settings name: one SDK client (createClient), what
// was learnt about the server (GlobalStateServerMemory), and token counters whose encodings load
// from their own bundles on first use.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { AssistantDeps } from '../../core/assistant';
import { openBackend, type BackendDeps } from '../../core/backends/select';
import type { ServerMemory } from '../../core/backends/server-memory';
import { createClient } from '../../core/client';
import type { Logger } from '../../core/logger';
import type OpenAI from 'openai';
import { isAzure, isLocalAddress, isOpenAI, serverKey } from '../../core/servers/address';
import { effectiveContextLength, listModels, type ServedModel } from '../../core/servers/models';
import { TokenCounters, type EncodingName } from '../../core/tokens/count';
import { readSettings } from '../settings';

/** `dist/tokenizer-<encoding>.js`, built beside the extension bundle (esbuild.js). */
function loadEncoding(name: EncodingName): ((text: string) => number) | undefined {
  // A computed path, so the bundler leaves the megabytes of the encoding out of extension.js.
  const file = path.join(__dirname, `tokenizer-${name}.js`);
  const mod = createRequire(__filename)(file) as { countTokens?: (text: string) => number };
  return typeof mod.countTokens === 'function' ? (text) => mod.countTokens!(text) : undefined;
}

/** How long a local server's model list (its context windows) is trusted before it is asked again. */
const MODELS_TTL_MS = 2 * 60_000;

/**
 * The context window a local server runs a model with (Ollama, LM Studio and llama.cpp report it),
 * from its model list, asked at most every MODELS_TTL_MS. Remote servers are not asked: their
 * windows are large and their lists long.
 */
function contextWindows(log: Logger): (client: OpenAI, baseUrl: string) => BackendDeps['contextWindow'] {
  const cache = new Map<string, { at: number; models: Promise<ServedModel[]> }>();
  return (client, baseUrl) => {
    if (!isLocalAddress(baseUrl)) return undefined;
    return async (model, signal) => {
      const key = serverKey(baseUrl);
      let entry = cache.get(key);
      if (!entry || Date.now() - entry.at > MODELS_TTL_MS) {
        entry = { at: Date.now(), models: listModels(client, baseUrl, signal) };
        cache.set(key, entry);
        entry.models.catch((err: unknown) => {
          cache.delete(key);
          log.info(`model list of ${key} unavailable: ${(err as Error).name}`);
        });
      }
      return effectiveContextLength((await entry.models).find((m) => m.id === model));
    };
  };
}

export function backendOpener(log: Logger, memory: ServerMemory): AssistantDeps['openBackend'] {
  const counters = new TokenCounters(loadEncoding);
  const windows = contextWindows(log);
  return (apiKey, needsConversation, signal) => {
    const { baseUrl, api } = readSettings();
    const client = createClient({ apiKey, baseUrl });
    const profile = { server: serverKey(baseUrl), setting: api, isOpenAI: isOpenAI(baseUrl), isAzure: isAzure(baseUrl) };
    return openBackend(profile, { client, log, memory, counters, contextWindow: windows(client, baseUrl) }, needsConversation, signal);
  };
}

/** The chat models the configured server serves, for a turn whose model it does not serve. */
export function servedModelLister(apiKey: () => Promise<string | undefined>): (signal: AbortSignal) => Promise<readonly string[]> {
  return async (signal) => {
    const { baseUrl } = readSettings();
    const models = await listModels(createClient({ apiKey: await apiKey(), baseUrl }), baseUrl, signal);
    return models.filter((m) => !m.embedding).map((m) => m.id);
  };
}
