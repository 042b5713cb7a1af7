/**
 * The template sources as the studio sees them: compiled in-process with the templates package's own build
 * API (`compileTemplate`, `buildRegistry({ write: false })`), held as an in-memory registry module and
 * rendered with the same `createRenderer` the dispatcher uses. A save recompiles only what it affects.
 * The parts: sources.ts (compile state and renderer), findings.ts (checks),
 * preview.ts (lists and renders), problems.ts (overlay problems).
 */
import { relative, sep } from 'node:path';
import type { RebuildResult, Workspace } from '../types.js';
import { loadBuildApi } from './build-api.js';
import { CheckFindings } from './findings.js';
import { listBrands, listLocales, listTemplates, renderPreview } from './preview.js';
import { CompiledSources } from './sources.js';

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
async function rebuildScope(sources: CompiledSources, files: readonly string[]): Promise<string[]> {
  const { ids, kinds } = changedScope(sources.root, files);
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

/**
 * Opens a template source tree (a folder with `templates/`, `layouts/`, `partials/`, `locales/`, `brands/`)
 * and compiles all of it once.
 * @example
 * const ws = await openWorkspace('/repo/packages/templates');
 * ws.render({ templateId: 'sign-up', locale: 'de', data: { username: 'ana', userAttributes: {} } }).subject;
 */
export async function openWorkspace(root: string, options: WorkspaceOptions = {}): Promise<Workspace> {
  const build = await loadBuildApi();
  const from = options.from ?? process.env.EMAIL_FROM ?? 'Mailroom Dev <dev@mailroom.local>';
  const defaultLocale = options.defaultLocale ?? process.env.DEFAULT_LOCALE ?? 'en';
  const sources = new CompiledSources(root, build, defaultLocale);
  const checks = new CheckFindings(root);
  let version = 0;
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
      return renderPreview(sources.renderer, from, input);
    },
    async rebuild(changedFiles): Promise<RebuildResult> {
      const started = performance.now();
      const scope = await rebuildScope(sources, changedFiles);
      version += 1;
      // Checks can take longer than a compile: the caller pushes them when they are ready.
      return { version, scope, problems: sources.problems(), ms: Math.round(performance.now() - started) };
    },
    refreshChecks: () => checks.refresh(),
    async close() {
      await checks.close();
      await firstChecks.catch(() => {});
    },
  };
}
