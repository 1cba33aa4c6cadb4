// The main backend: OpenAI Responses API (streamed) on top of a Conversation per thread.
import type OpenAI from 'openai';
import type { ResponseStreamEvent, ResponseUsage } from 'openai/resources/responses/responses';
import { StreamFailureError } from '../errors';
import type { Logger } from '../logger';
import type { Backend, BackendEvent, TurnInput } from './backend';

function toUsage(u: ResponseUsage | null | undefined) {
  return u ? { inputTokens: u.input_tokens, outputTokens: u.output_tokens, totalTokens: u.total_tokens } : undefined;
}

/** How far back `rewind` looks: one failed turn's items (a message, tool calls and outputs) fit easily. */
const REWIND_WINDOW = 50;

export class ResponsesBackend implements Backend {
  constructor(
    private readonly client: OpenAI,
    private readonly log: Logger,
  ) {}

  async createThread(signal: AbortSignal): Promise<string> {
    const { data, request_id } = await this.client.conversations.create({}, { signal }).withResponse();
    this.log.info(`conversation ${data.id} created (request ${request_id ?? '-'})`);
    return data.id;
  }

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
          ...(input.tools?.length ? { tools: input.tools.map((t) => ({ ...t, parameters: { ...t.parameters } })) } : {}),
          stream: true,
        },
        { signal: input.signal },
      )
      .withResponse();
    const requestId = request_id ?? undefined;
    this.log.info(`response stream opened (request ${requestId ?? '-'})`);
    for await (const event of stream) {
      const mapped = this.map(event, requestId);
      if (mapped) yield* mapped;
    }
  }

  private map(event: ResponseStreamEvent, requestId: string | undefined): BackendEvent[] | undefined {
    switch (event.type) {
      case 'response.created':
        this.log.info(`response ${event.response.id} created (request ${requestId ?? '-'})`);
        return [{ type: 'started', responseId: event.response.id, requestId }];
      case 'response.output_text.delta':
        return [{ type: 'text', delta: event.delta }];
      case 'response.output_item.done':
        // A function call is complete (its arguments too) once its item is done.
        if (event.item.type !== 'function_call') return undefined;
        return [{ type: 'tool_call', callId: event.item.call_id, name: event.item.name, arguments: event.item.arguments }];
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
