/**
 * The route table: each route group (routes/*.ts) lists its routes; the server asks `findRoute` which one
 * answers a request. A path is a literal or a pattern with `:name` segments (decoded into `params`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route gets for one request. */
export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The `:name` segments of the route's path, decoded. */
  params: Record<string, string>;
  /** A cookie the access check wants set on this answer (the tokenized page URL). */
  setCookie?: string;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** `/api/outbox/:id/raw` style: literal segments and `:name` placeholders. */
  path: string;
  /** Answered before the templates are compiled (the page and its files); API routes wait for them. */
  beforeCompile?: boolean;
  handle(request: RouteRequest): Promise<void> | void;
}

/**
 * The route for `method` and `path`, with its params; `null` when none matches.
 * @example findRoute(routes, 'GET', '/api/outbox/abc') // { route, params: { id: 'abc' } }
 */
export function findRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | null {
  const segments = path.split('/');
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPath(route.path.split('/'), segments);
    if (params) return { route, params };
  }
  return null;
}

function matchPath(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith(':')) {
      if (segment === '') return null;
      params[part.slice(1)] = decodeURIComponent(segment);
    } else if (part !== segment) {
      return null;
    }
  }
  return params;
}
