// A tiny HTTP server for the server tests (address, client, models, discovery): answers by
// "METHOD /path" from a table and records every request with its headers and body.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface Reply {
  readonly status?: number;
  readonly json?: unknown;
  readonly text?: string;
  readonly delayMs?: number;
}

export type Route = Reply | ((body: unknown) => Reply);

export interface TinyServer {
  readonly url: string;
  readonly port: number;
  readonly requests: Recorded[];
  close(): Promise<void>;
}

export async function startTinyServer(routes: Record<string, Route>): Promise<TinyServer> {
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw || undefined;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        // kept as text
      }
      const path = (req.url ?? '/').split('?')[0];
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      const route = routes[`${req.method} ${path}`];
      const reply: Reply = typeof route === 'function' ? route(body) : (route ?? { status: 404, text: '404 page not found' });
      const send = () => {
        if (reply.json !== undefined) {
          res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(reply.json));
        } else {
          res.writeHead(reply.status ?? 200, { 'content-type': 'text/plain' });
          res.end(reply.text ?? '');
        }
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = await startTinyServer({});
  const port = s.port;
  await s.close();
  return port;
}
