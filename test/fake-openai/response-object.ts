// Builds the Response objects and the stream events of one POST /v1/responses, as the spec shapes them.
import { countTokens } from './demo-answer';
import { newId, nowSeconds } from './ids';
import { inputText, outputMessage, outputText } from './items';
import type { SseFrame } from './sse';
import type { Json } from './state';
import type { ScriptedReply } from './types';

export const DEFAULT_MODEL = 'gpt-4.1-mini';

export interface ResponsePlan {
  /** The Response as the stream starts (status in_progress, no output yet). */
  initial: Json;
  /** The Response as it ends (completed, incomplete or failed). */
  final: Json;
  /** The output message item, as stored in a conversation. */
  outputItem: Json;
  /** Every SSE event, terminal one included, numbered from 0. */
  events: SseFrame[];
}

/** The request's settings, echoed in the Response the way OpenAI echoes them. */
function echoedFields(body: Json, conversationId: string | undefined): Json {
  return {
    background: false,
    conversation: conversationId ? { id: conversationId } : null,
    instructions: typeof body.instructions === 'string' ? body.instructions : null,
    max_output_tokens: typeof body.max_output_tokens === 'number' ? body.max_output_tokens : null,
    max_tool_calls: null,
    metadata: body.metadata ?? {},
    model: typeof body.model === 'string' ? body.model : DEFAULT_MODEL,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    prompt_cache_key: null,
    reasoning: { effort: null, summary: null },
    safety_identifier: null,
    service_tier: 'default',
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_logprobs: 0,
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
  };
}

export function planResponse(body: Json, conversationId: string | undefined, reply: ScriptedReply, chunks: string[]): ResponsePlan {
  const status = reply.status ?? 'completed';
  const text = chunks.join('');
  const itemId = newId.message();
  const initial: Json = {
    id: newId.response(), object: 'response', created_at: nowSeconds(), status: 'in_progress', completed_at: null,
    error: null, incomplete_details: null, output: [], ...echoedFields(body, conversationId),
  };
  const inputTokens = countTokens(inputText(body.input)) + countTokens(String(body.instructions ?? ''));
  const outputTokens = countTokens(text);
  const usage = {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
  const outputItem = outputMessage(itemId, text, status === 'completed' ? 'completed' : 'incomplete');
  const final: Json = { ...initial, status, output: [outputItem], usage };
  if (status === 'completed') final.completed_at = nowSeconds();
  if (status === 'incomplete') final.incomplete_details = { reason: reply.incompleteReason ?? 'max_output_tokens' };
  if (status === 'failed') {
    final.error = reply.failure ?? { code: 'server_error', message: 'The model failed to generate a response.' };
  }

  const events: SseFrame[] = [];
  const add = (data: Json): void => {
    const type = data.type as string;
    events.push({ event: type, data: { ...data, sequence_number: events.length }, schema: 'ResponseStreamEvent' });
  };
  const at = { item_id: itemId, output_index: 0, content_index: 0 };
  add({ type: 'response.created', response: initial });
  add({ type: 'response.in_progress', response: initial });
  add({ type: 'response.output_item.added', output_index: 0, item: outputMessage(itemId, undefined, 'in_progress') });
  add({ type: 'response.content_part.added', ...at, part: outputText('') });
  for (const delta of chunks) add({ type: 'response.output_text.delta', ...at, delta, logprobs: [] });
  // A failed response stops where it failed; the others close their text, part and item first.
  if (status !== 'failed') {
    add({ type: 'response.output_text.done', ...at, text, logprobs: [] });
    add({ type: 'response.content_part.done', ...at, part: outputText(text) });
    add({ type: 'response.output_item.done', output_index: 0, item: outputItem });
  }
  add({ type: `response.${status}`, response: final });
  return { initial, final, outputItem, events };
}

/** The `error` stream event sent in place of event n when a reply asks for sseErrorAfter: n. */
export function streamErrorEvent(n: number): SseFrame {
  return {
    event: 'error',
    data: { type: 'error', code: 'server_error', message: 'The server had an error while processing your request.', param: null, sequence_number: n },
    schema: 'ResponseStreamEvent',
  };
}
