/**
 * The page and its files (`src/ui/`), and brand images for the preview. Served before the templates are
 * compiled, so the page opens at once.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { UI_DIR } from '../../paths.js';
import type { StudioContext } from '../context.js';
import { HttpError } from '../http.js';
import type { Route, RouteRequest } from '../router.js';

const UI_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/studio.css': { file: 'studio.css', type: 'text/css; charset=utf-8' },
  '/studio.js': { file: 'studio.js', type: 'text/javascript; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};

function uiFile(path: string, asset: { file: string; type: string }): Route {
  return {
    method: 'GET',
    path,
    beforeCompile: true,
    async handle({ res, setCookie }: RouteRequest) {
      const body = await readFile(join(UI_DIR, asset.file));
      res.writeHead(200, {
        'content-type': asset.type,
        'cache-control': 'no-store',
        ...(setCookie ? { 'set-cookie': setCookie } : {}),
      });
      res.end(body);
    },
  };
}

/** The page's ES modules (`src/ui/modules/*.js`, imported by studio.js): served as they are, no build step. */
function uiModules(): Route {
  return {
    method: 'GET',
    path: '/modules/:file',
    beforeCompile: true,
    async handle({ res, params }: RouteRequest) {
      const file = params.file ?? '';
      if (!/^[a-z][a-z0-9-]*\.js$/.test(file)) throw new HttpError(404, `no UI module "${file}"`);
      const body = await readFile(join(UI_DIR, 'modules', file)).catch(() => {
        throw new HttpError(404, `no UI module "${file}"`);
      });
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
    },
  };
}

/**
 * Brand images for the preview. Brands point `logoUrl` at your CDN, which a laptop may not reach (the sample
 * brands use placeholder hosts); files in `brands/assets/` named like the URL's last path segment are served
 * here and swapped in by the preview pane only — the HTML source tab and sent mail keep the real URL.
 */
async function sendBrandAsset(context: StudioContext, { res, params }: RouteRequest): Promise<void> {
  const name = params.name ?? '';
  const type = IMAGE_TYPES[extname(name).toLowerCase()];
  if (!type || name !== basename(name)) throw new HttpError(404, `no brand asset "${name}"`);
  const folder = join(context.templatesDir, 'brands', 'assets');
  const body = await readFile(join(folder, name)).catch(() => {
    throw new HttpError(404, `no brand asset "${name}" in ${relative(process.cwd(), folder)}`);
  });
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * The image files in `brands/assets/` the preview can swap in, sorted.
 * @example await brandAssetNames('/repo/packages/templates') // ['acme-logo.png']
 */
export async function brandAssetNames(templatesDir: string): Promise<string[]> {
  const names = await readdir(join(templatesDir, 'brands', 'assets')).catch(() => []);
  return names.filter((name) => IMAGE_TYPES[extname(name).toLowerCase()] !== undefined).sort();
}

/**
 * `GET /`, `/studio.css`, `/studio.js`, `/favicon.svg`, `/brand-assets/:name`.
 * @example const routes = staticRoutes(context);
 */
export function staticRoutes(context: StudioContext): Route[] {
  return [
    ...Object.entries(UI_FILES).map(([path, asset]) => uiFile(path, asset)),
    uiModules(),
    {
      method: 'GET',
      path: '/brand-assets/:name',
      beforeCompile: true,
      handle: (request) => sendBrandAsset(context, request),
    },
  ];
}
