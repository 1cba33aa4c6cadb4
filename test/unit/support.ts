// An Assistant wired to the fake OpenAI server through the real SDK, for the core's unit tests.
import { Assistant } from '../../src/core/assistant';
import { openBackend, type ApiSetting } from '../../src/core/backends/select';
import { InMemoryServerMemory, type ServerMemory } from '../../src/core/backends/server-memory';
import { createClient } from '../../src/core/client';
import { silentLogger } from '../../src/core/logger';
import { effectiveContextLength, listModels } from '../../src/core/servers/models';
import { DEFAULT_INSTRUCTIONS } from '../../src/core/prompt';
import type { ThreadStore } from '../../src/core/threads/thread-store';
import type { ToolRunner } from '../../src/core/tool-loop';
import { TokenCounters } from '../../src/core/tokens/count';

export interface TestAssistantOptions {
  readonly store: ThreadStore;
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly idleTimeoutMs: number;
  /** The H11 token budget; the core's default when absent. */
  readonly maxContextTokens?: number;
  /** The function tools; none when absent. */
  readonly tools?: ToolRunner;
  /** `workspaceAssistant.api`; default `responses` (the fake's OpenAI flavour). */
  readonly api?: ApiSetting;
  /** What was learnt about servers; a fresh memory per assistant when absent. */
  readonly memory?: ServerMemory;
  /** The turn deadline (F11); the runner's default when unset. */
  readonly maxTurnMs?: number;
  readonly model?: string;
  /** False: the server needs no key (a local one). */
  readonly requiresApiKey?: boolean;
  /** Ask the server for the model's context window, as the host does for local servers. */
  readonly contextWindows?: boolean;
}

/** Options are read on every turn, so a test can change them between turns. */
export function testAssistant(options: () => TestAssistantOptions): Assistant {
  const memory = options().memory ?? new InMemoryServerMemory();
  const counters = new TokenCounters();
  return new Assistant({
    store: options().store,
    log: silentLogger,
    profile: () => {
      const o = options();
      return { model: o.model ?? 'gpt-test', instructions: DEFAULT_INSTRUCTIONS, endpoint: o.baseUrl, idleTimeoutMs: o.idleTimeoutMs, maxTurnMs: o.maxTurnMs, maxContextTokens: o.maxContextTokens, requiresApiKey: o.requiresApiKey };
    },
    apiKey: async () => options().apiKey,
    openBackend: (apiKey, needsConversation, signal) => {
      const o = options();
      const client = createClient({ apiKey, baseUrl: o.baseUrl });
      const contextWindow = o.contextWindows ? async (model: string, s: AbortSignal) => effectiveContextLength((await listModels(client, o.baseUrl, s)).find((m) => m.id === model)) : undefined;
      return openBackend({ server: o.baseUrl, setting: o.api ?? 'responses', isOpenAI: false, isAzure: false }, { client, log: silentLogger, memory, counters, contextWindow }, needsConversation, signal);
    },
    servedModels: async (signal) => {
      const o = options();
      return (await listModels(createClient({ apiKey: o.apiKey, baseUrl: o.baseUrl }), o.baseUrl, signal)).map((m) => m.id);
    },
    tools: options().tools,
  });
}
