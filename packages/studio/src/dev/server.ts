/**
 * The studio: preview + outbox server behind `pnpm dev`. Plain `node:http`, one static page, a JSON API and
 * a server-sent-events stream, so it starts in well under a second and has nothing to build.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, relative } from 'node:path';
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';
import { checkAccess, createAccessPolicy } from './access.js';
import { type DispatchRequest, type LocalDispatcher, startLocalDispatcher } from './dispatch.js';
import { deleteOutbox, listOutbox, readOutboxMessage, readOutboxRaw, watchOutbox } from './outbox.js';
import { DEFAULT_OUTBOX_DIR, defaultTemplatesDir, UI_DIR, WATCHED_FOLDERS } from './paths.js';
import { EventHub } from './sse.js';
import type { RebuildResult, Workspace } from './types.js';
import { openWorkspace } from './workspace.js';

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};

export interface StudioOptions {
  /** Preferred port (default 3000); if taken, the next free one is used. `0` = any free port. */
  port?: number;
  /**
   * Interface to listen on (default `127.0.0.1`). On a non-loopback address (`0.0.0.0`, `::`, a LAN IP) every
   * `/api` route needs the per-run token in `url` (access.ts).
   */
  host?: string;
  /** Extra Host names the studio answers to (`--allowed-host`), besides loopback and this machine's own. */
  allowedHosts?: readonly string[];
  /** Template source root holding `templates/`, `layouts/`, … (default: `packages/templates`). */
  templatesDir?: string;
  /** Where the `outbox` provider writes and the Outbox tab reads (default `<repo>/.mailroom/outbox`). */
  outboxDir?: string;
  /** Watch the sources and live-reload (default true). */
  watch?: boolean;
  /** Default provider for "Send test" (default `outbox`). */
  provider?: string;
  /** `EMAIL_FROM` for sends (default `Mailroom Dev <dev@mailroom.local>`). */
  from?: string;
  /** `APP_URL` for links in sent mail (default the studio's own URL). */
  appUrl?: string;
  /** Brings the dispatcher bundle up to date before each "Send test" (the CLI passes its prebuild). */
  rebuildBundle?: () => Promise<void>;
  /** One line per notable event (rebuilds, sends); default: none. */
  log?: (line: string) => void;
}

export interface Studio {
  /** The URL to open: with `?token=…` when bound to a non-loopback address. */
  url: string;
  /** The per-run API token (non-loopback binds only). */
  token: string | undefined;
  port: number;
  templatesDir: string;
  outboxDir: string;
  /** Resolves once the templates are compiled (the URL is served before that, so it prints at once). */
  ready: Promise<Workspace>;
  dispatcher: LocalDispatcher;
  /** Resolves with the next rebuild (tests and the edit-to-refresh measurement wait on it). */
  nextRebuild(): Promise<RebuildResult>;
  /** Calls `listener` after every rebuild; returns an unsubscribe function. */
  onRebuild(listener: (result: RebuildResult) => void): () => void;
  close(): Promise<void>;
}

const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/studio.css': { file: 'studio.css', type: 'text/css; charset=utf-8' },
  '/studio.js': { file: 'studio.js', type: 'text/javascript; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(payload);
}

async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 2_000_000) throw new HttpError(413, 'request body is larger than 2 MB');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new HttpError(400, 'request body must be a JSON object');
    }
    return parsed as Record<string, unknown>;
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `"${key}" must be a string`);
  return value;
}

function stringRecord(value: unknown, key: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new HttpError(400, `"${key}" must be an object`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new HttpError(400, `"${key}.${k}" must be a string`);
    out[k] = v;
  }
  return out;
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolvePort((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Tries the preferred port, then the next ten, then any free port. */
async function listenWithFallback(server: Server, preferred: number, host: string): Promise<number> {
  if (preferred === 0) return listen(server, 0, host);
  for (let port = preferred; port < preferred + 10; port++) {
    try {
      return await listen(server, port, host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
    }
  }
  return listen(server, 0, host);
}

/**
 * Starts the studio: compiles the templates in-process, serves the preview UI and API, watches the sources,
 * and starts the KMS stand-in the "Send test" button dispatches through.
 * @example
 * const studio = await startStudio({ port: 0, templatesDir: tmpCopy, watch: true });
 * console.log(studio.url); // http://localhost:53121
 * await studio.close();
 */
export async function startStudio(options: StudioOptions = {}): Promise<Studio> {
  const host = options.host ?? '127.0.0.1';
  const access = createAccessPolicy({ listenHost: host, allowedHosts: options.allowedHosts });
  const templatesDir = options.templatesDir ?? defaultTemplatesDir();
  const outboxDir = options.outboxDir ?? DEFAULT_OUTBOX_DIR;
  const log = options.log ?? (() => {});
  const hub = new EventHub();
  const compileStarted = performance.now();
  const ready = openWorkspace(templatesDir, options.from ? { from: options.from } : {});
  // Surfaced through `ready` and every API call; this only stops an unhandled-rejection crash meanwhile.
  ready.catch(() => {});

  let dispatcher: LocalDispatcher | undefined;
  let baseUrl = '';
  const rebuildWaiters: ((result: RebuildResult) => void)[] = [];
  const rebuildListeners = new Set<(result: RebuildResult) => void>();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) log(`✗ ${req.method} ${req.url}: ${(error as Error).message}`);
      if (!res.headersSent) sendJson(res, status, { error: { message: (error as Error).message } });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://studio.local');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const verdict = checkAccess(req, url, access);
    if ('status' in verdict) throw new HttpError(verdict.status, verdict.message);

    const asset = STATIC[path];
    if (asset && method === 'GET') {
      const body = await readFile(join(UI_DIR, asset.file));
      res.writeHead(200, {
        'content-type': asset.type,
        'cache-control': 'no-store',
        ...(verdict.setCookie ? { 'set-cookie': verdict.setCookie } : {}),
      });
      res.end(body);
      return;
    }
    const brandAsset = /^\/brand-assets\/([^/]+)$/.exec(path);
    if (brandAsset && method === 'GET') {
      await sendBrandAsset(res, decodeURIComponent(brandAsset[1] ?? ''));
      return;
    }
    const workspace = await ready;
    if (path === '/events' && method === 'GET') {
      hub.attach(req, res, { version: workspace.version, problems: workspace.problems() });
      return;
    }
    if (path === '/api/state' && method === 'GET') {
      sendJson(res, 200, state(workspace, await brandAssets()));
      return;
    }
    if (path === '/api/templates' && method === 'GET') {
      sendJson(res, 200, { templates: workspace.templates() });
      return;
    }
    if (path === '/api/checks' && method === 'GET') {
      sendJson(res, 200, { findings: workspace.findings(url.searchParams.get('templateId') ?? undefined) });
      return;
    }
    if (path === '/api/render' && (method === 'POST' || method === 'GET')) {
      const body =
        method === 'POST'
          ? await readJsonBody(req)
          : (Object.fromEntries(url.searchParams) as Record<string, unknown>);
      sendJson(res, 200, renderFromRequest(workspace, body));
      return;
    }
    if (path === '/api/send' && method === 'POST') {
      const body = await readJsonBody(req);
      sendJson(res, 200, await sendFromRequest(body));
      return;
    }
    if (path === '/api/outbox' && method === 'GET') {
      sendJson(res, 200, { dir: outboxDir, messages: await listOutbox(outboxDir) });
      return;
    }
    if (path === '/api/outbox' && method === 'DELETE') {
      sendJson(res, 200, { removed: await deleteOutbox(outboxDir) });
      return;
    }
    const outboxMatch = /^\/api\/outbox\/([^/]+)(\/raw)?$/.exec(path);
    if (outboxMatch && !outboxMatch[2] && method === 'DELETE') {
      const removed = await deleteOutbox(outboxDir, decodeURIComponent(outboxMatch[1] ?? ''));
      if (removed === 0) throw new HttpError(404, `no message "${outboxMatch[1]}" in the outbox`);
      sendJson(res, 200, { removed });
      return;
    }
    if (outboxMatch && method === 'GET') {
      const id = decodeURIComponent(outboxMatch[1] ?? '');
      if (outboxMatch[2]) {
        const raw = await readOutboxRaw(outboxDir, id);
        if (!raw) throw new HttpError(404, `no message "${id}" in the outbox`);
        res.writeHead(200, {
          'content-type': 'message/rfc822',
          'content-disposition': `attachment; filename="${id}.eml"`,
        });
        res.end(raw);
        return;
      }
      const message = await readOutboxMessage(outboxDir, id);
      if (!message) throw new HttpError(404, `no message "${id}" in the outbox`);
      sendJson(res, 200, message);
      return;
    }
    throw new HttpError(404, `no route for ${method} ${path}`);
  }

  /**
   * Brand images for the preview. Brands point `logoUrl` at your CDN, which a laptop may not reach (the sample
   * brands use placeholder hosts); files in `brands/assets/` named like the URL's last path segment are served
   * here and swapped in by the preview pane only — the HTML source tab and sent mail keep the real URL.
   */
  async function sendBrandAsset(res: ServerResponse, name: string): Promise<void> {
    const type = IMAGE_TYPES[extname(name).toLowerCase()];
    if (!type || name !== basename(name)) throw new HttpError(404, `no brand asset "${name}"`);
    const body = await readFile(join(templatesDir, 'brands', 'assets', name)).catch(() => {
      throw new HttpError(
        404,
        `no brand asset "${name}" in ${relative(process.cwd(), join(templatesDir, 'brands', 'assets'))}`,
      );
    });
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  }

  async function brandAssets(): Promise<string[]> {
    const names = await readdir(join(templatesDir, 'brands', 'assets')).catch(() => []);
    return names.filter((name) => IMAGE_TYPES[extname(name).toLowerCase()] !== undefined).sort();
  }

  function state(workspace: Workspace, assets: string[]): Record<string, unknown> {
    return {
      brandAssets: assets,
      version: workspace.version,
      templatesDir,
      outboxDir,
      templates: workspace.templates(),
      locales: workspace.locales(),
      brands: workspace.brands(),
      problems: workspace.problems(),
      findings: workspace.findings(),
      dispatch: dispatcher ? { ...dispatcher.info(), rebuildsBundle: Boolean(options.rebuildBundle) } : null,
    };
  }

  function renderFromRequest(workspace: Workspace, body: Record<string, unknown>): unknown {
    const templateId = optionalString(body, 'templateId');
    if (!templateId) throw new HttpError(400, '"templateId" is required (see GET /api/templates)');
    const template = workspace.templates().find((t) => t.id === templateId);
    if (!template) {
      const ids = workspace.templates().map((t) => t.id);
      throw new HttpError(404, `unknown template "${templateId}"; valid: ${ids.join(', ')}`);
    }
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
      const preview = template.previewStates.find((s) => s.name === stateName) ?? template.previewStates[0];
      data = preview?.data ?? { username: 'jane', userAttributes: {} };
    }
    if (typeof data !== 'object' || Array.isArray(data))
      throw new HttpError(400, '"data" must be a JSON object');
    const locale = optionalString(body, 'locale');
    const brand = optionalString(body, 'brand');
    try {
      return {
        ok: true,
        render: workspace.render({
          templateId,
          data: data as Record<string, unknown>,
          ...(locale ? { locale } : {}),
          ...(brand ? { brand } : {}),
        }),
        findings: workspace.findings(templateId),
      };
    } catch (error) {
      // A render error (missing variable, bad data) is a result to show next to the preview, not a 500.
      const err = error as Error & { code?: string };
      return { ok: false, error: { code: err.code ?? 'RENDER_FAILED', message: err.message } };
    }
  }

  async function sendFromRequest(body: Record<string, unknown>): Promise<unknown> {
    if (!dispatcher) throw new HttpError(503, 'the local dispatcher is still starting');
    const trigger = optionalString(body, 'trigger');
    const email = optionalString(body, 'email');
    if (!trigger) throw new HttpError(400, '"trigger" is required, e.g. "ForgotPassword"');
    if (!email) throw new HttpError(400, '"email" is required, e.g. "jane@example.com"');
    const request: DispatchRequest = { trigger, email };
    const locale = optionalString(body, 'locale');
    const brand = optionalString(body, 'brand');
    const provider = optionalString(body, 'provider');
    const code = optionalString(body, 'code');
    const userName = optionalString(body, 'userName');
    const userAttributes = stringRecord(body.userAttributes, 'userAttributes');
    const clientMetadata = stringRecord(body.clientMetadata, 'clientMetadata');
    if (locale) request.locale = locale;
    if (brand) request.brand = brand;
    if (provider) request.provider = provider;
    if (code) request.code = code;
    if (userName) request.userName = userName;
    if (userAttributes) request.userAttributes = userAttributes;
    if (clientMetadata) request.clientMetadata = clientMetadata;
    try {
      // "Send test" should send what the designer sees: when the studio shows the package's own sources,
      // rebuild the registry and bundle first if a save made them stale (a no-op otherwise).
      if (options.rebuildBundle) await options.rebuildBundle();
      const result = await dispatcher.send(request);
      log(
        `✉ ${result.trigger} → ${result.to} via ${result.provider}${result.messageId ? ` (${result.messageId})` : ''}`,
      );
      return { ok: true, result };
    } catch (error) {
      const err = error as Error & { code?: string };
      log(`✗ send test failed: ${err.message}`);
      return { ok: false, error: { code: err.code ?? 'SEND_FAILED', message: err.message } };
    }
  }

  const port = await listenWithFallback(server, options.port ?? 3000, host);
  baseUrl = `http://localhost:${port}`;
  let compiled: Workspace | undefined;
  ready.then(
    (workspace) => {
      compiled = workspace;
    },
    () => {},
  );
  dispatcher = await startLocalDispatcher({
    outboxDir,
    // Validates --locale/--brand of "Send test" against what the studio compiled (same sources as the bundle).
    catalog: () => ({
      locales: compiled?.locales().map((l) => l.code) ?? [],
      brands: compiled?.brands() ?? [],
    }),
    appUrl: options.appUrl ?? baseUrl,
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.from ? { from: options.from } : {}),
  });

  const stopOutbox = await watchOutbox(outboxDir, () => {
    hub.broadcast('outbox', { at: Date.now() });
  });

  let watcher: FSWatcher | undefined;
  /** Checks run in a worker; their findings follow the build event whenever they are ready. */
  const pushChecks = (workspace: Workspace): void => {
    workspace.refreshChecks().then(
      (findings) => hub.broadcast('checks', { version: workspace.version, findings }),
      () => {},
    );
  };
  const watching = ready.then(async (workspace) => {
    pushChecks(workspace);
    const templates = workspace.templates();
    log(
      `✓ compiled ${templates.length} templates, ${workspace.locales().length} locales, ` +
        `${workspace.brands().length} brands in ${((performance.now() - compileStarted) / 1000).toFixed(1)} s` +
        (workspace.problems().length > 0
          ? ` — ${workspace.problems().length} problem(s), see the browser`
          : ''),
    );
    if (options.watch === false) return;
    watcher = watchSources(templatesDir, workspace, log, (result) => {
      hub.broadcast('build', result);
      for (const resolveWaiter of rebuildWaiters.splice(0)) resolveWaiter(result);
      for (const listener of rebuildListeners) listener(result);
      pushChecks(workspace);
    });
    await new Promise<void>((resolveReady) => watcher?.once('ready', () => resolveReady()));
  });

  return {
    url: access.token ? `${baseUrl}/?token=${access.token}` : baseUrl,
    token: access.token,
    port,
    templatesDir,
    outboxDir,
    ready: watching.then(() => ready),
    dispatcher,
    nextRebuild: () => new Promise((resolveWaiter) => rebuildWaiters.push(resolveWaiter)),
    onRebuild(listener) {
      rebuildListeners.add(listener);
      return () => rebuildListeners.delete(listener);
    },
    async close() {
      stopOutbox();
      await watching.catch(() => {});
      await watcher?.close();
      await (await ready.catch(() => null))?.close();
      hub.close();
      await dispatcher?.close();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}

/** Watches the template sources; batches a burst of saves into one rebuild, one at a time. */
function watchSources(
  templatesDir: string,
  workspace: Workspace,
  log: (line: string) => void,
  onRebuilt: (result: RebuildResult) => void,
): FSWatcher {
  const watcher = chokidarWatch(
    WATCHED_FOLDERS.map((folder) => join(templatesDir, folder)),
    { ignoreInitial: true, ignored: (path) => /(^|[/\\])(\.|node_modules)|~$|\.swp$/.test(path) },
  );
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const flush = (): void => {
    const files = [...pending];
    pending = new Set();
    running = running.then(async () => {
      const result = await workspace.rebuild(files);
      const names = files.map((file) => relative(templatesDir, file)).join(', ');
      if (result.problems.length > 0) {
        const first = result.problems[0];
        log(`✗ ${first?.file}${first?.line ? `:${first.line}` : ''} ${first?.message ?? ''}`);
      } else {
        log(`↻ ${names} → rebuilt ${result.scope.join(', ')} in ${result.ms} ms`);
      }
      onRebuilt(result);
    });
  };

  watcher.on('all', (_event, path) => {
    pending.add(String(path));
    clearTimeout(timer);
    // Editors save in bursts (write + rename + chmod): one rebuild per burst.
    timer = setTimeout(flush, 25);
  });
  return watcher;
}
