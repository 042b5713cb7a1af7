/**
 * The studio's HTTP server: the access check, then the route table (routes/*.ts, one file per route group).
 * Plain `node:http`, one static page, a JSON API and a server-sent-events stream.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AccessPolicy, checkAccess } from './access.js';
import type { StudioContext } from './context.js';
import { HttpError, sendJson } from './http.js';
import { findRoute, type Route } from './router.js';
import { compatRoutes } from './routes/compat.js';
import { outboxRoutes } from './routes/outbox.js';
import { sendRoutes } from './routes/send.js';
import { staticRoutes } from './routes/static.js';
import { templateRoutes } from './routes/templates.js';

/**
 * Every route the studio answers, group by group.
 * @example findRoute(studioRoutes(context), 'GET', '/api/state')
 */
export function studioRoutes(context: StudioContext): Route[] {
  return [
    ...staticRoutes(context),
    ...templateRoutes(context),
    ...sendRoutes(context),
    ...compatRoutes(context),
    ...outboxRoutes(context),
  ];
}

async function answer(
  routes: readonly Route[],
  context: StudioContext,
  access: AccessPolicy,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://studio.local');
  const method = req.method ?? 'GET';
  const verdict = checkAccess(req, url, access);
  if ('status' in verdict) throw new HttpError(verdict.status, verdict.message);
  const found = findRoute(routes, method, url.pathname);
  // The page opens at once; everything else waits for the first compile (and fails with it).
  if (!found?.route.beforeCompile) await context.ready;
  if (!found) throw new HttpError(404, `no route for ${method} ${url.pathname}`);
  await found.route.handle({ req, res, url, params: found.params, ...verdict });
}

/**
 * Creates (does not start) the studio's server over `context`; errors become JSON `{ error: { message } }`.
 * @example const server = createStudioServer(context, createAccessPolicy({ listenHost: '127.0.0.1' }));
 */
export function createStudioServer(context: StudioContext, access: AccessPolicy): Server {
  const routes = studioRoutes(context);
  return createServer((req, res) => {
    answer(routes, context, access, req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) context.log(`✗ ${req.method} ${req.url}: ${(error as Error).message}`);
      if (!res.headersSent) sendJson(res, status, { error: { message: (error as Error).message } });
      else res.end();
    });
  });
}
