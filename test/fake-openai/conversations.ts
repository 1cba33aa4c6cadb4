// /v1/conversations and their items, kept in memory.
import type { Exchange } from './exchange';
import { newId, nowSeconds } from './ids';
import { isObject, toConversationItems } from './items';
import { paginate } from './list';
import type { Route } from './router';
import { validateInline } from './schemas';
import type { ConversationState } from './state';

/** POST …/items declares its body inline in the spec, so there is no component to name. */
const CREATE_ITEMS_BODY = {
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', maxItems: 20, items: { $ref: 'openai#/components/schemas/InputItem' } } },
};

const resource = (c: ConversationState) => ({ id: c.id, object: 'conversation', created_at: c.created_at, metadata: c.metadata });

const metadataOf = (body: unknown): Record<string, string> | undefined =>
  isObject(body) && isObject(body.metadata) ? (body.metadata as Record<string, string>) : undefined;

function withConversation(handle: (ex: Exchange, c: ConversationState, params: string[]) => Promise<void>) {
  return async (ex: Exchange, params: string[]): Promise<void> => {
    const c = ex.state.conversations.get(params[0]);
    if (!c) return ex.error(404, `Conversation with id '${params[0]}' not found.`);
    return handle(ex, c, params);
  };
}

async function create(ex: Exchange): Promise<void> {
  ex.check('request', 'CreateConversationBody', ex.body ?? {});
  const items = isObject(ex.body) ? toConversationItems(ex.body.items) : [];
  const c: ConversationState = { id: newId.conversation(), created_at: nowSeconds(), metadata: metadataOf(ex.body) ?? {}, items };
  ex.state.conversations.set(c.id, c);
  return ex.json(200, resource(c), 'ConversationResource');
}

const retrieve = withConversation((ex, c) => ex.json(200, resource(c), 'ConversationResource'));

const update = withConversation((ex, c) => {
  ex.check('request', 'UpdateConversationBody', ex.body);
  c.metadata = metadataOf(ex.body) ?? c.metadata;
  return ex.json(200, resource(c), 'ConversationResource');
});

const remove = withConversation((ex, c) => {
  ex.state.conversations.delete(c.id);
  return ex.json(200, { id: c.id, object: 'conversation.deleted', deleted: true }, 'DeletedConversationResource');
});

const listItems = withConversation((ex, c) =>
  ex.json(200, paginate(c.items, ex.query, { order: 'desc', limit: 20, maxLimit: 100 }), 'ConversationItemList'));

const addItems = withConversation((ex, c) => {
  if (ex.validate) ex.report('request', 'ConversationCreateItemsBody', validateInline('create-items', CREATE_ITEMS_BODY, ex.body));
  const added = isObject(ex.body) ? toConversationItems(ex.body.items) : [];
  c.items.push(...added);
  return ex.json(200, paginate(added, new URLSearchParams(), { order: 'asc', limit: 20, maxLimit: 20 }), 'ConversationItemList');
});

function itemNotFound(ex: Exchange, id: string): Promise<void> {
  return ex.error(404, `Item with id '${id}' not found.`);
}

const getItem = withConversation((ex, c, [, itemId]) => {
  const item = c.items.find((i) => i.id === itemId);
  return item ? ex.json(200, item, 'ConversationItem') : itemNotFound(ex, itemId);
});

const deleteItem = withConversation((ex, c, [, itemId]) => {
  const at = c.items.findIndex((i) => i.id === itemId);
  if (at < 0) return itemNotFound(ex, itemId);
  c.items.splice(at, 1);
  return ex.json(200, resource(c), 'ConversationResource');
});

const ID = '([^/]+)';
export const conversationRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/conversations$/, handle: create },
  { method: 'GET', pattern: new RegExp(`^/v1/conversations/${ID}$`), handle: retrieve },
  { method: 'POST', pattern: new RegExp(`^/v1/conversations/${ID}$`), handle: update },
  { method: 'DELETE', pattern: new RegExp(`^/v1/conversations/${ID}$`), handle: remove },
  { method: 'GET', pattern: new RegExp(`^/v1/conversations/${ID}/items$`), handle: listItems },
  { method: 'POST', pattern: new RegExp(`^/v1/conversations/${ID}/items$`), handle: addItems },
  { method: 'GET', pattern: new RegExp(`^/v1/conversations/${ID}/items/${ID}$`), handle: getItem },
  { method: 'DELETE', pattern: new RegExp(`^/v1/conversations/${ID}/items/${ID}$`), handle: deleteItem },
];
