/**
 * What the page shows of the templates: `GET /api/state` (everything at once), `GET /api/templates`,
 * `GET /api/checks?templateId=`, `POST|GET /api/render`, and the `GET /events` stream that pushes rebuilds.
 */
import type { AsSent } from '@mailroom/templates';
import type { Finding, StudioRender, Workspace } from '../../types.js';
import { pickLocaleAndBrand } from '../../workspace/as-sent.js';
import { locateRenderError } from '../../workspace/render-error.js';
import type { StudioContext } from '../context.js';
import { HttpError, optionalString, readJsonBody, sendJson } from '../http.js';
import type { Route, RouteRequest } from '../router.js';
import { brandAssetNames } from './static.js';

type RenderFailure = Error & { code?: string; details?: Record<string, string> };

async function state(context: StudioContext, workspace: Workspace): Promise<Record<string, unknown>> {
  const { dispatcher } = context;
  return {
    brandAssets: await brandAssetNames(context.templatesDir),
    version: workspace.version,
    templatesDir: context.templatesDir,
    outboxDir: context.outboxDir,
    templates: workspace.templates(),
    locales: workspace.locales(),
    brands: workspace.brands(),
    problems: workspace.problems(),
    findings: workspace.findings(),
    dispatch: dispatcher ? { ...dispatcher.info(), rebuildsBundle: Boolean(context.rebuildBundle) } : null,
  };
}

/** The data to render: the request's `data` (object or JSON text), else the named (or first) preview state. */
function renderData(body: Record<string, unknown>, previewStates: { name: string; data: unknown }[]): object {
  let data = body.data;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch (error) {
      throw new HttpError(400, `"data" is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (data === undefined || data === null) {
    const stateName = optionalString(body, 'state');
    const preview = previewStates.find((s) => s.name === stateName) ?? previewStates[0];
    data = preview?.data ?? { username: 'jane', userAttributes: {} };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new HttpError(400, '"data" must be a JSON object');
  return data;
}

/**
 * Renders one template for the preview. A render error (missing variable, bad data) is a result to show next
 * to the preview (`ok: false`), not a failed request.
 * @example renderFromRequest(workspace, { templateId: 'sign-up', locale: 'de' })
 */
export function renderFromRequest(
  workspace: Workspace,
  body: Record<string, unknown>,
):
  | { ok: true; render: StudioRender; findings: Finding[]; asSent?: AsSent }
  | { ok: false; templateId: string; failed: RenderFailure } {
  const templateId = optionalString(body, 'templateId');
  if (!templateId) throw new HttpError(400, '"templateId" is required (see GET /api/templates)');
  const template = workspace.templates().find((t) => t.id === templateId);
  if (!template) {
    const ids = workspace.templates().map((t) => t.id);
    throw new HttpError(404, `unknown template "${templateId}"; valid: ${ids.join(', ')}`);
  }
  const data = renderData(body, template.previewStates) as Record<string, unknown>;
  // The panel carries the event's callerContext next to the template data; only resolution reads it.
  const { callerContext: _callerContext, ...templateData } = data;
  try {
    const { locale, brand, asSent } = pickLocaleAndBrand(workspace, templateId, data, {
      locale: optionalString(body, 'locale'),
      brand: optionalString(body, 'brand'),
    });
    const render = workspace.render({
      templateId,
      data: templateData,
      live: body.live === true,
      ...(locale ? { locale } : {}),
      ...(brand ? { brand } : {}),
    });
    return { ok: true, render, findings: workspace.findings(templateId), ...(asSent ? { asSent } : {}) };
  } catch (error) {
    return { ok: false, templateId, failed: error as RenderFailure };
  }
}

async function render(context: StudioContext, { req, res, url }: RouteRequest): Promise<void> {
  const workspace = await context.ready;
  const body =
    req.method === 'POST'
      ? await readJsonBody(req)
      : (Object.fromEntries(url.searchParams) as Record<string, unknown>);
  const result = renderFromRequest(workspace, body);
  if (result.ok) sendJson(res, 200, result);
  else
    sendJson(res, 200, {
      ok: false,
      error: await locateRenderError(context.templatesDir, result.templateId, result.failed),
    });
}

/**
 * The template routes and the event stream.
 * @example const routes = templateRoutes(context);
 */
export function templateRoutes(context: StudioContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/events',
      async handle({ req, res }) {
        const workspace = await context.ready;
        context.hub.attach(req, res, { version: workspace.version, problems: workspace.problems() });
      },
    },
    {
      method: 'GET',
      path: '/api/state',
      handle: async ({ res }) => sendJson(res, 200, await state(context, await context.ready)),
    },
    {
      method: 'GET',
      path: '/api/templates',
      handle: async ({ res }) => sendJson(res, 200, { templates: (await context.ready).templates() }),
    },
    {
      method: 'GET',
      path: '/api/checks',
      async handle({ res, url }) {
        const templateId = url.searchParams.get('templateId') ?? undefined;
        sendJson(res, 200, { findings: (await context.ready).findings(templateId) });
      },
    },
    { method: 'POST', path: '/api/render', handle: (request) => render(context, request) },
    { method: 'GET', path: '/api/render', handle: (request) => render(context, request) },
  ];
}
