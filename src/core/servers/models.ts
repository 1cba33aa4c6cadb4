// The models a server serves (`GET /v1/models`, through the SDK), with what the server says about
// each beyond its id where it says more:
//   - vLLM: `max_model_len` on the /v1/models items (the context it was started with);
//   - OpenRouter: `context_length` and `supported_parameters` (contains `tools`) on the items;
//   - llama.cpp: `meta.n_ctx_train` on the items (the model's trained context);
//   - LM Studio: `GET {root}/api/v0/models` → `max_context_length`, `loaded_context_length` (loaded
//     models), `capabilities` (contains `tool_use`), `type` (`embeddings`);
//   - Ollama: `POST {root}/api/show {model}` → `model_info['<arch>.context_length']`, `capabilities`
//     (contains `tools`; `embedding` without `completion` for embedding models); `GET {root}/api/ps`
//     → `context_length` of the loaded models.
// `{root}` is the base URL without its trailing `/v1`. The extra endpoints are asked through the SDK
// (the same client pointed at the root: same key, same headers) and their failures are ignored: the
// plain list still counts.
//
// Ollama's `contextLength` is the model's maximum. What Ollama gives a model it loads is smaller
// unless raised: 4096 tokens by default (more on machines with 24 GiB of VRAM or more), or
// OLLAMA_CONTEXT_LENGTH, or a Modelfile's num_ctx; a longer prompt is cut silently. Only a loaded
// model's `loadedContextLength` (from /api/ps) is what it really has; see effectiveContextLength.
import type OpenAI from 'openai';
import { isSdkError } from '../sdk/sdk';
import { isAzure, isOpenAI, normalizeBaseUrl } from './address';

export interface ServedModel {
  readonly id: string;
  /** The longest context the model takes, as the server reports it. */
  readonly contextLength?: number;
  /** Whether the server says the model can call tools (undefined: it does not say). */
  readonly tools?: boolean;
  /** The context of the model as loaded now (LM Studio, Ollama), when it is loaded. */
  readonly loadedContextLength?: number;
  /** The server says it is an embedding model (no chat). */
  readonly embedding?: boolean;
}

/** Time allowed to each extra endpoint: they are a nicety, the list must not wait long for them. */
const EXTRA_TIMEOUT_MS = 5_000;
/** Ollama needs one /api/show per model: at most this many models are asked about, this many at a time. */
const OLLAMA_SHOW_MAX = 64;
const OLLAMA_SHOW_PARALLEL = 4;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** What a /v1/models item itself says (vLLM, OpenRouter, llama.cpp). */
function fromListItem(item: Json): ServedModel {
  const meta = isObject(item['meta']) ? item['meta'] : {};
  const topProvider = isObject(item['top_provider']) ? item['top_provider'] : {};
  const contextLength = positive(item['max_model_len']) ?? positive(item['context_length']) ?? positive(topProvider['context_length']) ?? positive(meta['n_ctx_train']);
  const supported = strings(item['supported_parameters']);
  return {
    id: item['id'] as string,
    ...(contextLength ? { contextLength } : {}),
    ...(supported ? { tools: supported.includes('tools') } : {}),
  };
}

/** The base URL without its trailing `/v1`: where LM Studio's and Ollama's own APIs are. */
export function serverRoot(baseUrl: string): string {
  return normalizeBaseUrl(baseUrl).replace(/\/v1$/, '');
}

/**
 * The served models, in the server's order. Throws what the SDK throws for `GET /models` (the
 * caller explains unreachable servers and refused keys); the extra endpoints never throw.
 */
export async function listModels(client: OpenAI, baseUrl: string, signal?: AbortSignal): Promise<ServedModel[]> {
  const page = await client.models.list({ signal });
  const items = ((page.data ?? []) as unknown[]).filter((m): m is Json => isObject(m) && typeof m['id'] === 'string' && m['id'] !== '');
  const models = items.map(fromListItem);
  // OpenAI and Azure say nothing more; servers whose list gave every context length need nothing more.
  if (isOpenAI(baseUrl) || isAzure(baseUrl) || models.length === 0 || models.every((m) => m.contextLength !== undefined)) return models;
  const root = client.withOptions({ baseURL: serverRoot(baseUrl), maxRetries: 0, timeout: EXTRA_TIMEOUT_MS });
  const extra = (await fromLmStudio(root, signal)) ?? (await fromOllama(root, models, signal));
  if (!extra) return models;
  // What the server's own API says wins over the list item (it knows the loaded model).
  return models.map((m) => ({ ...m, ...extra.get(m.id), id: m.id }));
}

type Extra = Map<string, Omit<ServedModel, 'id'>>;

/** LM Studio's own model list; undefined when this is not LM Studio (or it failed). */
async function fromLmStudio(root: OpenAI, signal?: AbortSignal): Promise<Extra | undefined> {
  let body: unknown;
  try {
    body = await root.get('/api/v0/models', { signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    return undefined;
  }
  if (!isObject(body) || !Array.isArray(body['data'])) return undefined;
  const extra: Extra = new Map();
  for (const item of body['data']) {
    if (!isObject(item) || typeof item['id'] !== 'string') continue;
    const contextLength = positive(item['max_context_length']);
    const loadedContextLength = item['state'] === 'loaded' || item['state'] === undefined ? positive(item['loaded_context_length']) : undefined;
    const capabilities = strings(item['capabilities']);
    extra.set(item['id'], {
      ...(contextLength ? { contextLength } : {}),
      ...(loadedContextLength ? { loadedContextLength } : {}),
      ...(capabilities ? { tools: capabilities.includes('tool_use') } : {}),
      ...(item['type'] === 'embeddings' ? { embedding: true } : {}),
    });
  }
  return extra;
}

/** One /api/show answer: undefined when this is not Ollama (or it failed). */
async function ollamaShow(root: OpenAI, model: string, signal?: AbortSignal): Promise<Omit<ServedModel, 'id'> | undefined> {
  let body: unknown;
  try {
    body = await root.post('/api/show', { body: { model }, signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    return undefined;
  }
  if (!isObject(body)) return undefined;
  const info = isObject(body['model_info']) ? body['model_info'] : undefined;
  const capabilities = strings(body['capabilities']);
  if (!info && !capabilities) return undefined;
  const arch = info && typeof info['general.architecture'] === 'string' ? info['general.architecture'] : undefined;
  const contextLength = info ? (positive(arch ? info[`${arch}.context_length`] : undefined) ?? contextLengthOf(info)) : undefined;
  return {
    ...(contextLength ? { contextLength } : {}),
    ...(capabilities ? { tools: capabilities.includes('tools') } : {}),
    ...(capabilities?.includes('embedding') && !capabilities.includes('completion') ? { embedding: true } : {}),
  };
}

/** `<arch>.context_length` when the architecture key is missing: the one key that ends so. */
function contextLengthOf(info: Json): number | undefined {
  const keys = Object.keys(info).filter((k) => k.endsWith('.context_length'));
  return keys.length === 1 ? positive(info[keys[0]]) : undefined;
}

/** The context of each loaded model (`GET /api/ps`), by name. */
async function ollamaLoaded(root: OpenAI, signal?: AbortSignal): Promise<Map<string, number>> {
  const loaded = new Map<string, number>();
  try {
    const body: unknown = await root.get('/api/ps', { signal });
    const running = isObject(body) && Array.isArray(body['models']) ? body['models'] : [];
    for (const m of running) {
      const length = isObject(m) ? positive(m['context_length']) : undefined;
      if (!length) continue;
      for (const name of [m['name'], m['model']]) if (typeof name === 'string') loaded.set(name, length);
    }
  } catch (err) {
    if (signal?.aborted) throw err;
  }
  return loaded;
}

/** Ollama: the first model tells whether this is Ollama at all, so other servers get one extra request only. */
async function fromOllama(root: OpenAI, models: readonly ServedModel[], signal?: AbortSignal): Promise<Extra | undefined> {
  const asked = models.slice(0, OLLAMA_SHOW_MAX).map((m) => m.id);
  const first = await ollamaShow(root, asked[0], signal);
  if (!first) return undefined;
  const extra: Extra = new Map([[asked[0], first]]);
  let next = 1;
  const worker = async () => {
    while (next < asked.length) {
      const id = asked[next++];
      const shown = await ollamaShow(root, id, signal);
      if (shown) extra.set(id, shown);
    }
  };
  const [loaded] = await Promise.all([ollamaLoaded(root, signal), ...Array.from({ length: OLLAMA_SHOW_PARALLEL }, worker)]);
  for (const [id, shown] of extra) {
    const loadedContextLength = loaded.get(id);
    if (loadedContextLength) extra.set(id, { ...shown, loadedContextLength });
  }
  return extra;
}

/**
 * The context a request to this model can use: the loaded context when the server reports it
 * (LM Studio, Ollama's loaded models), else the model's maximum. For an Ollama model not loaded yet
 * this is an upper bound (Ollama loads with 4096 tokens unless raised, see the top of this file).
 */
export function effectiveContextLength(model: ServedModel | undefined): number | undefined {
  return model?.loadedContextLength ?? model?.contextLength;
}

function errorCode(err: InstanceType<typeof OpenAI.APIError>): string | undefined {
  if (typeof err.code === 'string') return err.code;
  const body = err.error;
  return isObject(body) && typeof body['code'] === 'string' ? body['code'] : undefined;
}

/** Codes servers give an unknown model: OpenAI and LM Studio `model_not_found`, Azure `DeploymentNotFound`. */
const MODEL_NOT_FOUND_CODES = new Set(['model_not_found', 'DeploymentNotFound']);

/**
 * Messages of servers that send no such code: Ollama `model "X" not found, try pulling it first`,
 * vLLM ``The model `X` does not exist.``, LM Studio `Model "X" not found` / `Invalid model
 * identifier "X"`, OpenRouter `X is not a valid model ID`.
 */
const NOT_FOUND_MESSAGES = [/\bmodel\b[^\n]{0,200}\b(?:not found|does not exist|not exist)/i, /\binvalid model identifier\b/i, /\bnot a valid model\b/i];

/**
 * The server refused the request because it does not serve the model asked for. By class and code
 * first (a 404 or 400 with `model_not_found`, Azure's `DeploymentNotFound`); the message only for a
 * NotFoundError (or a 400 from servers that answer so) with no code, never for other errors.
 */
export function modelNotServed(err: unknown): boolean {
  if (!(isSdkError(err, 'APIError')) || err.status === undefined) return false;
  const code = errorCode(err);
  if (code && MODEL_NOT_FOUND_CODES.has(code)) return isSdkError(err, 'NotFoundError') || isSdkError(err, 'BadRequestError');
  if (!(isSdkError(err, 'NotFoundError')) && !(isSdkError(err, 'BadRequestError'))) return false;
  if (code) return false; // a coded 404/400 about something else (a conversation, a file…)
  const text = [err.message, typeof err.error === 'string' ? err.error : isObject(err.error) ? String(err.error['message'] ?? '') : ''].join('\n');
  return NOT_FOUND_MESSAGES.some((re) => re.test(text));
}
