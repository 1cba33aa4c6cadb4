// The panel header's line about the backend: which server, which model, and where the thread's
// history lives ("history kept in VS Code" on Chat Completions, "conversation on the server" with
// Responses + Conversations), as the settings and what was learnt about the server say.
import { knownApi, type ApiSetting } from '../../core/backends/select';
import type { ServerMemory } from '../../core/backends/server-memory';
import { hostLabel, isAzure, isOpenAI, serverKey } from '../../core/servers/address';

/** Hosted services by host, and local servers by their usual port: a name for the header only. */
const HOSTS: ReadonlyArray<[RegExp, string]> = [
  [/(^|\.)openrouter\.ai$/, 'OpenRouter'],
  [/(^|\.)groq\.com$/, 'Groq'],
  [/(^|\.)deepseek\.com$/, 'DeepSeek'],
  [/(^|\.)mistral\.ai$/, 'Mistral'],
  [/^generativelanguage\.googleapis\.com$/, 'Gemini'],
];
const PORTS: Readonly<Record<string, string>> = { '11434': 'Ollama', '1234': 'LM Studio' };

export function serverName(baseUrl: string): string {
  if (isOpenAI(baseUrl)) return 'OpenAI';
  const host = hostLabel(baseUrl);
  if (isAzure(baseUrl)) return `Azure OpenAI (${host})`;
  try {
    const url = new URL(serverKey(baseUrl));
    const known = HOSTS.find(([re]) => re.test(url.hostname))?.[1] ?? PORTS[url.port];
    return known ? `${known} (${url.host})` : url.host;
  } catch {
    return host;
  }
}

export function backendLabel(baseUrl: string, model: string, setting: ApiSetting, memory: ServerMemory): string {
  const api = knownApi({ server: serverKey(baseUrl), setting, isOpenAI: isOpenAI(baseUrl), isAzure: isAzure(baseUrl) }, memory);
  const where = api === 'responses' ? 'conversation on the server' : api === 'chatCompletions' ? 'history kept in VS Code' : 'API detected on the first question';
  return `${serverName(baseUrl)} · ${model} · ${where}`;
}
