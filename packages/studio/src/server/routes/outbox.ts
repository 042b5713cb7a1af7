/**
 * The Outbox tab: `GET /api/outbox` (newest first), `GET /api/outbox/:id`, `GET /api/outbox/:id/raw` (the
 * `.eml` download), `DELETE /api/outbox[/:id]`.
 */
import { deleteOutbox, listOutbox, readOutboxMessage, readOutboxRaw } from '../../outbox/outbox.js';
import type { StudioContext } from '../context.js';
import { HttpError, sendJson } from '../http.js';
import type { Route } from '../router.js';

const notFound = (id: string | undefined) => new HttpError(404, `no message "${id}" in the outbox`);

/**
 * The outbox routes.
 * @example const routes = outboxRoutes(context);
 */
export function outboxRoutes(context: StudioContext): Route[] {
  const dir = context.outboxDir;
  return [
    {
      method: 'GET',
      path: '/api/outbox',
      handle: async ({ res }) => sendJson(res, 200, { dir, messages: await listOutbox(dir) }),
    },
    {
      method: 'DELETE',
      path: '/api/outbox',
      handle: async ({ res }) => sendJson(res, 200, { removed: await deleteOutbox(dir) }),
    },
    {
      method: 'DELETE',
      path: '/api/outbox/:id',
      async handle({ res, params }) {
        const removed = await deleteOutbox(dir, params.id ?? '');
        if (removed === 0) throw notFound(params.id);
        sendJson(res, 200, { removed });
      },
    },
    {
      method: 'GET',
      path: '/api/outbox/:id',
      async handle({ res, params }) {
        const message = await readOutboxMessage(dir, params.id ?? '');
        if (!message) throw notFound(params.id);
        sendJson(res, 200, message);
      },
    },
    {
      method: 'GET',
      path: '/api/outbox/:id/raw',
      async handle({ res, params }) {
        const raw = await readOutboxRaw(dir, params.id ?? '');
        if (!raw) throw notFound(params.id);
        res.writeHead(200, {
          'content-type': 'message/rfc822',
          'content-disposition': `attachment; filename="${params.id}.eml"`,
        });
        res.end(raw);
      },
    },
  ];
}
