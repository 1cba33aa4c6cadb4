// What reaches the panel, the stored transcript, notifications and the log is scrubbed of keys
// (C1): a server's error text may repeat the key it was sent ("Incorrect API key provided: sk-…"),
// a base URL may carry credentials (https://user:pass@host/v1). Every key the extension reads is
// remembered here, for this process only, so that it is recognised wherever it turns up; key-shaped
// strings of any provider are caught by the same rules that redact attachments.
import { redactSecrets } from '../attachments/redact';

export const HIDDEN_KEY = '[API key hidden]';

/** Shorter values are not keys (and would match ordinary words). */
const MIN_KEY_LENGTH = 8;
const known = new Set<string>();

/** Remembers a key the extension read (a stored key, OPENAI_API_KEY, one typed in), so that it is scrubbed wherever it appears. */
export function rememberSecret(value: string | undefined): void {
  const key = value?.trim();
  if (key && key.length >= MIN_KEY_LENGTH) known.add(key);
}

/** `scheme://user:password@host` → `scheme://host`: credentials in a URL are never shown. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]{0,20}:\/\/)[^\s/@"'<>]{1,200}@(?=[^\s/@"'<>]{1,253}(?:[/:?#\s"'<>]|$))/gi;

/** Credentials in the headers or words servers echo: `Bearer …`, `api-key: …`, `x-api-key=…`. */
const ECHOED_CREDENTIAL = /\b(bearer\s+|(?:x-)?api[-_]?key["']?\s{0,3}[:=]\s{0,3}["']?)([A-Za-z0-9._~+/=-]{8,500})/gi;

/** `text` with every known key, every credential in a URL and every key-shaped string replaced. */
export function scrub(text: string): string {
  if (!text) return text;
  let out = text;
  for (const key of known) if (out.includes(key)) out = out.split(key).join(HIDDEN_KEY);
  out = out.replace(URL_CREDENTIALS, '$1');
  out = out.replace(ECHOED_CREDENTIAL, (_, before: string) => `${before}${HIDDEN_KEY}`);
  return redactSecrets(out).text;
}

/** A URL to show: without user name and password. Not a URL: scrubbed as text. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return scrub(url);
    parsed.username = '';
    parsed.password = '';
    return scrub(parsed.toString().replace(/\/$/, url.endsWith('/') ? '/' : ''));
  } catch {
    return scrub(url);
  }
}
