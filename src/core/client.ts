import OpenAI from 'openai';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface ClientOptions {
  readonly apiKey: string;
  /** Empty means OpenAI. Always passed explicitly so OPENAI_BASE_URL in the environment cannot redirect requests. */
  readonly baseUrl: string;
  /** The turn runner retries visibly itself (see retry.ts), so the SDK does not by default. */
  readonly maxRetries?: number;
  readonly timeoutMs?: number;
}

export function endpointOf(baseUrl: string): string {
  return baseUrl.trim() || OPENAI_BASE_URL;
}

export function createClient(options: ClientOptions): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    baseURL: endpointOf(options.baseUrl),
    maxRetries: options.maxRetries ?? 0,
    timeout: options.timeoutMs ?? 120_000,
  });
}
