// An Assistant wired to the fake OpenAI server through the real SDK, for the core's unit tests.
import { Assistant } from '../../src/core/assistant';
import { ResponsesBackend } from '../../src/core/backends/responses';
import { createClient } from '../../src/core/client';
import { silentLogger } from '../../src/core/logger';
import { DEFAULT_INSTRUCTIONS } from '../../src/core/prompt';
import type { ThreadStore } from '../../src/core/thread-store';
import type { ToolRunner } from '../../src/core/tool-loop';

export interface TestAssistantOptions {
  readonly store: ThreadStore;
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly idleTimeoutMs: number;
  /** The H11 token budget; the core's default when absent. */
  readonly maxContextTokens?: number;
  /** The function tools; none when absent. */
  readonly tools?: ToolRunner;
}

/** Options are read on every turn, so a test can change them between turns. */
export function testAssistant(options: () => TestAssistantOptions): Assistant {
  return new Assistant({
    store: options().store,
    log: silentLogger,
    profile: () => ({ model: 'gpt-test', instructions: DEFAULT_INSTRUCTIONS, endpoint: options().baseUrl, idleTimeoutMs: options().idleTimeoutMs, maxContextTokens: options().maxContextTokens }),
    apiKey: async () => options().apiKey,
    createBackend: (apiKey) => new ResponsesBackend(createClient({ apiKey, baseUrl: options().baseUrl }), silentLogger),
    tools: options().tools,
  });
}
