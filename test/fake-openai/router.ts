// A route: method + path pattern; the pattern's groups (URL-decoded) are the handler's parameters.
import type { Exchange } from './exchange';

export interface Route {
  method: string;
  pattern: RegExp;
  handle: (ex: Exchange, params: string[]) => Promise<void>;
}

export function findRoute(routes: Route[], method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m) return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return undefined;
}
