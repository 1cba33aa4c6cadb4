// The main backend: OpenAI Responses API (streamed) on top of a Conversation per thread.
import type OpenAI from 'openai';
import type { ResponseIncludable, ResponseStreamEvent, ResponseUsage, Tool } from 'openai/resources/responses/responses';
import { StreamFailureError } from '../errors';
import { mimeTypeOf } from '../mime';
import type { Logger } from '../logger';
import type { Backend, BackendCapabilities, BackendEvent, HostedTools, TurnInput } from './backend';
import { ResponsesSession } from './responses-session';
import type { SessionContext, ThreadSession } from './thread-session';

/** A message of an earlier turn, carried into a new conversation. */
export interface SeedMessage {
  readonly role: 'user' | 'assistant';
  readonly text: string;
}

function toUsage(u: ResponseUsage | null | undefined) {
  return u ? { inputTokens: u.input_tokens, outputTokens: u.output_tokens, totalTokens: u.total_tokens } : undefined;
}

/** The hosted tools of a request, and the outputs it asks to be included (a run's logs, a search's results). */
function hostedToolParams(hosted: HostedTools | undefined): { tools: Tool[]; include: ResponseIncludable[] } {
  const tools: Tool[] = [];
  const include: ResponseIncludable[] = [];
  if (hosted?.codeInterpreter) {
    const fileIds = hosted.codeInterpreter.fileIds ?? [];
    tools.push({ type: 'code_interpreter', container: { type: 'auto', ...(fileIds.length ? { file_ids: [...fileIds] } : {}) } });
    include.push('code_interpreter_call.outputs');
  }
  if (hosted?.fileSearch?.vectorStoreIds.length) {
    const { vectorStoreIds, maxResults } = hosted.fileSearch;
    tools.push({ type: 'file_search', vector_store_ids: [...vectorStoreIds], ...(maxResults ? { max_num_results: maxResults } : {}) });
  }
  return { tools, include };
}

/** What one stream has shown so far: a code run's container (the deltas do not repeat it), the files cited. */
interface StreamMemory {
  readonly containers: Map<string, string>;
  readonly cited: Set<string>;
}

type Annotation = { type: string; file_id?: string; filename?: string; container_id?: string } | null;

/** A citation or a generated file, the first time its file is cited in this stream. */
function fromAnnotation(a: Annotation, memory: StreamMemory): BackendEvent[] {
  if (!a?.file_id || typeof a.filename !== 'string') return [];
  const key = `${a.type}:${a.file_id}`;
  if (memory.cited.has(key)) return [];
  if (a.type === 'container_file_citation' && a.container_id) {
    memory.cited.add(key);
    return [{ type: 'generated_file', containerId: a.container_id, fileId: a.file_id, filename: a.filename, mimeType: mimeTypeOf(a.filename) }];
  }
  if (a.type === 'file_citation') {
    memory.cited.add(key);
    return [{ type: 'citation', fileId: a.file_id, filename: a.filename }];
  }
  return [];
}

/** OpenAI's reasoning models (o1, o3, o4-mini, gpt-5…), which accept `reasoning` and can stream summaries of it. */
export function isReasoningModel(model: string): boolean {
  return /^(o\d|gpt-5)/i.test(model.replace(/^.*\//, ''));
}

/** How far back `rewind` looks: one failed turn's items (a message, tool calls and outputs) fit easily. */
const REWIND_WINDOW = 50;

export class ResponsesBackend implements Backend {
  readonly api = 'responses' as const;
  // Foreground streams end when closed; `responses.cancel` is for background responses only.
  readonly capabilities: BackendCapabilities = { serverHistory: true, hostedTools: true, serverCancel: false };

  constructor(
    private readonly client: OpenAI,
    private readonly log: Logger,
  ) {}

  openSession(ctx: SessionContext): ThreadSession {
    return new ResponsesSession(this, ctx);
  }

  /** Creates a conversation and returns its id (`conv_…`). */
  async createThread(signal: AbortSignal): Promise<string> {
    const { data, request_id } = await this.client.conversations.create({}, { signal }).withResponse();
    this.log.info(`conversation ${data.id} created (request ${request_id ?? '-'})`);
    return data.id;
  }

  /** Adds earlier turns to a conversation (a thread that comes from another server), up to 20 messages. */
  async addMessages(conversationId: string, messages: readonly SeedMessage[], signal: AbortSignal): Promise<void> {
    const items = messages.slice(-20).map((m) => ({ type: 'message' as const, role: m.role, content: m.text }));
    await this.client.conversations.items.create(conversationId, { items }, { signal });
    this.log.info(`conversation ${conversationId}: ${items.length} earlier message(s) carried over`);
  }

  /**
   * Removes every item after `afterItemId` (all of them when undefined) from the conversation: what
   * requests that did not complete left there, so that sending them again does not duplicate the
   * user's message (H12). Returns the call ids of the function calls removed.
   */
  async rewind(threadRef: string, afterItemId: string | undefined, signal: AbortSignal): Promise<{ removed: number; callIds: string[] }> {
    // Newest first: what failed requests left is at the end of the conversation.
    const page = await this.client.conversations.items.list(threadRef, { order: 'desc', limit: REWIND_WINDOW }, { signal });
    // An item that is not found is not guessed at: nothing is removed rather than too much.
    const end = afterItemId ? page.data.findIndex((i) => i.id === afterItemId) : page.data.length;
    const doomed = page.data.slice(0, Math.max(end, 0));
    for (const item of doomed) if (item.id) await this.client.conversations.items.delete(item.id, { conversation_id: threadRef }, { signal });
    if (doomed.length) this.log.info(`conversation ${threadRef}: removed ${doomed.length} item(s) left by a request that did not complete`);
    return { removed: doomed.length, callIds: doomed.flatMap((i) => (i.type === 'function_call' ? [i.call_id] : [])) };
  }

  async *streamTurn(input: TurnInput): AsyncIterable<BackendEvent> {
    const hosted = hostedToolParams(input.hostedTools);
    const tools: Tool[] = [...(input.tools ?? []).map((t) => ({ ...t, parameters: { ...t.parameters } })), ...hosted.tools];
    const { data: stream, request_id } = await this.client.responses
      .create(
        {
          model: input.model,
          instructions: input.instructions,
          ...(input.temperature === undefined ? {} : { temperature: input.temperature }),
          conversation: input.threadRef,
          input: [
            // Answers to the calls the previous response made come first, in call order (F6).
            ...(input.toolOutputs ?? []).map((o) => ({ type: 'function_call_output' as const, call_id: o.callId, output: o.output })),
            ...(input.parts.length ? [{ type: 'message' as const, role: 'user' as const, content: input.parts.map((text) => ({ type: 'input_text' as const, text })) }] : []),
          ],
          ...(tools.length ? { tools } : {}),
          ...(hosted.include.length ? { include: hosted.include } : {}),
          // Reasoning models keep their reasoning to themselves unless asked for a summary; other models refuse the parameter.
          ...(isReasoningModel(input.model) ? { reasoning: { summary: 'auto' as const } } : {}),
          stream: true,
        },
        { signal: input.signal },
      )
      .withResponse();
    const requestId = request_id ?? undefined;
    this.log.info(`response stream opened (request ${requestId ?? '-'})`);
    const memory: StreamMemory = { containers: new Map(), cited: new Set() };
    for await (const event of stream) {
      const mapped = this.map(event, requestId, memory);
      if (mapped) yield* mapped;
    }
  }

  private map(event: ResponseStreamEvent, requestId: string | undefined, memory: StreamMemory): BackendEvent[] | undefined {
    switch (event.type) {
      case 'response.created':
        this.log.info(`response ${event.response.id} created (request ${requestId ?? '-'})`);
        return [{ type: 'started', responseId: event.response.id, requestId }];
      case 'response.output_text.delta':
        return [{ type: 'text', delta: event.delta }];
      case 'response.reasoning_summary_text.delta':
        return [{ type: 'reasoning', delta: event.delta }];
      case 'response.reasoning_summary_part.added':
        // Each summary part is a paragraph of its own.
        return event.summary_index > 0 ? [{ type: 'reasoning', delta: '\n\n' }] : undefined;
      case 'response.output_item.added':
        if (event.item.type !== 'code_interpreter_call') return undefined;
        memory.containers.set(event.item.id, event.item.container_id);
        return [{ type: 'code', id: event.item.id, containerId: event.item.container_id || undefined, delta: '' }];
      case 'response.code_interpreter_call_code.delta':
        return [{ type: 'code', id: event.item_id, containerId: memory.containers.get(event.item_id) || undefined, delta: event.delta }];
      case 'response.output_text.annotation.added':
        return fromAnnotation(event.annotation, memory);
      case 'response.output_item.done': {
        const item = event.item;
        // A function call is complete (its arguments too) once its item is done.
        if (item.type === 'function_call') return [{ type: 'tool_call', callId: item.call_id, name: item.name, arguments: item.arguments }];
        if (item.type === 'code_interpreter_call') {
          const logs = item.outputs?.flatMap((o) => (o.type === 'logs' ? [o.logs] : [])).join('') || undefined;
          const status = item.status === 'completed' ? 'done' : 'failed';
          return [{ type: 'code_done', id: item.id, code: item.code ?? '', status, logs, containerId: item.container_id || undefined }];
        }
        // Annotations also arrive with the finished message (a server may send no annotation events).
        if (item.type === 'message') {
          return item.content.flatMap((part) => (part.type === 'output_text' ? part.annotations.flatMap((a) => fromAnnotation(a, memory)) : []));
        }
        return undefined;
      }
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed': {
        const r = event.response;
        const usage = toUsage(r.usage);
        const reason = r.status === 'incomplete' ? r.incomplete_details?.reason ?? undefined : undefined;
        const error = r.status === 'failed' && r.error ? { code: r.error.code, message: r.error.message } : undefined;
        this.log.info(`response ${r.id} ${r.status}${r.error ? ` (${r.error.code})` : ''}${reason ? ` (${reason})` : ''}`);
        const events: BackendEvent[] = usage ? [{ type: 'usage', usage }] : [];
        events.push({ type: 'finished', status: r.status ?? 'completed', reason, error, lastItemId: r.output.at(-1)?.id ?? undefined });
        return events;
      }
      case 'error':
        throw new StreamFailureError(event.message, event.code ?? undefined);
      default:
        return undefined;
    }
  }
}
