// POST /v1/chat/completions: JSON, or SSE of chat.completion.chunk frames (bare `data:` lines, then [DONE]).
import { answerChunks, countTokens } from './demo-answer';
import type { Exchange } from './exchange';
import { newId, nowSeconds } from './ids';
import { isObject } from './items';
import { DEFAULT_MODEL } from './response-object';
import type { Route } from './router';
import { type SseFrame, writeSse } from './sse';
import type { ScriptedReply } from './types';

function finishReason(reply: ScriptedReply): 'stop' | 'length' | 'content_filter' {
  if (reply.status !== 'incomplete') return 'stop';
  return reply.incompleteReason === 'content_filter' ? 'content_filter' : 'length';
}

function usageOf(body: Record<string, unknown>, text: string) {
  const prompt = countTokens(JSON.stringify(body.messages ?? []));
  const completion = countTokens(text);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

/** In place of frame n when a reply asks for sseErrorAfter: the error payload OpenAI puts in a chat stream. */
const streamError = (): SseFrame => ({
  data: { error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } },
  schema: 'ErrorResponse',
});

async function create(ex: Exchange): Promise<void> {
  ex.check('request', 'CreateChatCompletionRequest', ex.body);
  const body = isObject(ex.body) ? ex.body : {};
  const reply = ex.state.nextReply('chat');
  if (reply.error) return ex.scriptedError(reply.error, reply.delayMs);
  // Chat completions have no "failed" state: a failure is a server error.
  if (reply.status === 'failed') {
    const f = reply.failure ?? { code: 'server_error', message: 'The server had an error while processing your request.' };
    return ex.error(500, f.message, { type: 'server_error', code: f.code }, reply.delayMs);
  }
  const chunks = answerChunks(reply.text);
  const text = chunks.join('');
  const common = {
    id: newId.chat(), created: nowSeconds(), model: typeof body.model === 'string' ? body.model : DEFAULT_MODEL,
    service_tier: 'default', system_fingerprint: 'fp_fake_openai',
  };
  const usage = usageOf(body, text);

  if (body.stream !== true) {
    const completion = {
      ...common, object: 'chat.completion', usage,
      choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null, annotations: [] }, logprobs: null, finish_reason: finishReason(reply) }],
    };
    return ex.json(200, completion, 'CreateChatCompletionResponse', reply.delayMs);
  }

  const includeUsage = isObject(body.stream_options) && body.stream_options.include_usage === true;
  const chunk = (delta: Record<string, unknown>, finish: string | null): SseFrame => ({
    data: {
      ...common, object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    },
    schema: 'CreateChatCompletionStreamResponse',
  });
  const frames: SseFrame[] = [
    chunk({ role: 'assistant', content: '', refusal: null }, null),
    ...chunks.map((content) => chunk({ content }, null)),
    chunk({}, finishReason(reply)),
  ];
  if (includeUsage) {
    frames.push({ data: { ...common, object: 'chat.completion.chunk', choices: [], usage }, schema: 'CreateChatCompletionStreamResponse' });
  }
  frames.push({ data: '[DONE]' });
  await writeSse(ex, frames, reply, streamError);
}

export const chatRoutes: Route[] = [{ method: 'POST', pattern: /^\/v1\/chat\/completions$/, handle: create }];
