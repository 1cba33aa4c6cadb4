// Token counts for the history budget. OpenAI models get their real tokenizer (gpt-tokenizer's
// o200k_base or cl100k_base encoding); any other model is estimated at CHARS_PER_TOKEN characters
// a token, since its tokenizer (Llama, Qwen, Mistral…) is not known here.
//
// The encodings are megabytes of tables: the host loads them on first use from bundles of their
// own (see esbuild.js), so they cost nothing at activation. Without a loader, counts are estimated.
import { estimateTokens } from '../context-budget';

export type EncodingName = 'o200k_base' | 'cl100k_base';

/** Loads an encoding's `countTokens`, or undefined when it cannot be loaded. */
export type EncodingLoader = (name: EncodingName) => ((text: string) => number) | undefined;

export interface TokenCounter {
  count(text: string): number;
  /** True for a real tokenizer, false for the estimate. */
  readonly exact: boolean;
  readonly name: EncodingName | 'estimate';
}

/** The encoding of an OpenAI model, by its name (a gateway prefix such as `openai/` is ignored). */
export function encodingOf(model: string): EncodingName | undefined {
  const name = model.toLowerCase().replace(/^.*\//, '');
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o\d|chatgpt-4o|gpt-oss|codex)/.test(name)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5|text-embedding-3|text-embedding-ada)/.test(name)) return 'cl100k_base';
  return undefined;
}

const ESTIMATE: TokenCounter = { count: estimateTokens, exact: false, name: 'estimate' };

export class TokenCounters {
  private readonly loaded = new Map<EncodingName, TokenCounter | undefined>();

  constructor(private readonly load?: EncodingLoader) {}

  for(model: string): TokenCounter {
    const encoding = encodingOf(model);
    if (!encoding || !this.load) return ESTIMATE;
    if (!this.loaded.has(encoding)) {
      let counter: TokenCounter | undefined;
      try {
        const count = this.load(encoding);
        counter = count ? { count, exact: true, name: encoding } : undefined;
      } catch {
        counter = undefined; // a missing bundle falls back to the estimate rather than failing the turn
      }
      this.loaded.set(encoding, counter);
    }
    return this.loaded.get(encoding) ?? ESTIMATE;
  }
}
