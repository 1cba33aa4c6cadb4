// Everything the fake server remembers between requests; reset() forgets all of it (but not its configuration).
import { type FakeConfig, resolveConfig } from './flavours';
import type { RecordedRequest, ScriptedReply, ScriptRoute } from './types';

export type Json = Record<string, unknown>;

export interface ConversationState {
  id: string;
  created_at: number;
  metadata: Record<string, string>;
  items: Json[];
}

export interface StoredFile {
  meta: Json;        // the OpenAIFile object
  content: Buffer;
}

export interface ContainerFile {
  meta: Json;        // the ContainerFileResource object
  content: Buffer;
  mimeType: string;
}

export interface ContainerState {
  meta: Json;        // the ContainerResource object
  files: Map<string, ContainerFile>;
}

export interface VectorStoreState {
  meta: Json;        // the VectorStoreObject
  files: Map<string, Json>;  // file id → VectorStoreFileObject
}

export class FakeState {
  /** The server's options, resolved: the flavour it impersonates, the models it serves, … */
  constructor(readonly config: FakeConfig = resolveConfig({})) {}

  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  readonly scripts: Record<ScriptRoute, ScriptedReply[]> = { responses: [], chat: [] };
  readonly conversations = new Map<string, ConversationState>();
  readonly responses = new Map<string, Json>();
  readonly files = new Map<string, StoredFile>();
  readonly containers = new Map<string, ContainerState>();
  readonly vectorStores = new Map<string, VectorStoreState>();

  /** The next scripted reply of a route, or the default (empty) reply. */
  nextReply(route: ScriptRoute): ScriptedReply {
    return this.scripts[route].shift() ?? {};
  }

  reset(): void {
    // Cleared in place: callers hold on to `requests` and `violations` through the FakeOpenAI getters.
    this.requests.length = 0;
    this.violations.length = 0;
    this.scripts.responses.length = 0;
    this.scripts.chat.length = 0;
    this.conversations.clear();
    this.responses.clear();
    this.files.clear();
    this.containers.clear();
    this.vectorStores.clear();
  }
}
