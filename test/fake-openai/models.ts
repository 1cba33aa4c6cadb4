// /v1/models: a fixed list that includes the extension's default model; with a flavour, the models the
// server serves (options.models) in that server's own shape.
import type { Exchange } from './exchange';
import { type FakeConfig, errorAnswer, modelNotFound, OPENAI_MODELS } from './flavours';
import type { Route } from './router';
import type { Json } from './state';

const CREATED = 1744316542; // a fixed date keeps answers identical from run to run

export const MODELS = OPENAI_MODELS.map((id) => ({
  id, object: 'model', created: CREATED, owned_by: 'system',
}));

/** Ollama's `owned_by`: the namespace of the name (`library` for the official models). */
function ollamaNamespace(name: string): string {
  const parts = name.split(':')[0].split('/');
  return parts.length >= 2 ? parts[parts.length - 2] : 'library';
}

/** One entry of GET /v1/models as the flavour writes it. */
function modelEntry(cfg: FakeConfig, id: string, index: number): Json {
  const n = cfg.contextLength;
  switch (cfg.flavour) {
    case 'ollama':
      // openai/openai.go ToListCompletion: created is the model's modification time.
      return { id, object: 'model', created: CREATED, owned_by: ollamaNamespace(id) };
    case 'lmstudio':
      // LM Studio's /v1/models has no `created`.
      return { id, object: 'model', owned_by: 'organization_owner' };
    case 'llamacpp':
      return { id, object: 'model', created: CREATED, owned_by: 'llamacpp', meta: { vocab_type: 2, n_vocab: 262144, n_ctx_train: 131072, n_embd: 2560, n_params: 3880263168, size: 2489757856 } };
    case 'vllm':
      return {
        id, object: 'model', created: CREATED, owned_by: 'vllm', root: id, parent: null, max_model_len: n,
        permission: [{ id: `modelperm-${index}`, object: 'model_permission', created: CREATED, allow_create_engine: false, allow_sampling: true, allow_logprobs: true, allow_search_indices: false, allow_view: true, allow_fine_tuning: false, organization: '*', group: null, is_blocking: false }],
      };
    case 'openrouter':
      return {
        id, canonical_slug: id, name: id, created: CREATED, description: `${id}, as served through OpenRouter.`, context_length: n,
        architecture: { modality: 'text->text', input_modalities: ['text'], output_modalities: ['text'], tokenizer: 'Other', instruct_type: null },
        pricing: { prompt: '0.00000015', completion: '0.0000006', request: '0', image: '0', web_search: '0', internal_reasoning: '0' },
        top_provider: { context_length: n, max_completion_tokens: 16384, is_moderated: false },
        per_request_limits: null,
        supported_parameters: cfg.toolModels && !cfg.toolModels.includes(id) ? ['max_tokens', 'temperature', 'stop'] : ['max_tokens', 'temperature', 'stop', 'tools', 'tool_choice'],
      };
    case 'groq':
      return { id, object: 'model', created: CREATED, owned_by: 'Groq', active: true, context_window: n, public_apps: null, max_completion_tokens: 32768 };
    case 'deepseek':
      return { id, object: 'model', owned_by: 'deepseek' };
    case 'mistral':
      return {
        id, object: 'model', created: CREATED, owned_by: 'mistralai', name: id, description: id, max_context_length: n, aliases: [], deprecation: null, default_model_temperature: 0.7, type: 'base',
        capabilities: { completion_chat: true, completion_fim: false, function_calling: !cfg.toolModels || cfg.toolModels.includes(id), fine_tuning: false, vision: false, classification: false },
      };
    case 'gemini':
      // Google's OpenAI-compatible list: `models/<id>`, no `created`.
      return { id: `models/${id}`, object: 'model', owned_by: 'google' };
    case 'azure':
      // Azure's v1 model objects carry created_at, status and capabilities instead of created/owned_by.
      return { id, object: 'model', created_at: CREATED, status: 'succeeded', lifecycle_status: 'generally-available', capabilities: { chat_completion: true, completion: false, embeddings: false, fine_tune: false, inference: true } };
    default:
      return { id, object: 'model', created: CREATED, owned_by: 'system' };
  }
}

/** The schema a flavour's model list is checked against, and the view of it that is checked. */
function specViewOfList(cfg: FakeConfig, body: Json): { schema?: string; view?: unknown } {
  switch (cfg.flavour) {
    // Not OpenAI's Model objects at all (no object/owned_by, or created_at for created): not checked.
    case 'openrouter':
    case 'azure':
      return {};
    // These leave out `created`, which the spec requires; the rest is checked.
    case 'lmstudio':
    case 'deepseek':
    case 'gemini':
      return { schema: 'ListModelsResponse', view: { ...body, data: (body.data as Json[]).map((m) => ({ created: 0, ...m })) } };
    default:
      return { schema: 'ListModelsResponse', view: body };
  }
}

async function list(ex: Exchange): Promise<void> {
  const cfg = ex.state.config;
  if (cfg.flavour === 'openai') return ex.json(200, { object: 'list', data: MODELS }, 'ListModelsResponse');
  const data = cfg.models.map((id, i) => modelEntry(cfg, id, i));
  const body: Json = cfg.flavour === 'openrouter' ? { data } : { object: 'list', data };
  const { schema, view } = specViewOfList(cfg, body);
  if (schema) ex.check('response', schema, view);
  return ex.json(200, body);
}

async function retrieve(ex: Exchange, [id]: string[]): Promise<void> {
  const cfg = ex.state.config;
  if (cfg.flavour !== 'openai') {
    const name = cfg.flavour === 'gemini' ? id.replace(/^models\//, '') : id;
    const index = cfg.models.indexOf(name);
    if (index >= 0) return ex.json(200, modelEntry(cfg, name, index));
    return ex.send(modelNotFound(cfg, id) ?? errorAnswer(cfg.flavour, 404, `model '${id}' not found`));
  }
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
