// Finds the OpenAI-compatible servers running on this machine: each usual port is asked for
// `/v1/models` at once, with a short timeout, and without any key (they are local). What answers
// with a model list counts; anything else on the port (a web app, a login page) does not.
import { createClient } from '../client';

export interface LocalServerPort {
  readonly name: string;
  readonly port: number;
}

/** The default ports of the servers people run locally. */
export const LOCAL_SERVER_PORTS: readonly LocalServerPort[] = [
  { name: 'Ollama', port: 11434 },
  { name: 'LM Studio', port: 1234 },
  { name: 'llama.cpp', port: 8080 },
  { name: 'vLLM', port: 8000 },
];

export interface DiscoveredServer {
  /** The server's name: from what its list says (`owned_by`) when that tells, else its port's. */
  readonly name: string;
  readonly baseUrl: string;
  /** How many models it lists. */
  readonly models: number;
  readonly modelIds: readonly string[];
}

export interface DiscoverOptions {
  /** The ports to try (tests pass their own); default LOCAL_SERVER_PORTS. */
  readonly ports?: readonly LocalServerPort[];
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Per probe; default 500 ms. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** `owned_by` values that name the server (Ollama says `library` for the models of its library). */
const OWNERS: Record<string, string> = { library: 'Ollama', ollama: 'Ollama', organization_owner: 'LM Studio', llamacpp: 'llama.cpp', vllm: 'vLLM' };

async function probe(port: LocalServerPort, host: string, timeoutMs: number, signal?: AbortSignal): Promise<DiscoveredServer | undefined> {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const baseUrl = `http://${hostPart}:${port.port}/v1`;
  try {
    const client = createClient({ baseUrl, timeoutMs, maxRetries: 0 });
    const body: unknown = await client.get('/models', { signal });
    const data = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined;
    if (!Array.isArray(data)) return undefined;
    const items = data.filter((m): m is { id: string; owned_by?: unknown } => typeof m === 'object' && m !== null && typeof (m as { id?: unknown }).id === 'string');
    const owners = new Set(items.map((m) => (typeof m.owned_by === 'string' ? OWNERS[m.owned_by] : undefined)).filter((n): n is string => !!n));
    const name = owners.size === 1 ? [...owners][0] : port.name;
    return { name, baseUrl, models: items.length, modelIds: items.map((m) => m.id) };
  } catch {
    return undefined; // closed port, timeout, not JSON, a key required: not a server to offer
  }
}

/** The local servers that answered, in the order of `ports`. */
export async function discoverLocalServers(options: DiscoverOptions = {}): Promise<DiscoveredServer[]> {
  const ports = options.ports ?? LOCAL_SERVER_PORTS;
  const found = await Promise.all(ports.map((p) => probe(p, options.host ?? '127.0.0.1', options.timeoutMs ?? 500, options.signal)));
  return found.filter((s): s is DiscoveredServer => s !== undefined);
}
