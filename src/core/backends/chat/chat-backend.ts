// The backend for every server without the Conversations API (Ollama, LM Studio, llama.cpp, vLLM,
// OpenRouter, Groq, DeepSeek, Mistral, Gemini, Azure): `POST {baseUrl}/chat/completions` with
// `stream: true` through the openai SDK, the thread's history kept and sent by the extension.
// One instance serves one turn: it keeps the turn's tool rounds for the requests that follow them.
import type OpenAI from 'openai';
import { isSdkError } from '../../sdk/sdk';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { Logger } from '../../logger';
import type { TokenCounters } from '../../tokens/count';
import { DEFAULT_MAX_CONTEXT_TOKENS } from '../../context-budget';
import type { FunctionToolDefinition } from '../../tools';
import type { Backend, BackendCapabilities, BackendEvent, TurnInput } from '../backend';
import type { ServerMemory } from '../server-memory';
import { LocalHistorySession, type SessionContext, type ThreadSession } from '../thread-session';
import { moveToChat } from '../../threads/server-state';
import { ChunkReader, type ReadStream } from './chunk-reader';
import { buildHistory, trimNotice } from './history';
import { formatCount } from '../../../shared/numbers';

export interface ChatBackendOptions {
  readonly client: OpenAI;
  readonly log: Logger;
  readonly counters: TokenCounters;
  readonly memory: ServerMemory;
  /** The identity the memory keeps this server's facts under (its normalised base URL). */
  readonly server: string;
  /** The context window the server reports for a model (local servers), when it says. */
  readonly contextWindow?: (model: string, signal: AbortSignal) => Promise<number | undefined>;
}

/** Room left for the answer when the history is fitted to a model's window. */
function answerReserve(window: number): number {
  return Math.min(1_024, Math.floor(window / 4));
}

/**
 * The server says the model (or the server as started) does not do function calling: Ollama 400
 * `… does not support tools`, vLLM 400 without a tool parser, llama.cpp 500 `tools param requires
 * --jinja flag`, OpenRouter 404 `No endpoints found that support tool use`, Gemini 400 `Function
 * calling is not enabled`, Azure 400 `Unrecognized request argument supplied: tools`.
 */
export function isToolRejection(err: unknown): boolean {
  if (!(isSdkError(err, 'APIError')) || ![400, 404, 422, 500].includes(err.status ?? 0)) return false;
  return /does not support (tools|function calling)|tool[_ ]choice|tool[- ]?call(ing)?( is)? not supported|tools?`? (are|is) not supported|tool-call-parser|--jinja|function calling is not (enabled|supported)|support tool use|argument supplied: tools/i.test(err.message);
}

/** A 400 about `stream_options`, which some servers do not take. */
export function isStreamOptionsRejection(err: unknown): boolean {
  return isSdkError(err, 'BadRequestError') && /stream_options|include_usage/i.test(err.message);
}

function chatTool(t: FunctionToolDefinition): ChatCompletionTool {
  // `strict` is OpenAI's: other servers may refuse or ignore it, so it is left out.
  return { type: 'function', function: { name: t.name, description: t.description, parameters: structuredClone(t.parameters) as unknown as Record<string, unknown> } };
}

/** The assistant message that made a round's tool calls, as the next request must repeat it. */
function roundMessage(read: ReadStream): ChatCompletionMessageParam {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: read.text || null,
    tool_calls: read.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments || '{}' }, ...c.extra })),
  };
  // DeepSeek (and llama.cpp's DeepSeek templates) require the reasoning of a tool turn back, under its own name.
  if (read.reasoningField === 'reasoning_content' && read.reasoning) message.reasoning_content = read.reasoning;
  return message as unknown as ChatCompletionMessageParam;
}

/** Said when the model's window on the server, not the budget, limits what is sent. */
export function windowNotice(model: string, window: number, dropped: number, tooLong: boolean): string {
  const what = tooLong ? 'This question alone is longer than that, so the server may cut it.' : `So the model does not see the ${formatCount(dropped)} oldest turn${dropped === 1 ? '' : 's'} of this thread.`;
  return `${model} runs on this server with a context of ${formatCount(window)} tokens. ${what} To give it more: for Ollama, set OLLAMA_CONTEXT_LENGTH (or the model's num_ctx) and restart it; for LM Studio, load the model with a longer context length; for llama.cpp, start llama-server with a larger --ctx-size.`;
}

export class ChatBackend implements Backend {
  readonly api = 'chatCompletions' as const;
  readonly capabilities: BackendCapabilities = { serverHistory: false, hostedTools: false, serverCancel: false };
  /** This turn's tool rounds so far. */
  private readonly rounds: ChatCompletionMessageParam[] = [];
  private readonly turnPrefix = `call_${Math.random().toString(36).slice(2, 8)}_`;
  private requests = 0;
  private window: number | undefined;

  constructor(private readonly options: ChatBackendOptions) {}

  openSession(ctx: SessionContext): ThreadSession {
    return new LocalHistorySession(ctx, moveToChat);
  }

  async *streamTurn(input: TurnInput): AsyncIterable<BackendEvent> {
    const { memory, server, log, counters } = this.options;
    for (const o of input.toolOutputs ?? []) this.rounds.push({ role: 'tool', tool_call_id: o.callId, content: o.output });
    const counter = counters.for(input.model);
    const configured = input.maxContextTokens ?? DEFAULT_MAX_CONTEXT_TOKENS;
    // A server that runs the model with a smaller window than the budget (Ollama's 4,096 tokens on
    // small machines) would cut the start of the request silently: the history is fitted to it.
    const window = this.requests === 0 ? await this.options.contextWindow?.(input.model, input.signal).catch(() => undefined) : this.window;
    this.window = window;
    const maxTokens = window && window - answerReserve(window) < configured ? window - answerReserve(window) : configured;
    const current = input.turn;
    const built = buildHistory({
      instructions: input.instructions,
      turns: input.history ?? [],
      question: current?.question ?? input.parts[0] ?? '',
      attachments: current?.attachments ?? [],
      rounds: this.rounds,
      maxTokens,
      counter,
    });
    if (this.requests === 0) {
      const notice = maxTokens < configured && window && (built.droppedTurns > 0 || built.tokens > maxTokens) ? windowNotice(input.model, window, built.droppedTurns, built.tokens > maxTokens) : trimNotice(built, maxTokens, counter.exact);
      if (notice) yield { type: 'notice', text: notice };
      if (built.resent.length) log.info(`sending ${built.resent.length} unchanged file(s) again: their earlier copy is no longer in the history sent`);
    }
    this.requests++;

    const facts = memory.get(server);
    let withTools = (input.tools?.length ?? 0) > 0 && !(facts.modelsWithoutTools ?? []).includes(input.model);
    let withUsage = !facts.noStreamOptions;
    for (let attempt = 0; ; attempt++) {
      const params: ChatCompletionCreateParamsStreaming = {
        model: input.model,
        messages: built.messages,
        stream: true,
        ...(withUsage ? { stream_options: { include_usage: true } } : {}),
        ...(withTools ? { tools: (input.tools ?? []).map(chatTool), tool_choice: 'auto' as const } : {}),
        ...(input.temperature === undefined ? {} : { temperature: input.temperature }),
      };
      try {
        const { data: stream, request_id } = await this.options.client.chat.completions.create(params, { signal: input.signal }).withResponse();
        log.info(`chat completion stream opened (request ${request_id ?? '-'}; ${built.keptTurns} earlier turn(s), ${built.tokens} tokens${counter.exact ? '' : ' estimated'})`);
        yield* this.read(stream, request_id ?? undefined);
        return;
      } catch (err) {
        if (attempt < 2 && withUsage && isStreamOptionsRejection(err)) {
          log.info(`${server} refused stream_options; asking again without (token usage will not be shown)`);
          withUsage = false;
          await memory.update(server, { noStreamOptions: true });
          continue;
        }
        if (attempt < 2 && withTools && isToolRejection(err)) {
          withTools = false;
          log.info(`${input.model} refused function tools; asking again without them`);
          await memory.update(server, { modelsWithoutTools: [...(memory.get(server).modelsWithoutTools ?? []), input.model] });
          yield { type: 'notice', text: `${input.model} does not support tools on this server, so it was asked again without them: it cannot read workspace files by itself. Attached files and selections are still sent. Select Model to pick a model with tool support.` };
          continue;
        }
        throw err;
      }
    }
  }

  private async *read(stream: AsyncIterable<ChatCompletionChunk>, requestId: string | undefined): AsyncIterable<BackendEvent> {
    const reader = new ChunkReader(`${this.turnPrefix}${this.requests}_`);
    let started = false;
    for await (const chunk of stream) {
      if (!started) {
        started = true;
        yield { type: 'started', responseId: chunk.id || undefined, requestId };
      }
      yield* reader.read(chunk);
    }
    if (!started) yield { type: 'started', requestId };
    const { events, read } = reader.end();
    if (read.toolCalls.length) this.rounds.push(roundMessage(read));
    yield* events;
  }
}
