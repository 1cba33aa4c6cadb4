// Control routes outside /v1, for people and out-of-process drivers (the demo, e2e runs):
//   POST /__fake/script {route, replies}   queue scripted replies
//   GET  /__fake/requests                  what was received, in order
//   GET  /__fake/violations                schema violations found (when validation is on)
//   GET  /__fake/conversations/{id}        a conversation's stored items
//   POST /__fake/reset                     forget scripts, requests, violations and state
import type { Exchange } from './exchange';
import { isObject } from './items';
import type { Route } from './router';
import type { ScriptedReply } from './types';

async function script(ex: Exchange): Promise<void> {
  const body = ex.body;
  if (!isObject(body) || (body.route !== 'responses' && body.route !== 'chat') || !Array.isArray(body.replies)) {
    return ex.error(400, "Expected {route: 'responses' | 'chat', replies: ScriptedReply[]}.");
  }
  ex.state.scripts[body.route].push(...(body.replies as ScriptedReply[]));
  return ex.json(200, { queued: ex.state.scripts[body.route].length });
}

async function conversation(ex: Exchange, [id]: string[]): Promise<void> {
  const c = ex.state.conversations.get(id);
  return c ? ex.json(200, { id: c.id, items: c.items }) : ex.error(404, `Conversation with id '${id}' not found.`);
}

export const controlRoutes: Route[] = [
  { method: 'POST', pattern: /^\/__fake\/script$/, handle: script },
  { method: 'GET', pattern: /^\/__fake\/requests$/, handle: (ex) => ex.json(200, ex.state.requests) },
  { method: 'GET', pattern: /^\/__fake\/violations$/, handle: (ex) => ex.json(200, ex.state.violations) },
  { method: 'GET', pattern: /^\/__fake\/conversations\/([^/]+)$/, handle: conversation },
  { method: 'POST', pattern: /^\/__fake\/reset$/, handle: async (ex) => { ex.state.reset(); return ex.json(200, { reset: true }); } },
];
