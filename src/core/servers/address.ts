// Which server a base URL names: OpenAI, Azure OpenAI, or a server on this machine or network (Ollama,
// LM Studio, llama.cpp, vLLM…), and the one identity a key and what was learnt about a server are
// stored under. Pure functions on strings: no I/O, no DNS (a name is local only by its spelling).

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

const AZURE_SUFFIXES = ['.openai.azure.com', '.services.ai.azure.com', '.cognitiveservices.azure.com'];

/** The host of a URL as the WHATWG parser spells it (lowercase, IPv6 without brackets, no trailing dot); undefined when it is no URL. */
function hostOf(baseUrl: string): string | undefined {
  try {
    const host = new URL(baseUrl.trim()).hostname.toLowerCase();
    return host.replace(/^\[|\]$/g, '').replace(/\.$/, '') || undefined;
  } catch {
    return undefined;
  }
}

/** Four numbers from a dotted IPv4 address the URL parser has already normalised (`127.1` → `127.0.0.1`). */
function ipv4(host: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
}

function isLocalIpv4([a, b]: number[]): boolean {
  return (
    a === 127 || // loopback 127.0.0.0/8
    a === 10 || // private 10/8
    (a === 172 && b >= 16 && b <= 31) || // private 172.16/12
    (a === 192 && b === 168) || // private 192.168/16
    (a === 169 && b === 254) || // link-local 169.254/16
    a === 0 // 0.0.0.0 "this host": connecting to it reaches this machine
  );
}

/** The eight 16-bit groups of an IPv6 address (as the URL parser prints it: compressed, hex, maybe a dotted tail). */
function ipv6Groups(host: string): number[] | undefined {
  if (!host.includes(':')) return undefined;
  let text = host;
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted) {
    const v4 = ipv4(dotted[1]);
    if (!v4) return undefined;
    text = `${text.slice(0, dotted.index)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (s: string) => (s ? s.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)) : []);
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.some(Number.isNaN) ? undefined : groups;
}

function isLocalIpv6(g: number[]): boolean {
  if (g.slice(0, 7).every((x) => x === 0) && (g[7] === 1 || g[7] === 0)) return true; // ::1 loopback, :: unspecified
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    // IPv4-mapped ::ffff:a.b.c.d
    return isLocalIpv4([g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff]);
  }
  if ((g[0] & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  return (g[0] & 0xffc0) === 0xfe80; // link-local fe80::/10
}

/**
 * True when the base URL names this machine or a private network: loopback (`127.0.0.0/8`, `::1`,
 * `localhost`, `*.localhost`), private IPv4 (`10/8`, `172.16/12`, `192.168/16`), link-local
 * (`169.254/16`, `fe80::/10`), unique local IPv6 (`fc00::/7`), IPv4-mapped IPv6 forms of these, and
 * `0.0.0.0`. A host name other than `localhost` is never local, whatever it resolves to.
 */
export function isLocalAddress(baseUrl: string): boolean {
  const host = hostOf(baseUrl);
  if (!host) return false;
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const v4 = ipv4(host);
  if (v4) return isLocalIpv4(v4);
  const v6 = ipv6Groups(host);
  return v6 ? isLocalIpv6(v6) : false;
}

/** Azure OpenAI / Azure AI Foundry: the key goes in an `api-key` header. */
export function isAzure(baseUrl: string): boolean {
  const host = hostOf(baseUrl);
  return !!host && AZURE_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/**
 * The base URL requests go to: trimmed, without trailing slashes; empty means OpenAI. An Azure
 * resource given as its root (`https://NAME.openai.azure.com`) or as `…/openai` gets the v1 API path
 * `…/openai/v1`. Anything else is kept as written.
 */
export function normalizeBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, '');
  if (!trimmed) return OPENAI_BASE_URL;
  if (isAzure(trimmed)) {
    try {
      const url = new URL(trimmed);
      const path = url.pathname.replace(/\/+$/, '');
      if (path === '' || path === '/openai') return `${url.origin}/openai/v1${url.search}`;
    } catch {
      // not a URL: kept as written
    }
  }
  return trimmed;
}

/**
 * The identity of a server: its normalised base URL with the scheme and host in lowercase and the
 * default port dropped (`HTTP://LocalHost:80/v1/` and `http://localhost/v1` are one server). A key set
 * for one server is stored, and looked up, under this only.
 */
export function serverKey(baseUrl: string): string {
  const normalized = normalizeBaseUrl(baseUrl);
  try {
    const url = new URL(normalized);
    const path = url.pathname.replace(/\/+$/, '');
    return `${url.protocol}//${url.host}${path}${url.search}`;
  } catch {
    return normalized;
  }
}

/** The server is OpenAI itself (empty base URL or `https://api.openai.com/v1`). */
export function isOpenAI(baseUrl: string): boolean {
  return serverKey(baseUrl) === OPENAI_BASE_URL;
}

/** Servers on a local address may run without a key; every other server needs one. */
export function needsApiKey(baseUrl: string): boolean {
  return !isLocalAddress(normalizeBaseUrl(baseUrl));
}

/** The host to name in messages ("API key for api.openai.com"); the text itself when it is no URL. */
export function hostLabel(baseUrl: string): string {
  const normalized = normalizeBaseUrl(baseUrl);
  try {
    return new URL(normalized).host;
  } catch {
    return normalized;
  }
}

/**
 * What is wrong with a base URL typed by the user: `error` when it cannot be used, `warning` when it
 * can but should not be (plain http to another machine sends code and key unencrypted).
 */
export function serverUrlProblem(text: string): { readonly error?: string; readonly warning?: string } {
  const value = text.trim();
  if (!value) return { error: 'Enter the base URL of an OpenAI-compatible server, for example http://127.0.0.1:11434/v1.' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: 'This is not a URL. Write it in full, for example http://127.0.0.1:11434/v1.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: 'Use an http:// or https:// URL.' };
  // A key in the URL would end up in the settings file (C1): it goes to secret storage instead.
  if (url.username || url.password) return { error: 'Leave the key out of the URL: it is asked for next and kept in secret storage.' };
  if (url.protocol === 'http:' && !isLocalAddress(value)) return { warning: 'Plain http to another machine: your code and your key would travel unencrypted. Prefer https.' };
  return {};
}
