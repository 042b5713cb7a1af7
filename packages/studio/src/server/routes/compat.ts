/**
 * `POST /api/compat`: the HTML/CSS features the rendered email uses that major clients do not support, from
 * the templates package's `compatibilityReport` (caniemail data, run in a worker: workspace/checks.ts), for the
 * studio's Compatibility panel.
 */

import type { StudioContext } from '../context.js';
import { readJsonBody, sendJson } from '../http.js';
import type { Route } from '../router.js';
import { renderFromRequest } from './templates.js';

/**
 * The compatibility route: the same body as `/api/render`; answers `{ ok, report }` or the render's failure.
 * @example const routes = compatRoutes(context);
 */
export function compatRoutes(context: StudioContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/compat',
      async handle({ req, res }) {
        const workspace = await context.ready;
        const result = renderFromRequest(workspace, await readJsonBody(req));
        if (!result.ok) {
          sendJson(res, 200, { ok: false, error: { message: result.failed.message } });
          return;
        }
        // In a worker: caniemail takes hundreds of milliseconds, which a live reload must not wait behind.
        sendJson(res, 200, { ok: true, report: await context.compat.report(result.render.html) });
      },
    },
  ];
}
