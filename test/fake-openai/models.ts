// /v1/models: a fixed list that includes the extension's default model.
import type { Exchange } from './exchange';
import type { Route } from './router';

const CREATED = 1744316542; // a fixed date keeps answers identical from run to run

export const MODELS = ['gpt-4.1-mini', 'gpt-4.1', 'gpt-4.1-nano', 'gpt-4o-mini', 'gpt-5-mini'].map((id) => ({
  id, object: 'model', created: CREATED, owned_by: 'system',
}));

async function list(ex: Exchange): Promise<void> {
  return ex.json(200, { object: 'list', data: MODELS }, 'ListModelsResponse');
}

async function retrieve(ex: Exchange, [id]: string[]): Promise<void> {
  const model = MODELS.find((m) => m.id === id);
  if (!model) {
    return ex.error(404, `The model \`${id}\` does not exist or you do not have access to it.`, { code: 'model_not_found' });
  }
  return ex.json(200, model, 'Model');
}

export const modelRoutes: Route[] = [
  { method: 'GET', pattern: /^\/v1\/models$/, handle: list },
  { method: 'GET', pattern: /^\/v1\/models\/(.+)$/, handle: retrieve },
];
