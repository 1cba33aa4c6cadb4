// The servers the fake can impersonate ("flavours"): which routes each has, and how each answers what it
// refuses — an unknown route, a model it does not serve, tools for a model without them, a scripted error.
// Each answer is what that server really sends, as read in its source or in reports of it (cited below);
// where no source showed the exact words, the comment says so and the shape follows that server's errors.
import { randomBytes } from 'node:crypto';
import type { Answer } from './exchange';
import type { FakeOpenAIOptions, Flavour } from './types';

export type { Flavour } from './types';

export const FLAVOURS: readonly Flavour[] = ['openai', 'ollama', 'lmstudio', 'llamacpp', 'vllm', 'openrouter', 'groq', 'deepseek', 'mistral', 'gemini', 'azure'];

/** OpenAI's models in GET /v1/models (the extension's default model among them). */
export const OPENAI_MODELS: readonly string[] = ['gpt-4.1-mini', 'gpt-4.1', 'gpt-4.1-nano', 'gpt-4o-mini', 'gpt-5-mini'];

/** The route families beyond chat and models. /v1/conversations is OpenAI's alone. */
export interface Features { responses: boolean; conversations: boolean; files: boolean }

const FEATURES: Record<Flavour, Features> = {
  openai: { responses: true, conversations: true, files: true },
  // Azure OpenAI (v1 API) has Responses, files, vector stores and containers, but no Conversations API.
  azure: { responses: true, conversations: false, files: true },
  // Stateless /v1/responses: Ollama ≥ 0.13.3, LM Studio ≥ 0.3.29, vLLM, OpenRouter (beta), Groq (beta).
  ollama: { responses: true, conversations: false, files: false },
  lmstudio: { responses: true, conversations: false, files: false },
  vllm: { responses: true, conversations: false, files: false },
  openrouter: { responses: true, conversations: false, files: false },
  groq: { responses: true, conversations: false, files: false },
  llamacpp: { responses: false, conversations: false, files: false },
  deepseek: { responses: false, conversations: false, files: false },
  mistral: { responses: false, conversations: false, files: false },
  gemini: { responses: false, conversations: false, files: false },
};

const DEFAULT_MODELS: Record<Flavour, string[]> = {
  openai: [...OPENAI_MODELS],
  ollama: ['llama3.2:latest', 'qwen3:8b'],
  lmstudio: ['qwen/qwen3-8b', 'google/gemma-3-4b'],
  llamacpp: ['gemma-3-4b-it-Q4_K_M.gguf'],
  vllm: ['Qwen/Qwen3-8B'],
  openrouter: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5', 'deepseek/deepseek-r1'],
  groq: ['llama-3.3-70b-versatile', 'qwen/qwen3-32b'],
  deepseek: ['deepseek-chat', 'deepseek-reasoner'],
  mistral: ['mistral-large-latest', 'mistral-small-latest'],
  gemini: ['gemini-2.5-flash', 'gemini-2.5-pro'],
  azure: ['gpt-4o-mini'],
};

/** Servers that run on the user's machine: no API key needed unless one is configured. */
const LOCAL: ReadonlySet<Flavour> = new Set(['ollama', 'lmstudio', 'llamacpp', 'vllm']);

/** The options of one fake server, resolved (see FakeOpenAIOptions). */
export interface FakeConfig {
  flavour: Flavour;
  models: string[];
  /** Undefined: every model takes tools. */
  toolModels: string[] | undefined;
  contextLength: number;
  thinkTags: boolean;
  rejectStreamOptions: boolean;
  features: Features;
  /** A request without Authorization is accepted (local servers, when no apiKeys are set). */
  keyOptional: boolean;
}

export function resolveConfig(opts: FakeOpenAIOptions): FakeConfig {
  const flavour = opts.flavour ?? 'openai';
  if (!FLAVOURS.includes(flavour)) throw new Error(`fake-openai: unknown flavour '${String(flavour)}' (one of ${FLAVOURS.join(', ')})`);
  return {
    flavour,
    models: opts.models ?? DEFAULT_MODELS[flavour],
    toolModels: opts.toolModels,
    // Ollama's default context on machines with less than 24 GB of VRAM.
    contextLength: opts.contextLength ?? (flavour === 'ollama' ? 4096 : 32768),
    thinkTags: opts.thinkTags ?? false,
    rejectStreamOptions: opts.rejectStreamOptions ?? false,
    features: FEATURES[flavour],
    keyOptional: LOCAL.has(flavour) && !opts.apiKeys,
  };
}

/** The model names a request may use for a served model (Gemini also takes `models/<id>`). */
export function servesModel(cfg: FakeConfig, model: string): boolean {
  if (cfg.flavour === 'openai' || cfg.flavour === 'llamacpp') return true;
  const bare = cfg.flavour === 'gemini' ? model.replace(/^models\//, '') : model;
  // Ollama resolves a name without a tag to `:latest`.
  const candidates = cfg.flavour === 'ollama' && !bare.includes(':') ? [bare, `${bare}:latest`] : [bare];
  return candidates.some((m) => cfg.models.includes(m));
}

export function takesTools(cfg: FakeConfig, model: string): boolean {
  if (!cfg.toolModels) return true;
  const bare = cfg.flavour === 'gemini' ? model.replace(/^models\//, '') : model;
  const candidates = cfg.flavour === 'ollama' && !bare.includes(':') ? [bare, `${bare}:latest`] : [bare];
  return candidates.some((m) => cfg.toolModels!.includes(m));
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** `length` random characters of `alphabet`. */
export function randomOf(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
export const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const DIGITS = '0123456789';

/** Ollama's name of a model in its registry, as its capability errors print it: registry.ollama.ai/library/llama3.2:latest. */
export function ollamaRegistryName(model: string): string {
  const tagged = model.includes(':') ? model : `${model}:latest`;
  const parts = tagged.split('/');
  if (parts.length === 1) return `registry.ollama.ai/library/${tagged}`;
  if (parts.length === 2) return `registry.ollama.ai/${tagged}`;
  return tagged;
}

const GEMINI_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED',
};

const openaiType = (status: number): string => status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error';

/**
 * An error as the flavour words it (a scripted error, or one of the refusals below). `type`/`code` are used
 * where the flavour's shape has such fields. Only bodies in OpenAI's own error shape name a schema.
 */
export function errorAnswer(flavour: Flavour, status: number, message: string, details: { type?: string; code?: string | null; param?: string | null } = {}): Answer {
  switch (flavour) {
    case 'ollama': {
      // openai/openai.go NewError: the type follows the status; param and code are always null.
      const type = status === 400 ? 'invalid_request_error' : status === 404 ? 'not_found_error' : 'api_error';
      return { status, body: { error: { message, type, param: null, code: null } }, schema: 'ErrorResponse' };
    }
    case 'vllm': {
      // vllm/entrypoints/openai/engine/protocol.py ErrorResponse{error: ErrorInfo{message, type, param, code: int}}.
      const type = details.type ?? (status === 404 ? 'NotFoundError' : status >= 500 ? 'InternalServerError' : 'BadRequestError');
      return { status, body: { error: { message, type, param: details.param ?? null, code: status } } };
    }
    case 'llamacpp': {
      // tools/server: format_error_response(message, type) inside {"error": …}; nlohmann orders the keys.
      const type = details.type ?? ({ 400: 'invalid_request_error', 401: 'authentication_error', 404: 'not_found_error', 501: 'not_supported_error', 503: 'unavailable_error' } as Record<number, string>)[status] ?? 'server_error';
      return { status, body: { error: { code: status, message, type } } };
    }
    case 'openrouter':
      // OpenRouter errors: {"error": {"message", "code": <the status>}} (plus metadata for provider errors).
      return { status, body: { error: { message, code: status } } };
    case 'mistral':
      // Mistral: a flat {"object": "error", message, type, param, code}.
      return { status, body: { object: 'error', message, type: details.type ?? openaiType(status), param: details.param ?? null, code: details.code ?? null } };
    case 'gemini':
      // Google's OpenAI-compatible endpoint answers errors as an array of one Google RPC error.
      return { status, body: [{ error: { code: status, message, status: GEMINI_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT') } }] };
    case 'groq':
      // Groq: {"error": {"message", "type", "code"?}} — no param.
      return { status, body: { error: { message, type: details.type ?? openaiType(status), ...(details.code ? { code: details.code } : {}) } } };
    default:
      return {
        status,
        body: { error: { message, type: details.type ?? openaiType(status), param: details.param ?? null, code: details.code !== undefined ? details.code : status === 429 ? 'rate_limit_exceeded' : null } },
        schema: 'ErrorResponse',
      };
  }
}

/** What the flavour answers a route it does not have (the openai flavour answers with OpenAI's 404, elsewhere). */
export function unknownRoute(flavour: Flavour, method: string, path: string): Answer {
  switch (flavour) {
    case 'ollama':
      // Gin's default 404 (server/routes.go registers no NoRoute handler).
      return { status: 404, body: '404 page not found', contentType: 'text/plain' };
    case 'lmstudio':
      // LM Studio logs "Unexpected endpoint or method. (…). Returning 200 anyway" — and does (lmstudio-bug-tracker#618).
      return { status: 200, body: { error: `Unexpected endpoint or method. (${method} ${path})` }, contentType: 'application/json; charset=utf-8' };
    case 'llamacpp':
      // tools/server set_error_handler: a 404 becomes format_error_response("File Not Found", ERROR_TYPE_NOT_FOUND).
      return errorAnswer('llamacpp', 404, 'File Not Found');
    case 'vllm':
      // FastAPI's (Starlette's) default for a path without a route.
      return { status: 404, body: { detail: 'Not Found' } };
    case 'groq':
      // Groq: "Unknown request URL: POST /openai/v1/chat/completions. Please check the URL for typos, …" (code unknown_url).
      return { status: 404, body: { error: { message: `Unknown request URL: ${method} ${path}. Please check the URL for typos, or see the docs at https://console.groq.com/docs/`, type: 'invalid_request_error', code: 'unknown_url' } } };
    case 'mistral':
      // Mistral's API gateway (Kong): {"message": "no Route matched with those values", "request_id": …}.
      return { status: 404, body: { message: 'no Route matched with those values', request_id: hex(16) } };
    case 'gemini':
      // Google front ends answer an unknown path with their HTML error page.
      return {
        status: 404,
        contentType: 'text/html; charset=UTF-8',
        body: `<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error 404 (Not Found)!!1</title>\n  <p><b>404.</b> <ins>That’s an error.</ins>\n  <p>The requested URL <code>${path}</code> was not found on this server.  <ins>That’s all we know.</ins>\n`,
      };
    case 'azure':
      // Azure OpenAI's answer for a path it does not route.
      return { status: 404, body: { error: { code: '404', message: 'Resource not found' } } };
    case 'openrouter':
      // Not verified against a live answer: OpenRouter's error shape with a 404.
      return errorAnswer('openrouter', 404, 'Not Found');
    case 'deepseek':
      // Not verified against a live answer: DeepSeek's (OpenAI-shaped) error with a 404.
      return errorAnswer('deepseek', 404, `Invalid URL (${method} ${path})`);
    default:
      return errorAnswer('openai', 404, `Invalid URL (${method} ${path})`);
  }
}

/**
 * POST /v1/conversations where the flavour has no OpenAI Conversations API. Mistral has an API of its own at
 * that path (Agents & Conversations), which rejects an OpenAI-shaped body: `inputs` is missing.
 */
export function conversationsAnswer(flavour: Flavour, method: string, path: string, body: unknown): Answer {
  if (flavour === 'mistral' && method === 'POST' && path === '/v1/conversations') {
    return {
      status: 422,
      body: {
        object: 'error',
        message: { detail: [{ type: 'missing', loc: ['body', 'inputs'], msg: 'Field required', input: body ?? null }] },
        type: 'invalid_request_error', param: null, code: null,
      },
    };
  }
  return unknownRoute(flavour, method, path);
}

/** A chat request for a model the server does not serve (undefined: the flavour serves any name). */
export function modelNotFound(cfg: FakeConfig, model: string): Answer | undefined {
  switch (cfg.flavour) {
    case 'openai':
    case 'llamacpp':
      // llama-server serves its one model whatever the request's `model` says.
      return undefined;
    case 'ollama':
      // server/routes.go ChatHandler: 404 {"error": "model 'X' not found"}, rewritten by the OpenAI middleware.
      return errorAnswer('ollama', 404, `model '${model}' not found`);
    case 'lmstudio':
      return {
        status: 400,
        schema: 'ErrorResponse',
        body: { error: { message: `Invalid model identifier "${model}". Please specify a valid downloaded model (e.g., ${cfg.models.join(', ')}).`, type: 'invalid_request_error', param: 'model', code: 'model_not_found' } },
      };
    case 'vllm':
      // serving.py _check_model.
      return errorAnswer('vllm', 404, `The model \`${model}\` does not exist.`, { type: 'NotFoundError' });
    case 'openrouter':
      return { status: 400, body: { error: { message: `${model} is not a valid model ID`, code: 400 }, user_id: `user_${randomOf(ALNUM, 27)}` } };
    case 'groq':
      return errorAnswer('groq', 404, `The model \`${model}\` does not exist or you do not have access to it.`, { code: 'model_not_found' });
    case 'deepseek':
      return errorAnswer('deepseek', 400, 'Model Not Exist', { code: 'invalid_request_error' });
    case 'mistral':
      return errorAnswer('mistral', 400, `Invalid model: ${model}`, { type: 'invalid_model', code: '1500' });
    case 'gemini':
      return errorAnswer('gemini', 404, `models/${model.replace(/^models\//, '')} is not found for API version v1main, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`);
    case 'azure':
      // The model of an Azure request is a deployment name.
      return { status: 404, body: { error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.' } } };
  }
}

/** A chat request with `tools` for a model that takes none (undefined: the flavour accepts it). */
export function toolsRefused(cfg: FakeConfig, model: string, body: Record<string, unknown>): Answer | undefined {
  if (!Array.isArray(body.tools) || body.tools.length === 0 || takesTools(cfg, model)) return undefined;
  switch (cfg.flavour) {
    case 'openai':
      return undefined;
    case 'lmstudio':
      // LM Studio prompts a model without native tool use with its own tool format rather than refusing.
      return undefined;
    case 'ollama':
      // server/images.go CheckCapabilities → handleScheduleError: 400 "<registry name> does not support tools".
      return errorAnswer('ollama', 400, `${ollamaRegistryName(model)} does not support tools`);
    case 'vllm':
      // Without --enable-auto-tool-choice only `tool_choice: "auto"` (the default once tools are given) is refused;
      // "none", "required" and a named function still work (guided decoding).
      if (body.tool_choice !== undefined && body.tool_choice !== 'auto') return undefined;
      return errorAnswer('vllm', 400, '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set');
    case 'llamacpp':
      // tools/server utils: without --jinja, a request with tools throws, answered as a 500 server_error.
      return errorAnswer('llamacpp', 500, 'tools param requires --jinja flag');
    case 'openrouter':
      return errorAnswer('openrouter', 404, 'No endpoints found that support tool use. To learn more about provider routing, visit: https://openrouter.ai/docs/guides/routing/provider-selection');
    case 'gemini':
      return errorAnswer('gemini', 400, `Function calling is not enabled for models/${model.replace(/^models\//, '')}`);
    case 'azure':
      // API versions (and deployments) without tool support.
      return errorAnswer('azure', 400, 'Unrecognized request argument supplied: tools');
    case 'groq':
      // Not verified against a live answer: Groq's error shape.
      return errorAnswer('groq', 400, `\`tools\` is not supported with model \`${model}\``);
    case 'deepseek':
      // Not verified against a live answer (deepseek-reasoner refused tools before V3.1).
      return errorAnswer('deepseek', 400, `${model} does not support Function Calling`);
    case 'mistral':
      // Not verified against a live answer: Mistral's error shape.
      return errorAnswer('mistral', 400, `Function calling is not enabled for model ${model}`);
  }
}

/** A request carrying `stream_options`, on a server told to refuse it (rejectStreamOptions). */
export function streamOptionsRefused(flavour: Flavour): Answer {
  // The words of Azure OpenAI API versions before 2024-09, which did not know the parameter.
  return errorAnswer(flavour, 400, 'Unrecognized request argument supplied: stream_options', { param: 'stream_options' });
}
