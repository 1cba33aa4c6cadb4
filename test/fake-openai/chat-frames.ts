// One chat completion, and how each server flavour puts it on the wire: the SSE chunks of a stream
// (`stream: true`) or the JSON body. What differs between servers, as their sources and reports show it:
//
//  opening     openai/azure/vllm/groq/mistral/deepseek: a first chunk {role, content: ''}; llama.cpp: {role,
//              content: null}; Ollama, LM Studio: the role rides on the first real delta; OpenRouter and
//              Gemini repeat it on every delta. Azure starts with a chunk of `choices: []` and
//              `prompt_filter_results` (id, model and object empty).
//  reasoning   Ollama, vLLM, LM Studio, OpenRouter: `delta.reasoning`; llama.cpp, DeepSeek:
//              `delta.reasoning_content`; Groq (and LM Studio with thinkTags): `<think>…</think>` at the start of
//              the content. OpenAI, Azure, Gemini, Mistral: none on chat.
//  tool calls  streamed as OpenAI does (a first piece with index, id, type, name and `arguments: ''`, then
//              argument pieces with only the index): openai, azure, LM Studio, llama.cpp, vLLM, OpenRouter,
//              DeepSeek. Whole: Ollama (one chunk per call), Groq and Mistral (all calls in one chunk; Mistral's
//              with the finish reason on it, and without `type`), Gemini (all in one chunk, no `index`).
//  ids         call_<24> (openai), call_<8 lowercase> (Ollama), 9 digits (LM Studio), 32 alphanumerics
//              (llama.cpp), chatcmpl-tool-<hex> (vLLM), 9 alphanumerics (Mistral), function-call-<digits>
//              (Gemini), call_0_<uuid> (DeepSeek), call_<4> (Groq).
//  finish      in a chunk of its own with an empty delta, except Mistral and Gemini (on the last delta).
//              `tool_calls` after tool calls, but `stop` on Gemini's stream and after a named tool_choice
//              (OpenAI, Azure, and vLLM, which follows OpenAI there). Ollama (openai/openai.go FinishChunk)
//              sends `tool_calls`, remapping only `stop`.
//  usage       a last chunk with `choices: []` when `stream_options.include_usage` asks for it (OpenAI also
//              puts `usage: null` on every other chunk). OpenRouter always sends it, with `cost`. Mistral puts
//              it on its finish chunk, Groq also in `x_groq.usage`, llama.cpp adds `timings`.
//  extras      OpenAI: `obfuscation` on every chunk (unless include_obfuscation is false). Azure:
//              `content_filter_results` on every choice, and after the finish a chunk whose choice has
//              `content_filter_results` and no delta. OpenRouter: `native_finish_reason`, `provider`, and
//              `: OPENROUTER PROCESSING` comment lines. DeepSeek: a `: keep-alive` comment. vLLM:
//              `prompt_token_ids`/`token_ids` when the request sets `return_token_ids`.
//  [DONE]      everyone but llama.cpp, as the fake's llama.cpp flavour plays it: builds before 2025 ended
//              their streams without it (newer ones send it), and a client must not wait for it.
import { randomBytes, randomUUID } from 'node:crypto';
import { countTokens } from './demo-answer';
import { ALNUM, DIGITS, type FakeConfig, LOWER_ALNUM, randomOf } from './flavours';
import { newId, nowSeconds } from './ids';
import { isObject } from './items';
import type { SseFrame } from './sse';
import type { Json } from './state';
import type { Flavour } from './types';

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface ChatToolCall { id: string; name: string; arguments: string }

/** One chat completion, before it takes a flavour's shape. */
export interface ChatTurn {
  model: string;
  /** Reasoning chunks (already empty for flavours that send none). */
  reasoning: string[];
  text: string[];
  toolCalls: ChatToolCall[];
  /** null: no finish reason at all (ScriptedReply.noFinishReason). */
  finish: FinishReason | null;
  promptTokens: number;
  /** The request body. */
  body: Json;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** The signature Gemini puts on a function call it made (opaque to clients; here derived from the id). */
export function thoughtSignature(callId: string): string {
  return Buffer.from(`sig:${callId}`).toString('base64');
}

/**
 * Gemini 3 refuses a request whose current turn (the messages after the last user message) repeats a
 * function call without the thought signature it was sent with; earlier turns are not checked.
 */
export function thoughtSignatureMissing(body: Json): string | undefined {
  const messages = Array.isArray(body.messages) ? body.messages.filter(isObject) : [];
  const lastUser = messages.map((m) => m.role).lastIndexOf('user');
  for (const m of messages.slice(lastUser + 1)) {
    if (m.role !== 'assistant' || !Array.isArray(m.tool_calls)) continue;
    for (const [i, call] of m.tool_calls.filter(isObject).entries()) {
      const google = isObject(call.extra_content) && isObject(call.extra_content.google) ? call.extra_content.google : {};
      if (typeof call.id === 'string' && google.thought_signature !== thoughtSignature(call.id)) {
        const name = isObject(call.function) ? String(call.function.name) : '?';
        return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${i + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`;
      }
    }
  }
  return undefined;
}

/** Whether the flavour's chat endpoint sends the model's reasoning at all. */
export function sendsReasoning(flavour: Flavour): boolean {
  return !['openai', 'azure', 'gemini', 'mistral'].includes(flavour);
}

/** A tool call id the way the flavour makes them. */
export function toolCallId(flavour: Flavour): string {
  switch (flavour) {
    case 'ollama': return `call_${randomOf(LOWER_ALNUM, 8)}`;          // server/routes.go toolCallId
    case 'lmstudio': return `${1 + (randomBytes(1)[0] % 9)}${randomOf(DIGITS, 8)}`;
    case 'llamacpp': return randomOf(ALNUM, 32);                        // gen_tool_call_id → random_string()
    case 'vllm': return `chatcmpl-tool-${hex(16)}`;                     // chat_utils make_tool_call_id
    case 'mistral': return randomOf(ALNUM, 9);
    case 'gemini': return `function-call-${randomOf(DIGITS, 20)}`;
    case 'deepseek': return `call_0_${randomUUID()}`;
    case 'groq': return `call_${randomOf(LOWER_ALNUM, 4)}`;
    default: return newId.callId();
  }
}

function completionId(flavour: Flavour): string {
  switch (flavour) {
    case 'ollama': return `chatcmpl-${randomBytes(2).readUInt16BE() % 999}`; // fmt.Sprintf("chatcmpl-%d", rand.Intn(999))
    case 'lmstudio': return `chatcmpl-${randomOf(LOWER_ALNUM, 20)}`;
    case 'llamacpp': return `chatcmpl-${randomOf(ALNUM, 32)}`;
    case 'vllm': return `chatcmpl-${hex(16)}`;
    case 'openrouter': return `gen-${nowSeconds()}-${randomOf(ALNUM, 20)}`;
    case 'groq': return `chatcmpl-${randomUUID()}`;
    case 'deepseek': return randomUUID();
    case 'mistral': return hex(16);
    case 'gemini': return randomOf(ALNUM, 22);
    case 'azure': return `chatcmpl-${randomOf(ALNUM, 29)}`;
    default: return newId.chat();
  }
}

/** The top-level fields of every chunk (and of the JSON body) besides id, object, choices. */
function baseFields(flavour: Flavour, model: string, created: number): Json {
  switch (flavour) {
    case 'openai': return { created, model, service_tier: 'default', system_fingerprint: 'fp_fake_openai' };
    case 'ollama': return { created, model, system_fingerprint: 'fp_ollama' };
    case 'lmstudio': return { created, model, system_fingerprint: model };
    case 'llamacpp': return { created, model, system_fingerprint: 'b6200-fake0000' };
    case 'openrouter': return { provider: 'OpenAI', model, created };
    case 'groq': return { created, model, system_fingerprint: 'fp_fake0groq' };
    case 'deepseek': return { created, model, system_fingerprint: 'fp_fake_prod0820_fp8_kvcache' };
    case 'azure': return { created, model, system_fingerprint: 'fp_fake_azure' };
    default: return { created, model };
  }
}

const AZURE_FILTERS: Json = {
  hate: { filtered: false, severity: 'safe' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: false, severity: 'safe' },
};

function usageOf(flavour: Flavour, turn: ChatTurn): Json {
  const reasoningTokens = countTokens(turn.reasoning.join(''));
  const completion = countTokens(turn.text.join('') + turn.toolCalls.map((t) => t.name + t.arguments).join('')) + reasoningTokens;
  const prompt = turn.promptTokens;
  const total = prompt + completion;
  switch (flavour) {
    case 'openai':
    case 'azure':
      return {
        prompt_tokens: prompt, completion_tokens: completion, total_tokens: total,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      };
    case 'openrouter':
      return {
        prompt_tokens: prompt, completion_tokens: completion, total_tokens: total,
        cost: Number(((prompt * 0.15 + completion * 0.6) / 1e6).toFixed(9)), is_byok: false,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        cost_details: { upstream_inference_cost: null, upstream_inference_prompt_cost: 0, upstream_inference_completions_cost: 0 },
        completion_tokens_details: { reasoning_tokens: reasoningTokens, image_tokens: 0 },
      };
    case 'groq':
      return { queue_time: 0.01, prompt_tokens: prompt, prompt_time: 0.002, completion_tokens: completion, completion_time: 0.05, total_tokens: total, total_time: 0.052 };
    case 'deepseek':
      return {
        prompt_tokens: prompt, completion_tokens: completion, total_tokens: total,
        prompt_tokens_details: { cached_tokens: 0 }, prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: prompt,
        ...(reasoningTokens ? { completion_tokens_details: { reasoning_tokens: reasoningTokens } } : {}),
      };
    case 'vllm':
      return { prompt_tokens: prompt, total_tokens: total, completion_tokens: completion };
    default:
      return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: total };
  }
}

/** Where a flavour puts reasoning: a delta/message field, or `<think>` tags in the content. */
function reasoningStyle(cfg: FakeConfig): 'reasoning' | 'reasoning_content' | 'think' | undefined {
  switch (cfg.flavour) {
    case 'ollama': case 'vllm': case 'openrouter': return 'reasoning';
    case 'lmstudio': return cfg.thinkTags ? 'think' : 'reasoning';
    case 'llamacpp': case 'deepseek': return 'reasoning_content';
    case 'groq': return 'think';
    default: return undefined;
  }
}

/** The text with the reasoning in front as `<think>` tags (for flavours that send it so), as content chunks. */
function contentChunks(cfg: FakeConfig, turn: ChatTurn): string[] {
  if (reasoningStyle(cfg) !== 'think' || turn.reasoning.length === 0) return turn.text;
  return ['<think>\n', ...turn.reasoning, '\n</think>\n\n', ...turn.text];
}

/** An argument string as the pieces a streamed tool call sends it in. */
function argumentPieces(args: string): string[] {
  if (args.length <= 10) return args ? [args] : [];
  const size = Math.ceil(args.length / 3);
  const pieces: string[] = [];
  for (let i = 0; i < args.length; i += size) pieces.push(args.slice(i, i + size));
  return pieces;
}

/**
 * The value the spec's schema checks for a flavour's chunk or body: the fields the spec requires and that
 * the server leaves out are put back (Gemini's `index` on tool calls and its null `finish_reason`, Azure's
 * `delta` on its content-filter chunk, the `logprobs` and `refusal` that Ollama, llama.cpp and Gemini do not
 * send), so that everything else in the frame is still checked.
 */
export function specView(value: Json, stream: boolean): Json {
  if (!Array.isArray(value.choices)) return value;
  const choices = (value.choices as Json[]).map((c) => {
    const v: Json = { ...c };
    if (stream) {
      if (!('delta' in v)) v.delta = {};
      if (!('finish_reason' in v)) v.finish_reason = null;
      const d = v.delta as Json;
      if (Array.isArray(d.tool_calls)) v.delta = { ...d, tool_calls: (d.tool_calls as Json[]).map((t, k) => ({ index: k, ...t })) };
    } else {
      if (!('logprobs' in v)) v.logprobs = null;
      if (isObject(v.message)) v.message = { refusal: null, content: null, ...v.message };
    }
    return v;
  });
  return { ...value, choices };
}

interface Delta { delta: Json; finish?: boolean; tokens?: number }

/** The SSE frames of a streamed chat completion, in the flavour's shape. */
export function streamFrames(cfg: FakeConfig, turn: ChatTurn): SseFrame[] {
  const f = cfg.flavour;
  const body = turn.body;
  const streamOptions = isObject(body.stream_options) ? body.stream_options : {};
  const includeUsage = streamOptions.include_usage === true || f === 'openrouter';
  const obfuscate = f === 'openai' && streamOptions.include_obfuscation !== false;
  const returnTokenIds = f === 'vllm' && body.return_token_ids === true;
  const id = completionId(f);
  const base = baseFields(f, turn.model, nowSeconds());
  const usage = usageOf(f, turn);
  const style = reasoningStyle(cfg);
  const hasReasoning = turn.reasoning.length > 0 && style !== 'think';
  const content = contentChunks(cfg, turn);
  const everyRole = f === 'openrouter' || f === 'gemini';
  const deltas: Delta[] = [];
  const push = (delta: Json, tokens?: number): void => { deltas.push({ delta: everyRole ? { role: 'assistant', ...delta } : delta, tokens }); };

  // Opening chunk.
  if (f === 'openai' || f === 'azure') push({ role: 'assistant', content: content.length || !turn.toolCalls.length ? '' : null, refusal: null });
  else if (f === 'vllm' || f === 'groq' || f === 'mistral') push({ role: 'assistant', content: '' });
  else if (f === 'llamacpp') push({ role: 'assistant', content: null });
  else if (f === 'deepseek') push(hasReasoning ? { role: 'assistant', content: null, reasoning_content: '' } : { role: 'assistant', content: '' });

  // Reasoning, in its own field.
  if (hasReasoning) {
    for (const r of turn.reasoning) {
      if (f === 'ollama') push({ content: '', reasoning: r }, countTokens(r));
      else if (f === 'openrouter') push({ content: '', reasoning: r, reasoning_details: [{ type: 'reasoning.text', text: r, format: 'unknown', index: 0 }] }, countTokens(r));
      else if (f === 'deepseek') push({ content: null, reasoning_content: r }, countTokens(r));
      else if (style === 'reasoning_content') push({ reasoning_content: r }, countTokens(r));
      else push({ reasoning: r }, countTokens(r));
    }
  }

  // The answer.
  for (const t of content) push(f === 'deepseek' && hasReasoning ? { content: t, reasoning_content: null } : { content: t }, countTokens(t));

  // Tool calls.
  const calls = turn.toolCalls;
  if (calls.length) {
    if (f === 'ollama') {
      calls.forEach((c, index) => push({ content: '', tool_calls: [{ id: c.id, index, type: 'function', function: { name: c.name, arguments: c.arguments } }] }, countTokens(c.arguments)));
    } else if (f === 'groq') {
      push({ tool_calls: calls.map((c, index) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments }, index })) });
    } else if (f === 'mistral') {
      push({ tool_calls: calls.map((c, index) => ({ id: c.id, function: { name: c.name, arguments: c.arguments }, index })) });
    } else if (f === 'gemini') {
      // Thinking Gemini models sign each call; the signature must come back with it (see thoughtSignatureMissing).
      push({ tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments }, extra_content: { google: { thought_signature: thoughtSignature(c.id) } } })) });
    } else {
      calls.forEach((c, index) => {
        push({ ...(f === 'deepseek' ? { content: null } : {}), tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }] });
        for (const piece of argumentPieces(c.arguments)) push({ tool_calls: [{ index, function: { arguments: piece } }] }, countTokens(piece));
      });
    }
  }

  // Ollama and LM Studio put the role on the first delta they send.
  if (f === 'ollama' || f === 'lmstudio') {
    if (deltas.length) deltas[0].delta = { role: 'assistant', ...deltas[0].delta };
    else push({ role: 'assistant', content: '' });
  }

  // The finish reason: on the last delta (Mistral: the tool-call chunk; Gemini: any), or in a chunk of its own.
  const finishOnLast = turn.finish !== null && deltas.length > 0 && (f === 'gemini' || (f === 'mistral' && calls.length > 0));
  if (finishOnLast) deltas[deltas.length - 1].finish = true;
  else if (turn.finish !== null) {
    const closing: Json = f === 'vllm' || f === 'mistral' ? { content: '' }
      : f === 'openrouter' ? { content: '' }
      : f === 'deepseek' ? { content: '', ...(hasReasoning ? { reasoning_content: null } : {}) }
      : {};
    push(closing);
    deltas[deltas.length - 1].finish = true;
  }

  let tokenCursor = 100;
  const frames: SseFrame[] = [];
  const frameOf = (data: Json): SseFrame => ({ data, schema: 'CreateChatCompletionStreamResponse', ...(f === 'openai' ? {} : { checkAs: specView(data, true) }) });
  const topExtras = (data: Json, first: boolean, last: boolean): Json => {
    if (includeUsage && f === 'openai') data.usage = null;
    if (obfuscate) data.obfuscation = randomOf(ALNUM, 4 + (randomBytes(1)[0] % 12));
    if (returnTokenIds && first) data.prompt_token_ids = Array.from({ length: turn.promptTokens }, (_, i) => 1000 + i);
    if (f === 'groq' && first) data.x_groq = { id: `req_${randomOf(LOWER_ALNUM, 26)}` };
    if (f === 'groq' && last) data.x_groq = { id: `req_${randomOf(LOWER_ALNUM, 26)}`, usage };
    if (f === 'mistral' && last) data.usage = usage;
    if (f === 'llamacpp' && last) data.timings = timings(usage);
    return data;
  };

  if (f === 'azure') {
    // Not checked: `object: ''` is outside the spec's enum (and the chunk describes the prompt, not the answer).
    frames.push({ data: { choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: [{ prompt_index: 0, content_filter_results: { ...AZURE_FILTERS, jailbreak: { filtered: false, detected: false } } }] } });
  }
  deltas.forEach((d, i) => {
    const choice: Json = { index: 0, delta: d.delta };
    if (d.finish) choice.finish_reason = turn.finish;
    else if (f !== 'gemini') choice.finish_reason = null; // Gemini leaves a null finish_reason out
    if (f !== 'ollama' && f !== 'llamacpp' && f !== 'gemini') choice.logprobs = null;
    if (f === 'openrouter') choice.native_finish_reason = d.finish ? turn.finish : null;
    if (f === 'vllm' && d.finish) choice.stop_reason = null;
    if (f === 'azure') choice.content_filter_results = typeof d.delta.content === 'string' && d.delta.content !== '' ? AZURE_FILTERS : {};
    if (returnTokenIds) {
      const n = d.tokens ?? 0;
      choice.token_ids = Array.from({ length: n }, (_, k) => tokenCursor + k);
      tokenCursor += n;
    }
    const data: Json = { id, object: 'chat.completion.chunk', ...base, choices: [choice] };
    frames.push(frameOf(topExtras(data, i === 0, d.finish === true)));
  });

  if (f === 'azure' && content.length) {
    // Azure's content filter reports on the text it checked: a choice without a delta.
    const end = content.join('').length;
    frames.push(frameOf({ id, object: 'chat.completion.chunk', ...base, choices: [{ content_filter_offsets: { check_offset: 0, start_offset: 0, end_offset: end }, content_filter_results: AZURE_FILTERS, finish_reason: null, index: 0 }] }));
  }
  // Mistral's usage is on its finish chunk already.
  if (includeUsage && f !== 'mistral') {
    const data: Json = { id, object: 'chat.completion.chunk', ...base, choices: [], usage };
    if (obfuscate) data.obfuscation = randomOf(ALNUM, 8);
    if (f === 'llamacpp') data.timings = timings(usage);
    frames.push(frameOf(data));
  }
  if (f !== 'llamacpp') frames.push({ data: '[DONE]' });

  if (f === 'openrouter') {
    // Keep-alive comments while the upstream provider works: before the first frame and between frames.
    frames.splice(Math.min(2, frames.length - 1), 0, { data: null, comment: 'OPENROUTER PROCESSING' });
    frames.unshift({ data: null, comment: 'OPENROUTER PROCESSING' });
  }
  if (f === 'deepseek') frames.unshift({ data: null, comment: 'keep-alive' });
  return frames;
}

function timings(usage: Json): Json {
  const p = Number(usage.prompt_tokens);
  const n = Number(usage.completion_tokens);
  return { prompt_n: p, prompt_ms: p * 0.5, prompt_per_token_ms: 0.5, prompt_per_second: 2000, predicted_n: n, predicted_ms: n * 20, predicted_per_token_ms: 20, predicted_per_second: 50 };
}

/** The JSON body of a chat completion (`stream` not true), in the flavour's shape. */
export function completionBody(cfg: FakeConfig, turn: ChatTurn): Json {
  const f = cfg.flavour;
  const usage = usageOf(f, turn);
  const style = reasoningStyle(cfg);
  const text = contentChunks(cfg, turn).join('');
  const reasoning = turn.reasoning.join('');
  const calls = turn.toolCalls;
  const message: Json = { role: 'assistant', content: text || (calls.length ? (f === 'ollama' ? '' : null) : '') };
  if (reasoning && style === 'reasoning') message.reasoning = reasoning;
  if (reasoning && style === 'reasoning_content') message.reasoning_content = reasoning;
  if (f === 'openrouter' && reasoning) message.reasoning_details = [{ type: 'reasoning.text', text: reasoning, format: 'unknown', index: 0 }];
  if (f === 'openai' || f === 'azure' || f === 'openrouter') message.refusal = null;
  if (f === 'openai' || f === 'azure') message.annotations = [];
  if (calls.length) {
    message.tool_calls = calls.map((c, index) => ({
      id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments },
      ...(f === 'ollama' ? { index } : {}),
    }));
  }
  const choice: Json = { index: 0, message, finish_reason: turn.finish ?? 'stop' };
  if (f !== 'ollama' && f !== 'llamacpp' && f !== 'gemini') choice.logprobs = null;
  if (f === 'openrouter') choice.native_finish_reason = choice.finish_reason;
  if (f === 'vllm') choice.stop_reason = null;
  if (f === 'azure') choice.content_filter_results = AZURE_FILTERS;
  const out: Json = { id: completionId(f), object: 'chat.completion', ...baseFields(f, turn.model, nowSeconds()), choices: [choice], usage };
  if (f === 'azure') out.prompt_filter_results = [{ prompt_index: 0, content_filter_results: { ...AZURE_FILTERS, jailbreak: { filtered: false, detected: false } } }];
  if (f === 'groq') out.x_groq = { id: `req_${randomOf(LOWER_ALNUM, 26)}` };
  if (f === 'llamacpp') out.timings = timings(usage);
  if (f === 'vllm' && turn.body.return_token_ids === true) {
    out.prompt_token_ids = Array.from({ length: turn.promptTokens }, (_, i) => 1000 + i);
    choice.token_ids = Array.from({ length: Number(usage.completion_tokens) }, (_, i) => 100 + i);
  }
  return out;
}
