/**
 * The template sources as the studio sees them: compiled in-process with the templates package's own build
 * API (`compileTemplate`, `buildRegistry({ write: false })`), held as an in-memory registry module and
 * rendered with the same `createRenderer` the dispatcher uses. A save recompiles only what it affects.
 * The parts: sources.ts (compile state and renderer), findings.ts (checks),
 * preview.ts (lists and renders), problems.ts (overlay problems).
 */
import { relative, sep } from 'node:path';
import { senderFrom } from '../defaults.js';
import type { RebuildResult, Workspace } from '../types.js';
import { loadBuildApi } from './build-api.js';
import { CheckFindings } from './findings.js';
import { listBrands, listLocales, listTemplates, renderPreview } from './preview.js';
import { CompiledSources, type Variant } from './sources.js';

export interface WorkspaceOptions {
  /** `EMAIL_FROM` shown in the preview's headers. */
  from?: string;
  /** `DEFAULT_LOCALE` (default `en`). */
  defaultLocale?: string;
}

/**
 * Sorts changed files into template ids (a file inside `templates/<id>/`) and other kinds (`locales`,
 * `brands`, `layouts`, `partials`, or `templates` for a template folder added or removed).
 * @example changedScope('/t', ['/t/templates/sign-up/email.mjml']) // { ids: {'sign-up'}, kinds: {} }
 */
export function changedScope(
  root: string,
  files: readonly string[],
): { ids: Set<string>; kinds: Set<string> } {
  const ids = new Set<string>();
  const kinds = new Set<string>();
  for (const file of files) {
    const parts = relative(root, file).split(sep);
    if (parts[0] === 'templates' && parts[1] && parts.length > 2) ids.add(parts[1]);
    else kinds.add(parts[0] ?? 'all');
  }
  return { ids, kinds };
}

/** Rebuilds what the files affect; returns what was rebuilt, for the log line and the page. */
async function rebuildScope(
  sources: CompiledSources,
  { ids, kinds }: { ids: Set<string>; kinds: Set<string> },
): Promise<string[]> {
  if (kinds.size === 0) {
    await sources.recompile(ids);
    return [...ids].map((id) => `template ${id}`);
  }
  // Brands, locales, layouts, partials or a template folder added/removed: rebuild all through the compile
  // cache, which skips every template whose inputs did not change.
  const recompiled = await sources.fullBuild();
  const scope = [...kinds].map((k) => (k === 'templates' ? 'template list' : k));
  scope.push(`${recompiled} template${recompiled === 1 ? '' : 's'} recompiled`);
  return scope;
}

/** How long a rebuild waits for the page to fetch its early result before compiling the rest anyway. */
const PAGE_WAIT_MS = 1500;

/** Resolves when `event` does, or after `ms` (a page that closed never asks). */
async function untilOrAfter(event: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolveTimeout) => {
    timer = setTimeout(resolveTimeout, ms);
  });
  await Promise.race([event, timeout]);
  clearTimeout(timer);
}

/**
 * Opens a template source tree (a folder with `templates/`, `layouts/`, `partials/`, `locales/`, `brands/`)
 * and compiles all of it once.
 * @example
 * const ws = await openWorkspace('/repo/packages/templates');
 * ws.render({ templateId: 'sign-up', locale: 'de', data: { username: 'ana', userAttributes: {} } }).subject;
 */
export async function openWorkspace(root: string, options: WorkspaceOptions = {}): Promise<Workspace> {
  const build = await loadBuildApi();
  const from = senderFrom(options.from);
  const defaultLocale = options.defaultLocale ?? process.env.DEFAULT_LOCALE ?? 'en';
  const sources = new CompiledSources(root, build, defaultLocale);
  const checks = new CheckFindings(root);
  let version = 0;
  /** The variant the page's main preview showed last: a save of its template recompiles it first. */
  let live: Variant | null = null;
  /** Set while a rebuild waits for the page to fetch its early result. */
  let liveRendered: (() => void) | null = null;
  const resultOf = (scope: string[], started: number, complete: boolean): RebuildResult => ({
    version,
    scope,
    complete,
    problems: sources.problems(),
    templateIds: sources.renderer?.listTemplates().map((t) => t.id) ?? [],
    ms: Math.round(performance.now() - started),
  });
  await sources.fullBuild();
  // Not awaited: the preview is usable before the (slower) checks finish; the server pushes them when ready.
  const firstChecks = checks.refresh();
  return {
    dir: root,
    get version() {
      return version;
    },
    templates: () => listTemplates(sources.renderer),
    locales: () => listLocales(sources.locales),
    brands: () => listBrands(sources.brands),
    problems: () => sources.problems(),
    findings: (templateId) => checks.list(templateId),
    asSent(query) {
      if (!sources.renderer) throw sources.rendererError ?? new Error('no template compiled yet');
      return sources.renderer.resolveAsSent(query);
    },
    render(input) {
      if (!sources.renderer) throw sources.rendererError ?? new Error('no template compiled yet');
      const rendered = renderPreview(sources.renderer, from, input);
      if (input.live) {
        const dir = sources.locales.find((l) => l.code === rendered.locale)?.dir ?? 'ltr';
        live = { templateId: rendered.templateId, brand: rendered.brand, dir };
        liveRendered?.();
      }
      return rendered;
    },
    async rebuild(changedFiles, early): Promise<RebuildResult> {
      const started = performance.now();
      const changed = changedScope(sources.root, changedFiles);
      const first = live && changed.kinds.size === 0 && changed.ids.has(live.templateId) ? live : null;
      if (early && first && (await sources.recompileVariant(first))) {
        version += 1;
        const rendered = new Promise<void>((resolveRendered) => {
          liveRendered = resolveRendered;
        });
        early(resultOf([`template ${first.templateId}`], started, false));
        // The page fetches the new HTML before the rest compiles (compiling holds the event loop).
        await untilOrAfter(rendered, PAGE_WAIT_MS);
        liveRendered = null;
      }
      const scope = await rebuildScope(sources, changed);
      version += 1;
      // Checks can take longer than a compile: the caller pushes them when they are ready.
      return resultOf(scope, started, true);
    },
    refreshChecks: () => checks.refresh(),
    async close() {
      await checks.close();
      await firstChecks.catch(() => {});
    },
  };
}
