// What the extension learnt about a server, remembered per base URL (the host keeps it in VS Code's
// global state): which API it speaks, and what it refused, so that no question pays for a probe or
// a refused request twice.
import type { BackendApi } from './backend';

export interface ServerFacts {
  /** Learnt by probing for the Conversations API (`workspaceAssistant.api` = `auto`). */
  readonly api?: BackendApi;
  /** The server refused `stream_options` (usage in streams): it is not sent again. */
  readonly noStreamOptions?: boolean;
  /** Models that refused function tools: asked without them from then on. */
  readonly modelsWithoutTools?: readonly string[];
}

export interface ServerMemory {
  get(server: string): ServerFacts;
  update(server: string, patch: Partial<ServerFacts>): Promise<void>;
}

/** For tests, and windows without storage. */
export class InMemoryServerMemory implements ServerMemory {
  private readonly facts = new Map<string, ServerFacts>();

  get(server: string): ServerFacts {
    return this.facts.get(server) ?? {};
  }

  async update(server: string, patch: Partial<ServerFacts>): Promise<void> {
    this.facts.set(server, { ...this.get(server), ...patch });
  }
}
