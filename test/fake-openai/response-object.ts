// Builds the Response objects and the stream events of one POST /v1/responses, as the spec shapes them.
import type { PlannedCodeRun } from './containers';
import { countTokens } from './demo-answer';
import { newId, nowSeconds } from './ids';
import { inputText, isObject, outputMessage, outputText } from './items';
import type { SseFrame } from './sse';
import type { Json } from './state';
import type { ScriptedReply, ScriptedToolCall } from './types';

export const DEFAULT_MODEL = 'gpt-4.1-mini';

export interface ResponsePlan {
  /** The Response as the stream starts (status in_progress, no output yet). */
  initial: Json;
  /** The Response as it ends (completed, incomplete or failed). */
  final: Json;
  /** The output items (a message and/or function calls), as stored in a conversation. */
  outputItems: Json[];
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

/** The hosted tools a reply runs before its message (the code runs already carried out by containers.ts). */
export interface PlannedTools {
  codeRuns?: PlannedCodeRun[];
}

/** The text of the request's last user message, for a file search's default query. */
function lastUserText(input: unknown): string {
  if (typeof input === 'string') return input;
  const messages = (Array.isArray(input) ? input : []).filter((m) => isObject(m) && m.role === 'user');
  const last = messages[messages.length - 1];
  if (!isObject(last)) return '';
  if (typeof last.content === 'string') return last.content;
  const parts = Array.isArray(last.content) ? last.content : [];
  return parts.map((p) => (isObject(p) && typeof p.text === 'string' ? p.text : '')).join(' ');
}

function codeInterpreterCall(run: PlannedCodeRun, status: string, code: string, outputs: Json[] | null): Json {
  return { type: 'code_interpreter_call', id: run.id, status, container_id: run.containerId, code, outputs };
}

/**
 * The annotations on the answer's output_text: a `container_file_citation` per generated file (spanning
 * `sandbox:/mnt/data/<name>` or the name in the text, else the end), then a `file_citation` per cited file.
 */
function annotationsFor(text: string, codeRuns: readonly PlannedCodeRun[], reply: ScriptedReply): Json[] {
  const out: Json[] = [];
  for (const run of codeRuns) {
    for (const f of run.files) {
      const sandbox = `sandbox:/mnt/data/${f.filename}`;
      let start = text.indexOf(sandbox);
      let length = sandbox.length;
      if (start < 0) {
        start = text.indexOf(f.filename);
        length = f.filename.length;
      }
      if (start < 0) {
        start = text.length;
        length = 0;
      }
      out.push({ type: 'container_file_citation', container_id: run.containerId, file_id: f.fileId, filename: f.filename, start_index: start, end_index: start + length });
    }
  }
  for (const c of reply.fileSearch?.citations ?? []) out.push({ type: 'file_citation', file_id: c.fileId, filename: c.filename, index: text.length });
  return out;
}

function functionCall(call: ScriptedToolCall, status: 'in_progress' | 'completed', args: string): Json {
  return { id: '', type: 'function_call', call_id: call.callId ?? '', name: call.name, arguments: args, status };
}

export function planResponse(body: Json, conversationId: string | undefined, reply: ScriptedReply, chunks: string[], tools: PlannedTools = {}): ResponsePlan {
  const status = reply.status ?? 'completed';
  const text = chunks.join('');
  const include = Array.isArray(body.include) ? body.include : [];
  const codeRuns = tools.codeRuns ?? [];
  const fileSearch = reply.fileSearch
    ? { id: newId.fileSearchCall(), queries: reply.fileSearch.queries ?? [lastUserText(body.input).slice(0, 200)], citations: reply.fileSearch.citations }
    : undefined;
  // As at OpenAI, a tool call's outputs/results are only in the item when the request includes them.
  const codeOutputs = (run: PlannedCodeRun): Json[] | null => include.includes('code_interpreter_call.outputs')
    ? [...(run.logs !== undefined ? [{ type: 'logs', logs: run.logs }] : []), ...(run.imageUrl ? [{ type: 'image', url: run.imageUrl }] : [])]
    : null;
  const searchResults = fileSearch && include.includes('file_search_call.results')
    ? fileSearch.citations.map((c) => ({ file_id: c.fileId, filename: c.filename, text: c.text ?? '', score: c.score ?? 0.9, attributes: {} }))
    : null;
  const fileSearchItem = (st: string): Json => ({ id: fileSearch!.id, type: 'file_search_call', status: st, queries: fileSearch!.queries, results: st === 'completed' ? searchResults : null });
  const codeItems = codeRuns.map((run) => codeInterpreterCall(run, run.fail ? 'failed' : 'completed', run.code, codeOutputs(run)));
  const toolItems = [...(fileSearch ? [fileSearchItem('completed')] : []), ...codeItems];
  const calls = (reply.toolCalls ?? []).map((c) => ({
    ...c,
    callId: c.callId ?? newId.callId(),
    id: newId.functionCall(),
    args: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
  }));
  // A reply that only calls tools has no message (as a model that goes straight to a tool call).
  const hasMessage = chunks.length > 0 || calls.length === 0;
  const itemId = newId.message();
  const initial: Json = {
    id: newId.response(), object: 'response', created_at: nowSeconds(), status: 'in_progress', completed_at: null,
    error: null, incomplete_details: null, output: [], ...echoedFields(body, conversationId),
  };
  const inputTokens = countTokens(inputText(body.input)) + countTokens(String(body.instructions ?? ''));
  const outputTokens = countTokens(text) + calls.reduce((n, c) => n + countTokens(c.args), 0) + codeRuns.reduce((n, r) => n + countTokens(r.code), 0);
  const usage = {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
  // A failed response stops in its text: its annotations never arrive.
  const annotations = status === 'failed' ? [] : annotationsFor(text, codeRuns, reply);
  const message = outputMessage(itemId, text, status === 'completed' ? 'completed' : 'incomplete', annotations);
  const callItems = calls.map((c) => ({ ...functionCall(c, 'completed', c.args), id: c.id, call_id: c.callId }));
  // A failed response has no function calls: it stops where it failed.
  const outputItems = [...toolItems, ...(hasMessage ? [message] : []), ...(status === 'failed' ? [] : callItems)];
  const final: Json = { ...initial, status, output: outputItems, usage };
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
  add({ type: 'response.created', response: initial });
  add({ type: 'response.in_progress', response: initial });
  let nextIndex = 0;
  if (fileSearch) {
    const output_index = nextIndex++;
    const at = { item_id: fileSearch.id, output_index };
    add({ type: 'response.output_item.added', output_index, item: fileSearchItem('in_progress') });
    add({ type: 'response.file_search_call.in_progress', ...at });
    add({ type: 'response.file_search_call.searching', ...at });
    add({ type: 'response.file_search_call.completed', ...at });
    add({ type: 'response.output_item.done', output_index, item: toolItems[0] });
  }
  codeRuns.forEach((run, i) => {
    const output_index = nextIndex++;
    const at = { item_id: run.id, output_index };
    add({ type: 'response.output_item.added', output_index, item: codeInterpreterCall(run, 'in_progress', '', null) });
    add({ type: 'response.code_interpreter_call.in_progress', ...at });
    for (const delta of run.chunks) add({ type: 'response.code_interpreter_call_code.delta', ...at, delta });
    add({ type: 'response.code_interpreter_call_code.done', ...at, code: run.code });
    add({ type: 'response.code_interpreter_call.interpreting', ...at });
    // A run that fails has no `completed` event: its item ends with status failed.
    if (!run.fail) add({ type: 'response.code_interpreter_call.completed', ...at });
    add({ type: 'response.output_item.done', output_index, item: codeItems[i] });
  });
  if (hasMessage) {
    const output_index = nextIndex++;
    const at = { item_id: itemId, output_index, content_index: 0 };
    add({ type: 'response.output_item.added', output_index, item: outputMessage(itemId, undefined, 'in_progress') });
    add({ type: 'response.content_part.added', ...at, part: outputText('') });
    for (const delta of chunks) add({ type: 'response.output_text.delta', ...at, delta, logprobs: [] });
    // A failed response stops where it failed; the others close their text, part and item first.
    if (status !== 'failed') {
      annotations.forEach((annotation, annotation_index) => add({ type: 'response.output_text.annotation.added', ...at, annotation_index, annotation }));
      add({ type: 'response.output_text.done', ...at, text, logprobs: [] });
      add({ type: 'response.content_part.done', ...at, part: outputText(text, annotations) });
      add({ type: 'response.output_item.done', output_index, item: message });
    }
  }
  if (status !== 'failed') {
    calls.forEach((c, i) => {
      const output_index = nextIndex + i;
      const at = { item_id: c.id, output_index };
      add({ type: 'response.output_item.added', output_index, item: { ...functionCall(c, 'in_progress', ''), id: c.id, call_id: c.callId } });
      // The arguments arrive in pieces, as a model streams them.
      const half = Math.ceil(c.args.length / 2);
      for (const delta of [c.args.slice(0, half), c.args.slice(half)]) if (delta) add({ type: 'response.function_call_arguments.delta', ...at, delta });
      add({ type: 'response.function_call_arguments.done', ...at, name: c.name, arguments: c.args });
      add({ type: 'response.output_item.done', output_index, item: callItems[i] });
    });
  }
  add({ type: `response.${status}`, response: final });
  return { initial, final, outputItems, events };
}

/** The `error` stream event sent in place of event n when a reply asks for sseErrorAfter: n. */
export function streamErrorEvent(n: number): SseFrame {
  return {
    event: 'error',
    data: { type: 'error', code: 'server_error', message: 'The server had an error while processing your request.', param: null, sequence_number: n },
    schema: 'ResponseStreamEvent',
  };
}
