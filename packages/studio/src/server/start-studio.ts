/**
 * `startStudio`: wires the parts together — the workspace (compiled templates), the HTTP server and its route
 * table, the local dispatcher behind "Send test", the outbox watcher and live reload — and hands back one
 * closable handle.
 */
import type { FSWatcher } from 'chokidar';
import { type LocalDispatcher, startLocalDispatcher } from '../dispatch/local-dispatcher.js';
import { watchOutbox } from '../outbox/outbox.js';
import { DEFAULT_OUTBOX_DIR, defaultTemplatesDir } from '../paths.js';
import type { RebuildResult, Workspace } from '../types.js';
import { createCompatRunner } from '../workspace/checks.js';
import { openWorkspace } from '../workspace/open-workspace.js';
import { createAccessPolicy } from './access.js';
import type { StudioContext } from './context.js';
import { listenWithFallback } from './http.js';
import { createStudioServer } from './server.js';
import { EventHub } from './sse.js';
import { epochNow, RebuildSignal, watchSources } from './watch-sources.js';

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
  /** `APP_URL` for links in sent mail (default: none, so each brand's `appUrl` builds them, as in production). */
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
  /**
   * Resolves with the next rebuild result (tests and the edit-to-refresh measurement wait on it): with a page
   * open on the saved template, that is the early one (`complete: false`, the previewed variant only), and
   * the complete one follows.
   */
  nextRebuild(): Promise<RebuildResult>;
  /** Calls `listener` after every rebuild result, early and complete (`complete` tells them apart); returns an unsubscribe function. */
  onRebuild(listener: (result: RebuildResult) => void): () => void;
  close(): Promise<void>;
}

/** Checks run in a worker; their findings follow the build event whenever they are ready. */
function pushChecks(hub: EventHub, workspace: Workspace): void {
  workspace.refreshChecks().then(
    (findings) => hub.broadcast('checks', { version: workspace.version, findings }),
    () => {},
  );
}

function compiledLine(workspace: Workspace, startedMs: number): string {
  const problems = workspace.problems().length;
  return (
    `✓ compiled ${workspace.templates().length} templates, ${workspace.locales().length} locales, ` +
    `${workspace.brands().length} brands in ${((performance.now() - startedMs) / 1000).toFixed(1)} s` +
    (problems > 0 ? ` — ${problems} problem(s), see the browser` : '')
  );
}

/** After the first compile: report it, push the first checks, then watch the sources (unless told not to). */
async function afterCompile(
  context: StudioContext,
  options: StudioOptions,
  rebuilds: RebuildSignal,
  startedMs: number,
): Promise<FSWatcher | undefined> {
  const workspace = await context.ready;
  pushChecks(context.hub, workspace);
  context.log(compiledLine(workspace, startedMs));
  if (options.watch === false) return undefined;
  return watchSources(
    context.templatesDir,
    workspace,
    context.log,
    (result) => {
      if (result.timing) result.timing.sentAt = epochNow();
      context.hub.broadcast('build', result);
      rebuilds.emit(result);
      // The early result (the previewed variant only) is followed by the complete one: check that.
      if (result.complete) pushChecks(context.hub, workspace);
    },
    () => context.hub.size > 0,
  );
}

/** The locales and brands the studio compiled, for validating "Send test" names (same sources as the bundle). */
function catalogOf(
  ready: Promise<Workspace>,
): () => { locales: string[]; brands: ReturnType<Workspace['brands']> } {
  let compiled: Workspace | undefined;
  ready.then(
    (workspace) => {
      compiled = workspace;
    },
    () => {},
  );
  return () => ({ locales: compiled?.locales().map((l) => l.code) ?? [], brands: compiled?.brands() ?? [] });
}

function contextFor(options: StudioOptions): StudioContext {
  const ready = openWorkspace(
    options.templatesDir ?? defaultTemplatesDir(),
    options.from ? { from: options.from } : {},
  );
  // Surfaced through `ready` and every API call; this only stops an unhandled-rejection crash meanwhile.
  ready.catch(() => {});
  return {
    templatesDir: options.templatesDir ?? defaultTemplatesDir(),
    outboxDir: options.outboxDir ?? DEFAULT_OUTBOX_DIR,
    ready,
    hub: new EventHub(),
    dispatcher: undefined,
    rebuildBundle: options.rebuildBundle,
    compat: createCompatRunner(),
    log: options.log ?? (() => {}),
  };
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
  const startedMs = performance.now();
  const context = contextFor(options);
  const access = createAccessPolicy({
    listenHost: options.host ?? '127.0.0.1',
    allowedHosts: options.allowedHosts,
  });
  const server = createStudioServer(context, access);
  const port = await listenWithFallback(server, options.port ?? 3000, options.host ?? '127.0.0.1');
  const baseUrl = `http://localhost:${port}`;
  const dispatcher = await startLocalDispatcher({
    outboxDir: context.outboxDir,
    catalog: catalogOf(context.ready),
    // The bundle's cold start happens now, in the background, not on the designer's first "Send test".
    prepare: true,
    // Not the studio's own URL: sent mail links to the brand's app, as the preview shows (issue 16 item 7).
    ...(options.appUrl ? { appUrl: options.appUrl } : {}),
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.from ? { from: options.from } : {}),
  });
  context.dispatcher = dispatcher;
  const stopOutbox = await watchOutbox(context.outboxDir, () =>
    context.hub.broadcast('outbox', { at: Date.now() }),
  );
  const rebuilds = new RebuildSignal();
  const watching = afterCompile(context, options, rebuilds, startedMs);
  return {
    url: access.token ? `${baseUrl}/?token=${access.token}` : baseUrl,
    token: access.token,
    port,
    templatesDir: context.templatesDir,
    outboxDir: context.outboxDir,
    ready: watching.then(() => context.ready),
    dispatcher,
    nextRebuild: () => rebuilds.next(),
    onRebuild: (listener) => rebuilds.on(listener),
    async close() {
      stopOutbox();
      await (await watching.catch(() => undefined))?.close();
      await (await context.ready.catch(() => null))?.close();
      await context.compat.close();
      context.hub.close();
      await dispatcher.close();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}
