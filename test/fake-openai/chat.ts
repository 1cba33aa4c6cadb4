// POST /v1/chat/completions: JSON, or SSE of chat.completion.chunk frames (bare `data:` lines, then [DONE]),
// in the shape of the server flavour (chat-frames.ts), after the refusals that server makes (flavours.ts).
import { type ChatTurn, completionBody, type FinishReason, sendsReasoning, specView, streamFrames, thoughtSignatureMissing, toolCallId } from './chat-frames';
import { answerChunks, countTokens } from './demo-answer';
import type { Exchange } from './exchange';
import { errorAnswer, type FakeConfig, modelNotFound, servesModel, streamOptionsRefused, toolsRefused } from './flavours';
import { isObject } from './items';
import { DEFAULT_MODEL } from './response-object';
import type { Route } from './router';
import { type SseFrame, writeSse } from './sse';
import type { Json } from './state';
import type { ScriptedReply } from './types';

/** The finish reason a flavour sends for this reply (null: none at all). */
function finishOf(cfg: FakeConfig, reply: ScriptedReply, body: Json, hasToolCalls: boolean, stream: boolean): FinishReason | null {
  if (stream && reply.noFinishReason) return null;
  if (reply.finishReason) return reply.finishReason;
  if (reply.status === 'incomplete') return reply.incompleteReason === 'content_filter' ? 'content_filter' : 'length';
  if (!hasToolCalls) return 'stop';
  // OpenAI ends a call forced by a named tool_choice with `stop`; Azure is OpenAI, and vLLM follows it (vllm#25054).
  if (isObject(body.tool_choice) && ['openai', 'azure', 'vllm'].includes(cfg.flavour)) return 'stop';
  // Gemini's stream says `stop` after tool calls, its JSON body `tool_calls` (googleapis/python-genai#2868).
  if (cfg.flavour === 'gemini' && stream) return 'stop';
  return 'tool_calls';
}

function planTurn(cfg: FakeConfig, body: Json, model: string, reply: ScriptedReply, stream: boolean): ChatTurn {
  const text = reply.toolCalls?.length && reply.text === undefined ? [] : answerChunks(reply.text);
  const reasoning = sendsReasoning(cfg.flavour) && reply.reasoning !== undefined
    ? (typeof reply.reasoning === 'string' ? [reply.reasoning] : [...reply.reasoning])
    : [];
  const toolCalls = (reply.toolCalls ?? []).map((t) => ({
    id: t.callId ?? toolCallId(cfg.flavour),
    name: t.name,
    arguments: typeof t.arguments === 'string' ? t.arguments : JSON.stringify(t.arguments),
  }));
  return {
    model, reasoning, text, toolCalls,
    finish: finishOf(cfg, reply, body, toolCalls.length > 0, stream),
    promptTokens: countTokens(JSON.stringify(body.messages ?? [])),
    body,
  };
}

/** In place of frame n when a reply asks for sseErrorAfter: the error payload the server puts in a chat stream. */
const streamError = (cfg: FakeConfig) => (): SseFrame => {
  const a = errorAnswer(cfg.flavour, 500, 'The server had an error while processing your request.');
  return { data: a.body, schema: a.schema };
};

async function create(ex: Exchange): Promise<void> {
  ex.check('request', 'CreateChatCompletionRequest', ex.body);
  const cfg = ex.state.config;
  const body = isObject(ex.body) ? ex.body : {};
  const model = typeof body.model === 'string' ? body.model : DEFAULT_MODEL;
  // What the server refuses before it looks at the messages (no scripted reply is used up).
  if (cfg.rejectStreamOptions && body.stream_options !== undefined && body.stream_options !== null) return ex.send(streamOptionsRefused(cfg.flavour));
  const notServed = servesModel(cfg, model) ? undefined : modelNotFound(cfg, model);
  if (notServed) return ex.send(notServed);
  const noTools = toolsRefused(cfg, model, body);
  if (noTools) return ex.send(noTools);
  const unsigned = cfg.flavour === 'gemini' ? thoughtSignatureMissing(body) : undefined;
  if (unsigned) return ex.send(errorAnswer('gemini', 400, unsigned));

  const reply = ex.state.nextReply('chat');
  const flavourError = (status: number, message: string, details: { type?: string; code?: string | null; param?: string | null; headers?: Record<string, string> }): Promise<void> =>
    cfg.flavour === 'openai'
      ? ex.error(status, message, details, reply.delayMs)
      : ex.send(errorAnswer(cfg.flavour, status, message, details), reply.delayMs, details.headers);
  if (reply.error) return flavourError(reply.error.status, reply.error.message, reply.error);
  // Chat completions have no "failed" state: a failure is a server error.
  if (reply.status === 'failed') {
    const f = reply.failure ?? { code: 'server_error', message: 'The server had an error while processing your request.' };
    return flavourError(500, f.message, { type: 'server_error', code: f.code });
  }

  const stream = body.stream === true;
  const turn = planTurn(cfg, body, model, reply, stream);
  if (!stream) {
    const completion = completionBody(cfg, turn);
    // Flavours leave out a few fields the spec requires (see specView); the rest is checked.
    ex.check('response', 'CreateChatCompletionResponse', cfg.flavour === 'openai' ? completion : specView(completion, false));
    return ex.json(200, completion, undefined, reply.delayMs);
  }
  await writeSse(ex, streamFrames(cfg, turn), reply, streamError(cfg));
}

export const chatRoutes: Route[] = [{ method: 'POST', pattern: /^\/v1\/chat\/completions$/, handle: create }];
