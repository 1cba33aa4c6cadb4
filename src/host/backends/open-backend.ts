// The backend of each turn, for the server the settings name: one SDK client (createClient), what
// was learnt about the server (GlobalStateServerMemory), and token counters whose encodings load
// from their own bundles on first use.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { AssistantDeps } from '../../core/assistant';
import { openBackend } from '../../core/backends/select';
import type { ServerMemory } from '../../core/backends/server-memory';
import { createClient } from '../../core/client';
import type { Logger } from '../../core/logger';
import { isAzure, isOpenAI, serverKey } from '../../core/servers/address';
import { listModels } from '../../core/servers/models';
import { TokenCounters, type EncodingName } from '../../core/tokens/count';
import { readSettings } from '../settings';

/** `dist/tokenizer-<encoding>.js`, built beside the extension bundle (esbuild.js). */
function loadEncoding(name: EncodingName): ((text: string) => number) | undefined {
  // A computed path, so the bundler leaves the megabytes of the encoding out of extension.js.
  const file = path.join(__dirname, `tokenizer-${name}.js`);
  const mod = createRequire(__filename)(file) as { countTokens?: (text: string) => number };
  return typeof mod.countTokens === 'function' ? (text) => mod.countTokens!(text) : undefined;
}

export function backendOpener(log: Logger, memory: ServerMemory): AssistantDeps['openBackend'] {
  const counters = new TokenCounters(loadEncoding);
  return (apiKey, needsConversation, signal) => {
    const { baseUrl, api } = readSettings();
    const client = createClient({ apiKey, baseUrl });
    const profile = { server: serverKey(baseUrl), setting: api, isOpenAI: isOpenAI(baseUrl), isAzure: isAzure(baseUrl) };
    return openBackend(profile, { client, log, memory, counters }, needsConversation, signal);
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
