// A local stand-in for the OpenAI REST API (plain node:http), answering as the vendored spec says.
// Tests script its replies (including faults) and read back what it received; see types.ts for the API.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { chatRoutes } from './chat';
import { controlRoutes } from './control';
import { containerRoutes } from './containers';
import { conversationRoutes } from './conversations';
import { Exchange } from './exchange';
import { fileRoutes } from './files';
import { conversationsAnswer, type FakeConfig, resolveConfig, unknownRoute } from './flavours';
import { newId } from './ids';
import { modelRoutes } from './models';
import { nativeRoutes } from './native';
import { responseRoutes } from './responses';
import { findRoute, type Route } from './router';
import { vectorStoreRoutes } from './vector-stores';
import { loadSchemas } from './schemas';
import { FakeState } from './state';
import type { FakeOpenAI, FakeOpenAIOptions, RecordedRequest, ScriptedReply, ScriptRoute } from './types';

export type { FakeOpenAI, FakeOpenAIOptions, Flavour, RecordedRequest, ScriptedCodeRun, ScriptedError, ScriptedFileSearch, ScriptedGeneratedFile, ScriptedReply, ScriptRoute } from './types';
export { FLAVOURS } from './flavours';

/** The routes a flavour has: OpenAI has them all; the others chat, models, their own routes, and what they support. */
function apiRoutes(cfg: FakeConfig): Route[] {
  const has = cfg.features;
  return [
    ...(has.responses ? responseRoutes : []),
    ...(has.conversations ? conversationRoutes : []),
    ...(has.files ? [...fileRoutes, ...containerRoutes, ...vectorStoreRoutes] : []),
    ...modelRoutes,
    ...chatRoutes,
    ...nativeRoutes(cfg.flavour),
  ];
}

const MISSING_KEY = "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.";
const BAD_JSON = "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";

/** Shows a key the way OpenAI's 401 does: the start, stars, the last four characters. */
const maskKey = (key: string): string => `${key.slice(0, 3)}${'*'.repeat(Math.max(key.length - 7, 3))}${key.slice(-4)}`;

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

interface ParsedBody { body: unknown; recorded: unknown; form?: FormData; badJson: boolean }

async function parseBody(req: http.IncomingMessage, raw: Buffer): Promise<ParsedBody> {
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    // The platform's own multipart parser (undici, in Node ≥ 18), instead of a hand-written one.
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    const fields: Record<string, string> = {};
    const files: { name: string; filename: string; size: number }[] = [];
    for (const [name, value] of form) {
      if (typeof value === 'string') fields[name] = value;
      else files.push({ name, filename: value.name, size: value.size });
    }
    return { body: undefined, recorded: { fields, files }, form, badJson: false };
  }
  if (raw.length === 0) return { body: undefined, recorded: undefined, badJson: false };
  const text = raw.toString('utf8');
  try {
    const body: unknown = JSON.parse(text);
    return { body, recorded: body, badJson: false };
  } catch {
    return { body: undefined, recorded: text, badJson: true };
  }
}

/** The 401 for a request without a usable key, or undefined when the key is accepted. */
function authProblem(req: http.IncomingMessage, apiKeys: string[] | undefined, keyOptional: boolean): { message: string; code: string | null } | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) return keyOptional ? undefined : { message: MISSING_KEY, code: null };
  if (apiKeys && !apiKeys.includes(m[1])) {
    return {
      message: `Incorrect API key provided: ${maskKey(m[1])}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      code: 'invalid_api_key',
    };
  }
  return undefined;
}

export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const config = resolveConfig(opts);
  const state = new FakeState(config);
  const routes = apiRoutes(config);
  const validate = opts.validate ?? false;
  // Loading the spec takes about a second: pay it now, not inside the first request's timeout.
  if (validate) loadSchemas();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const requestId = newId.request();
    res.setHeader('x-request-id', requestId);
    const raw = await readBody(req);
    const parsed = await parseBody(req, raw);
    const ex = new Exchange(req, res, state, validate, requestId, parsed.body, parsed.form);

    if (ex.path.startsWith('/__fake/')) {
      const found = findRoute(controlRoutes, ex.method, ex.path);
      return found ? found.route.handle(ex, found.params) : ex.notFound();
    }
    const recorded: RecordedRequest = { receivedAt, method: ex.method, path: ex.path, headers: { ...req.headers }, body: parsed.recorded };
    state.requests.push(recorded);

    const auth = authProblem(req, opts.apiKeys, config.keyOptional);
    if (auth) return ex.error(401, auth.message, { code: auth.code });
    if (parsed.badJson) return ex.error(400, BAD_JSON);
    const found = findRoute(routes, ex.method, ex.path);
    if (found) return found.route.handle(ex, found.params);
    if (config.flavour === 'openai') return ex.notFound();
    // Every other server answers a route it lacks in its own way (and none has OpenAI's Conversations API).
    if (/^\/v1\/conversations(\/|$)/.test(ex.path)) return ex.send(conversationsAnswer(config.flavour, ex.method, ex.path, parsed.body));
    return ex.send(unknownRoute(config.flavour, ex.method, ex.path));
  }

  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in the fake must show up in the test that hit it, as a 500 with the reason.
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({
        error: { message: `fake-openai: ${err instanceof Error ? err.stack : String(err)}`, type: 'server_error', param: null, code: null },
      }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/v1`,
    port,
    flavour: config.flavour,
    models: [...config.models],
    get requests() { return state.requests; },
    get violations() { return state.violations; },
    script(route: ScriptRoute, ...replies: ScriptedReply[]) {
      if (!(route in state.scripts)) throw new Error(`fake-openai: no scripts for route '${route}'`);
      state.scripts[route].push(...replies);
    },
    conversation(id: string) {
      const c = state.conversations.get(id);
      return c ? { id: c.id, items: c.items } : undefined;
    },
    reset: () => state.reset(),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    }),
  };
}
