// Reads one Chat Completions stream (`chat.completion.chunk` objects, as the SDK parses them) into the
// normalised events, with what real servers do besides the spec:
// - tool-call deltas without `index` (Gemini), or a tool call whole in one chunk (Ollama);
// - `finish_reason` in a chunk of its own, `stop` although tool calls were sent, or none at all
//   (llama.cpp-based servers end some streams without one, and without `[DONE]`);
// - chunks with `choices: []` (Azure's `prompt_filter_results` first chunk, the usage chunk) or a
//   choice without `delta` (Azure's `content_filter_results`);
// - reasoning as `delta.reasoning` (Ollama, vLLM, LM Studio, OpenRouter), `delta.reasoning_content`
//   (llama.cpp, DeepSeek) or a leading `<think>` block in the content (Groq, some LM Studio setups);
// - extra fields (`prompt_token_ids`, `token_ids`, `native_finish_reason`, `obfuscation`), ignored.
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { BackendEvent } from '../backend';
import { ThinkTagSplitter } from './think-tags';

/** A tool call as the stream assembled it. */
export interface AssembledToolCall {
  id: string;
  name: string;
  arguments: string;
  /** Fields the server wants back with the call on the next request (Gemini's `extra_content.google.thought_signature`). */
  extra?: Record<string, unknown>;
}

/** The reasoning field a server used, so it can be returned under the same name where that is required (DeepSeek). */
export type ReasoningField = 'reasoning' | 'reasoning_content';

/** What one stream said, for the next request of the same turn. */
export interface ReadStream {
  readonly text: string;
  readonly reasoning: string;
  readonly reasoningField?: ReasoningField;
  readonly toolCalls: readonly AssembledToolCall[];
}

type Delta = ChatCompletionChunk.Choice.Delta & { reasoning?: unknown; reasoning_content?: unknown };
type ToolCallDelta = Partial<ChatCompletionChunk.Choice.Delta.ToolCall> & { extra_content?: unknown; function?: { name?: string; arguments?: unknown } };
type UsageWithCost = NonNullable<ChatCompletionChunk['usage']> & { cost?: unknown };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class ChunkReader {
  private readonly calls: AssembledToolCall[] = [];
  private readonly byIndex = new Map<number, AssembledToolCall>();
  private readonly think = new ThinkTagSplitter();
  private finishReason: string | undefined;
  private text = '';
  private reasoning = '';
  private reasoningField: ReasoningField | undefined;

  /** @param idPrefix for calls a server sent without an id: unique within the turn. */
  constructor(private readonly idPrefix = 'call_') {}

  /** The events of one chunk. */
  read(chunk: ChatCompletionChunk): BackendEvent[] {
    const events: BackendEvent[] = [];
    if (chunk.usage) events.push(usageEvent(chunk.usage));
    // Only the first choice is asked for (n defaults to 1); a server numbering it oddly still has one.
    const choice = chunk.choices?.find((c) => (c.index ?? 0) === 0) ?? chunk.choices?.[0];
    if (!choice) return events;
    const delta = choice.delta as Delta | undefined;
    if (delta) {
      this.readReasoning(delta, events);
      const content = typeof delta.content === 'string' ? delta.content : '';
      const refusal = typeof delta.refusal === 'string' ? delta.refusal : '';
      if (content || refusal) {
        const piece = this.think.push(content + refusal);
        this.emitPiece(piece, events);
      }
      if (Array.isArray(delta.tool_calls)) for (const d of delta.tool_calls as ToolCallDelta[]) this.readToolCall(d);
    }
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
    return events;
  }

  /** The stream ended (with or without `[DONE]`): its tool calls, then its terminal status. */
  end(): { events: BackendEvent[]; read: ReadStream } {
    const events: BackendEvent[] = [];
    this.emitPiece(this.think.flush(), events);
    // A finished call has a name; a fragment without one is not something that can be run or answered.
    const calls = this.calls.filter((c) => c.name);
    // A server that sends no id still needs one per call, for the tool messages that answer it.
    calls.forEach((c, i) => {
      if (!c.id) c.id = `${this.idPrefix}${i}`;
    });
    for (const c of calls) events.push({ type: 'tool_call', callId: c.id, name: c.name, arguments: c.arguments });
    events.push(finished(this.finishReason));
    return { events, read: { text: this.text, reasoning: this.reasoning, reasoningField: this.reasoningField, toolCalls: calls } };
  }

  private emitPiece(piece: { text: string; reasoning: string }, events: BackendEvent[]): void {
    if (piece.reasoning) {
      this.reasoning += piece.reasoning;
      events.push({ type: 'reasoning', delta: piece.reasoning });
    }
    if (piece.text) {
      this.text += piece.text;
      events.push({ type: 'text', delta: piece.text });
    }
  }

  private readReasoning(delta: Delta, events: BackendEvent[]): void {
    // Some servers send the same reasoning under both names: the first one seen is the stream's.
    const field: ReasoningField | undefined = this.reasoningField ?? (typeof delta.reasoning_content === 'string' && delta.reasoning_content ? 'reasoning_content' : typeof delta.reasoning === 'string' && delta.reasoning ? 'reasoning' : undefined);
    if (!field) return;
    const piece = delta[field];
    if (typeof piece !== 'string' || !piece) return;
    this.reasoningField = field;
    this.reasoning += piece;
    events.push({ type: 'reasoning', delta: piece });
  }

  private readToolCall(d: ToolCallDelta): void {
    const call = this.slotFor(d);
    if (typeof d.id === 'string' && d.id && !call.id) call.id = d.id;
    const fn = d.function;
    if (fn && typeof fn.name === 'string' && fn.name) call.name = fn.name; // some servers repeat the name in every delta
    if (fn && fn.arguments !== undefined && fn.arguments !== null) {
      // A server that sends the arguments as an object sends them whole.
      call.arguments = typeof fn.arguments === 'string' ? call.arguments + fn.arguments : JSON.stringify(fn.arguments);
    }
    if (isRecord(d.extra_content)) call.extra = { ...call.extra, extra_content: d.extra_content };
  }

  /** The call a delta continues: by `index`; without one (Gemini), by `id`, else the last call. */
  private slotFor(d: ToolCallDelta): AssembledToolCall {
    if (typeof d.index === 'number') {
      const known = this.byIndex.get(d.index);
      if (known) return known;
      const byId = typeof d.id === 'string' && d.id ? this.calls.find((c) => c.id === d.id) : undefined;
      return byId ?? this.add(d.index);
    }
    if (typeof d.id === 'string' && d.id) return this.calls.find((c) => c.id === d.id) ?? this.add();
    return this.calls.at(-1) ?? this.add();
  }

  private add(index?: number): AssembledToolCall {
    const call: AssembledToolCall = { id: '', name: '', arguments: '' };
    this.calls.push(call);
    if (index !== undefined) this.byIndex.set(index, call);
    return call;
  }
}

function usageEvent(u: UsageWithCost): BackendEvent {
  const input = u.prompt_tokens ?? 0;
  const output = u.completion_tokens ?? 0;
  return { type: 'usage', usage: { inputTokens: input, outputTokens: output, totalTokens: u.total_tokens ?? input + output } };
}

function finished(reason: string | undefined): BackendEvent {
  if (reason === 'length') return { type: 'finished', status: 'incomplete', reason: 'max_output_tokens' };
  if (reason === 'content_filter') return { type: 'finished', status: 'incomplete', reason: 'content_filter' };
  // `stop`, `tool_calls`, `function_call`, a server's own (`eos`), or none: the stream ended normally.
  return { type: 'finished', status: 'completed' };
}
