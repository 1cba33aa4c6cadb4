// /v1/responses: create (JSON or SSE), retrieve, cancel, delete.
import { runCodeSteps } from './containers';
import { answerChunks } from './demo-answer';
import type { Exchange } from './exchange';
import { isObject, toConversationItems } from './items';
import { planResponse, streamErrorEvent } from './response-object';
import type { Route } from './router';
import { framesBeforeFault, writeSse } from './sse';
import { checkToolOutputs } from './tool-outputs';

function conversationIdOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.id === 'string') return value.id;
  return undefined;
}

async function create(ex: Exchange): Promise<void> {
  ex.check('request', 'CreateResponse', ex.body);
  const body = isObject(ex.body) ? ex.body : {};
  const reply = ex.state.nextReply('responses');
  if (reply.error) return ex.scriptedError(reply.error, reply.delayMs);

  const conversationId = conversationIdOf(body.conversation);
  const conversation = conversationId ? ex.state.conversations.get(conversationId) : undefined;
  if (conversationId && !conversation) {
    return ex.error(404, `Conversation with id '${conversationId}' not found.`, {}, reply.delayMs);
  }

  if (conversation) {
    const check = checkToolOutputs(conversation.items, body.input);
    ex.state.violations.push(...check.violations.map((v) => `${ex.label}: ${v}`));
    if (check.error) return ex.error(400, check.error.message, { param: check.error.param }, reply.delayMs);
  }

  const chunks = reply.toolCalls?.length && reply.text === undefined ? [] : answerChunks(reply.text);
  // The code interpreter runs on the server: its containers and the files it writes exist from now on.
  const plan = planResponse(body, conversationId, reply, chunks, { codeRuns: runCodeSteps(ex.state, reply) });
  const id = plan.initial.id as string;
  const stream = body.stream === true;
  const reachesEnd = !stream || framesBeforeFault(reply, plan.events.length) === Infinity;
  ex.state.responses.set(id, reachesEnd ? plan.final : plan.initial);
  // Stored before the answer goes out, so that a client that reads the end and asks again sees the new items.
  if (conversation && reachesEnd && plan.final.status !== 'failed') {
    conversation.items.push(...toConversationItems(body.input), ...plan.outputItems);
  }
  if (!stream) return ex.json(200, plan.final, 'Response', reply.delayMs);
  await writeSse(ex, plan.events, reply, streamErrorEvent);
}

function notFound(ex: Exchange, id: string): Promise<void> {
  return ex.error(404, `Response with id '${id}' not found.`, { param: 'response_id' });
}

async function retrieve(ex: Exchange, [id]: string[]): Promise<void> {
  const found = ex.state.responses.get(id);
  if (!found) return notFound(ex, id);
  return ex.json(200, found, 'Response');
}

async function cancel(ex: Exchange, [id]: string[]): Promise<void> {
  const found = ex.state.responses.get(id);
  if (!found) return notFound(ex, id);
  // Only a response still running can be cancelled; a finished one is returned as it is.
  if (found.status === 'in_progress' || found.status === 'queued') found.status = 'cancelled';
  return ex.json(200, found, 'Response');
}

async function remove(ex: Exchange, [id]: string[]): Promise<void> {
  if (!ex.state.responses.delete(id)) return notFound(ex, id);
  return ex.json(200, { id, object: 'response.deleted', deleted: true });
}

export const responseRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/responses$/, handle: create },
  { method: 'GET', pattern: /^\/v1\/responses\/([^/]+)$/, handle: retrieve },
  { method: 'POST', pattern: /^\/v1\/responses\/([^/]+)\/cancel$/, handle: cancel },
  { method: 'DELETE', pattern: /^\/v1\/responses\/([^/]+)$/, handle: remove },
];
