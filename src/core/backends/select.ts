// Which backend drives a server: `workspaceAssistant.api` when it names one; else what was learnt
// about the server before; else OpenAI itself speaks Responses + Conversations, Azure OpenAI
// resources have no Conversations API, and any other server is asked once — `POST /conversations` —
// and what it answers is remembered for its base URL.
import type OpenAI from 'openai';
import { isSdkError } from '../sdk/sdk';
import type { Logger } from '../logger';
import type { TokenCounters } from '../tokens/count';
import type { Backend, BackendApi } from './backend';
import { ChatBackend } from './chat/chat-backend';
import { ResponsesBackend } from './responses';
import type { ServerMemory } from './server-memory';

export type ApiSetting = 'auto' | 'responses' | 'chatCompletions';

export interface ServerProfile {
  /** The identity facts are remembered under (the normalised base URL). */
  readonly server: string;
  readonly setting: ApiSetting;
  /** OpenAI's own API (no base URL set). */
  readonly isOpenAI: boolean;
  readonly isAzure: boolean;
}

export interface BackendDeps {
  readonly client: OpenAI;
  readonly log: Logger;
  readonly memory: ServerMemory;
  readonly counters: TokenCounters;
  /** The context window a server reports for a model (asked of local servers only). */
  readonly contextWindow?: (model: string, signal: AbortSignal) => Promise<number | undefined>;
}

export interface OpenedBackend {
  readonly backend: Backend;
  /** A conversation the probe created, for a thread that needs one (else the probe deleted it). */
  readonly conversationId?: string;
}

/** A server answered the probe in a way that says it has no Conversations API. */
function lacksConversations(err: unknown): boolean {
  // 404 (Ollama's plain-text `404 page not found`, vLLM's {"detail":"Not Found"}, …), 405, 501; a
  // 400/422 from a server that routes the path to something else.
  return isSdkError(err, 'APIError') && [400, 404, 405, 422, 501].includes(err.status ?? 0);
}

function build(api: BackendApi, profile: ServerProfile, deps: BackendDeps): Backend {
  if (api === 'responses') return new ResponsesBackend(deps.client, deps.log);
  return new ChatBackend({ client: deps.client, log: deps.log, counters: deps.counters, memory: deps.memory, server: profile.server, contextWindow: deps.contextWindow });
}

/** The API the settings and the memory decide, or undefined when the server must be asked. */
export function knownApi(profile: ServerProfile, memory: ServerMemory): BackendApi | undefined {
  if (profile.setting !== 'auto') return profile.setting;
  const learnt = memory.get(profile.server).api;
  if (learnt) return learnt;
  if (profile.isOpenAI) return 'responses';
  if (profile.isAzure) return 'chatCompletions';
  return undefined;
}

export async function openBackend(profile: ServerProfile, deps: BackendDeps, needsConversation: boolean, signal: AbortSignal): Promise<OpenedBackend> {
  const known = knownApi(profile, deps.memory);
  if (known) return { backend: build(known, profile, deps) };
  let conversationId: string | undefined;
  try {
    const created = await deps.client.conversations.create({}, { signal });
    // A server that answers 200 with an error body (or anything without a conversation id) has none either.
    conversationId = typeof created?.id === 'string' && created.id.startsWith('conv_') ? created.id : undefined;
  } catch (err) {
    if (!lacksConversations(err)) throw err;
  }
  const api: BackendApi = conversationId ? 'responses' : 'chatCompletions';
  deps.log.info(`${profile.server}: ${api === 'responses' ? 'has the Conversations API' : 'has no Conversations API; using Chat Completions with the history kept in VS Code'}`);
  await deps.memory.update(profile.server, { api });
  if (conversationId && !needsConversation) {
    await deps.client.conversations.delete(conversationId, { signal }).catch(() => undefined);
    conversationId = undefined;
  }
  return { backend: build(api, profile, deps), conversationId };
}
