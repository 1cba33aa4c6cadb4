// The one place an SDK client is made, for every server: OpenAI, Azure OpenAI and the
// OpenAI-compatible servers (Ollama, LM Studio, llama.cpp, vLLM, OpenRouter…).
import type OpenAI from 'openai';
import { sdk } from './sdk/sdk';
import { MissingApiKeyError } from './errors';
import { isAzure, isOpenAI, needsApiKey, normalizeBaseUrl, OPENAI_BASE_URL } from './servers/address';
import { shownUrl } from './secrets/scrub';

export { OPENAI_BASE_URL };

export interface ClientOptions {
  /** Empty means OpenAI. Always passed explicitly so OPENAI_BASE_URL in the environment cannot redirect requests. */
  readonly baseUrl: string;
  /** The key of this server. May be missing only for a server on a local address (see needsApiKey). */
  readonly apiKey?: string;
  /** The turn runner retries visibly itself (see retry.ts), so the SDK does not by default. */
  readonly maxRetries?: number;
  readonly timeoutMs?: number;
  /** For tests: the fetch the SDK uses (to see the requests an Azure host would get). */
  readonly fetch?: typeof fetch;
}

/** Where requests go: the normalised base URL (empty: OpenAI). Also named in error messages. */
export function endpointOf(baseUrl: string): string {
  return normalizeBaseUrl(baseUrl);
}

/** The endpoint as messages name it: without credentials the URL may carry (C1). */
export function shownEndpoint(baseUrl: string): string {
  return shownUrl(endpointOf(baseUrl));
}

/**
 * Stands in for the key the SDK insists on when a local server is used without one; the
 * `Authorization: null` default header then removes the header the SDK would build from it, so
 * nothing at all is sent (openai-node's buildHeaders drops a header whose value is null, and
 * validateHeaders accepts an explicitly removed Authorization).
 */
const NO_KEY = 'no-key';

/**
 * An SDK client for one server. The key is sent as `Authorization: Bearer …`, or in the `api-key`
 * header with no Authorization header to Azure; with no key (a local server), no credential header
 * at all. The SDK's environment defaults never apply: not OPENAI_BASE_URL (the base URL is always
 * passed), not OPENAI_API_KEY (the caller decides which key a server gets, see ServerKeys), and
 * OPENAI_ORG_ID / OPENAI_PROJECT_ID / OPENAI_ADMIN_KEY only ever reach OpenAI itself.
 * Throws MissingApiKeyError when a server that needs a key (any non-local address) gets none.
 */
export function createClient(options: ClientOptions): OpenAI {
  const baseURL = endpointOf(options.baseUrl);
  const apiKey = options.apiKey?.trim() || undefined;
  if (!apiKey && needsApiKey(baseURL)) throw new MissingApiKeyError();
  const openai = isOpenAI(baseURL);
  const azure = isAzure(baseURL);
  const defaultHeaders: Record<string, string | null> = {};
  if (!apiKey || azure) defaultHeaders['Authorization'] = null;
  if (apiKey && azure) defaultHeaders['api-key'] = apiKey;
  return new (sdk().OpenAI)({
    apiKey: apiKey && !azure ? apiKey : NO_KEY,
    baseURL,
    defaultHeaders,
    // undefined lets the SDK read the environment, as it does for OpenAI; null sends nothing.
    ...(openai ? {} : { organization: null, project: null }),
    adminAPIKey: null,
    maxRetries: options.maxRetries ?? 0,
    timeout: options.timeoutMs ?? 120_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
