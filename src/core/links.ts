// What happens when a link in an answer is clicked (A8). Only http(s) links can open, and only
// through the host: a host the user trusted (exact match of host and port) opens at once, any other
// asks first with the full URL shown. Everything else (`command:`, `file:`, `vscode:`,
// `javascript:`, `data:`, relative or broken hrefs) does nothing.

export type LinkAction = 'ignore' | 'ask' | 'open';

export interface LinkDecision {
  readonly action: LinkAction;
  /** The URL to show and open, normalised: punycode host (look-alike IDNs stay visible), percent-encoded path. */
  readonly url?: string;
  /** The host as compared and as it would be trusted: lower case, with its port when not the default. */
  readonly host?: string;
  /** Why, in a few words (for the log and the dialog). */
  readonly reason: string;
}

/** The form a trusted host is kept and compared in ('' when `host` is no valid host). */
export function normalizeHost(host: string): string {
  try {
    const url = new URL(`https://${host.trim()}`);
    return url.username || url.password || url.pathname !== '/' || url.search || url.hash ? '' : url.host;
  } catch {
    return '';
  }
}

export function linkDecision(href: string, trustedHosts: readonly string[]): LinkDecision {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return { action: 'ignore', reason: 'not an absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { action: 'ignore', reason: `${url.protocol} links do not open from answers` };
  if (!url.hostname) return { action: 'ignore', reason: 'no host' };
  const shown = url.href;
  const host = url.host;
  // user:pass@host can disguise the real host (https://trusted.com@evil.example): always ask, never trust.
  if (url.username || url.password) return { action: 'ask', url: shown, reason: 'the URL carries credentials' };
  const idn = host.split('.').some((label) => label.startsWith('xn--'));
  const trusted = trustedHosts.some((t) => normalizeHost(t) === host);
  if (trusted) return { action: 'open', url: shown, host, reason: 'trusted host' };
  return { action: 'ask', url: shown, host, reason: idn ? 'unknown host (internationalised name, shown as punycode)' : 'unknown host' };
}
