/**
 * The template sources as the studio sees them: compiled in-process with the templates package's own build
 * API (`compileTemplate`, `buildRegistry({ write: false })`), held as an in-memory registry module and
 * rendered with the same `createRenderer` the dispatcher uses. A save recompiles only what it affects.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrandMeta, Renderer } from '@mailroom/templates';
import type { BuildCache, BuildIssue, CheckFinding, CompileResult } from '@mailroom/templates/build';
import Handlebars from 'handlebars';
import { createCheckRunner } from './checks.js';
import { TEMPLATES_PACKAGE_DIR } from './paths.js';
import type {
  BuildProblem,
  Finding,
  RebuildResult,
  StudioBrand,
  StudioLocale,
  StudioRender,
  StudioRenderInput,
  StudioTemplate,
  Workspace,
} from './types.js';

type BuildApi = typeof import('@mailroom/templates/build');
type CreateRenderer = (registry: unknown) => Renderer;

interface RegistryLocaleLike {
  code: string;
  name: string;
  dir: 'ltr' | 'rtl';
  messages: Record<string, string>;
}

type CompiledFn = (context: unknown, options?: { data?: Record<string, unknown> }) => string;

export interface WorkspaceOptions {
  /** `EMAIL_FROM` shown in the preview's headers. */
  from?: string;
  /** `DEFAULT_LOCALE` (default `en`). */
  defaultLocale?: string;
}

/** Loads the build API lazily: it pulls in MJML, which only the studio and the build need. */
async function loadBuildApi(): Promise<{ build: BuildApi; createRenderer: CreateRenderer }> {
  const build = await import('@mailroom/templates/build');
  // The renderer module directly, not the package index: the index imports dist/registry.js, which may not
  // exist yet (fresh clone) or may be broken (the studio is where you fix that).
  const rendererUrl = pathToFileURL(join(TEMPLATES_PACKAGE_DIR, 'src', 'renderer.ts')).href;
  const { createRenderer } = (await import(rendererUrl)) as { createRenderer: CreateRenderer };
  return { build, createRenderer };
}

function codeFrame(file: string, line: number | null): BuildProblem['frame'] {
  if (!line || !existsSync(file)) return undefined;
  try {
    const lines = readFileSync(file, 'utf8').split(/\r?\n/);
    const start = Math.max(1, line - 3);
    const end = Math.min(lines.length, line + 2);
    const frame: { line: number; text: string }[] = [];
    for (let n = start; n <= end; n++) frame.push({ line: n, text: lines[n - 1] ?? '' });
    return frame;
  } catch {
    return undefined;
  }
}

/**
 * Opens a template source tree (a folder with `templates/`, `layouts/`, `partials/`, `locales/`, `brands/`)
 * and compiles all of it once.
 * @example
 * const ws = await openWorkspace('/repo/packages/templates');
 * ws.render({ templateId: 'sign-up', locale: 'de', data: { username: 'ana', userAttributes: {} } }).subject;
 */
export async function openWorkspace(root: string, options: WorkspaceOptions = {}): Promise<Workspace> {
  const { build, createRenderer } = await loadBuildApi();
  const from = options.from ?? process.env.EMAIL_FROM ?? 'Mailroom Dev <dev@mailroom.local>';
  const defaultLocale = options.defaultLocale ?? process.env.DEFAULT_LOCALE ?? 'en';
  const cache: BuildCache = build.createBuildCache();
  const runtime = Handlebars.create();
  const fnCache = new Map<string, CompiledFn>();

  let version = 0;
  let brands: BrandMeta[] = [];
  let locales: RegistryLocaleLike[] = [];
  /** Last good compile per template: a broken save keeps the previous preview under the overlay. */
  const good = new Map<string, CompileResult>();
  const templateProblems = new Map<string, BuildIssue[]>();
  let globalProblems: BuildIssue[] = [];
  let findings: Finding[] = [];
  let renderer: Renderer | null = null;
  let rendererError: Error | null = null;

  const rel = (file: string): string => (isAbsolute(file) ? relative(root, file) || file : file);

  function toProblem(issue: BuildIssue): BuildProblem {
    const file = isAbsolute(issue.file) ? issue.file : join(root, issue.file);
    const frame = codeFrame(file, issue.line);
    return {
      file: rel(issue.file),
      line: issue.line,
      column: null,
      message: issue.message,
      ...(frame ? { frame } : {}),
    };
  }

  function fn(spec: string): CompiledFn {
    let compiled = fnCache.get(spec);
    if (!compiled) {
      // The same precompiled spec the registry module embeds, evaluated the way `runtime.template` expects:
      // what the preview renders is byte-for-byte what the bundle renders.
      const specObject = new Function(`return ${spec};`)() as object;
      compiled = (runtime as unknown as { template(spec: object): CompiledFn }).template(specObject);
      fnCache.set(spec, compiled);
    }
    return compiled;
  }

  function assemble(): void {
    const templates: Record<string, unknown> = {};
    const used = new Set<string>();
    for (const result of good.values()) {
      if (!result.ok || !result.source || !result.subject) continue;
      const html: Record<string, CompiledFn> = {};
      const text: Record<string, CompiledFn> = {};
      for (const b of result.builds) {
        html[`${b.brand}:${b.dir}`] = fn(b.htmlSpec);
        text[`${b.brand}:${b.dir}`] = fn(b.textSpec);
        used.add(b.htmlSpec).add(b.textSpec);
      }
      used.add(result.subject.spec);
      templates[result.id] = {
        id: result.id,
        trigger: result.source.trigger,
        variantOf: result.source.variantOf,
        description: result.source.description,
        previewStates: result.source.previewStates,
        subject: fn(result.subject.spec),
        html,
        text,
      };
    }
    for (const spec of fnCache.keys()) if (!used.has(spec)) fnCache.delete(spec);
    try {
      renderer = createRenderer({
        formatVersion: 1,
        runtime,
        defaultLocale,
        templates,
        locales: Object.fromEntries(locales.map((l) => [l.code, l])),
        brands: Object.fromEntries(brands.map((b) => [b.name, b])),
      });
      rendererError = null;
    } catch (error) {
      rendererError = error as Error;
    }
  }

  function record(result: CompileResult): void {
    if (result.errors.length > 0) templateProblems.set(result.id, result.errors);
    else templateProblems.delete(result.id);
    if (result.ok) good.set(result.id, result);
  }

  async function fullBuild(): Promise<number> {
    const result = await build.buildRegistry({ root, write: false, cache, defaultLocale });
    const templateErrors = new Set<BuildIssue>();
    const ids = new Set(result.templates.map((t) => t.id));
    for (const id of good.keys()) if (!ids.has(id)) good.delete(id);
    for (const id of templateProblems.keys()) if (!ids.has(id)) templateProblems.delete(id);
    for (const t of result.templates) {
      record(t);
      for (const e of t.errors) templateErrors.add(e);
    }
    globalProblems = result.errors.filter((e) => !templateErrors.has(e));
    // Keep the last good brands/locales if a JSON file is mid-edit and unparsable.
    if (result.brands.length > 0) brands = result.brands;
    if (result.locales.length > 0) locales = result.locales;
    assemble();
    return result.templates.filter((t) => !t.fromCache).length;
  }

  const checks = createCheckRunner();
  let checking: Promise<Finding[]> | null = null;
  let checkAgain = false;

  async function runChecksOnce(): Promise<Finding[]> {
    try {
      const report = await checks.run(root);
      findings = report.map((f: CheckFinding) => ({
        severity: f.severity,
        rule: f.rule,
        message: f.message,
        templateId: f.templateId ?? null,
        context: [f.brand, f.locale, f.state].filter(Boolean).join(' · ') || null,
        file: f.file ? rel(f.file) : null,
        line: f.line,
      }));
    } catch (error) {
      findings = [
        {
          severity: 'warning',
          rule: 'check-crashed',
          message: `the template checks could not run: ${(error as Error).message}`,
          templateId: null,
          context: null,
          file: null,
          line: null,
        },
      ];
    }
    return findings;
  }

  /** One run at a time; saves during a run cause exactly one more run afterwards. */
  function refreshChecks(): Promise<Finding[]> {
    if (checking) {
      checkAgain = true;
      return checking;
    }
    checking = (async () => {
      let result = await runChecksOnce();
      while (checkAgain) {
        checkAgain = false;
        result = await runChecksOnce();
      }
      checking = null;
      return result;
    })();
    return checking;
  }

  function problems(): BuildProblem[] {
    return [...globalProblems, ...[...templateProblems.values()].flat()].map(toProblem);
  }

  await fullBuild();
  // Not awaited: the preview is usable before the (slower) checks finish; the server pushes them when ready.
  const firstChecks = refreshChecks();

  return {
    dir: root,
    get version() {
      return version;
    },
    templates(): StudioTemplate[] {
      if (!renderer) return [];
      const current = renderer;
      return current.listTemplates().map((t) => ({
        id: t.id,
        trigger: t.trigger,
        triggerSource: t.triggerSource,
        variantOf: t.variantOf,
        variants: t.variants,
        description: t.description,
        previewStates: current.getPreviewStates(t.id).map((s) => ({
          name: s.name,
          description: s.description,
          data: s.data as unknown as Record<string, unknown>,
        })),
      }));
    },
    locales(): StudioLocale[] {
      return locales
        .map((l) => ({ code: l.code, name: l.name, dir: l.dir }))
        .sort((a, b) => a.code.localeCompare(b.code));
    },
    brands(): StudioBrand[] {
      return brands.map((b) => ({
        name: b.name,
        displayName: b.displayName,
        default: b.default,
        clientIds: [...b.clientIds],
        templates: { ...b.templates } as Record<string, string>,
        defaultLocale: b.defaultLocale,
        primaryColor: b.colors.primary ?? null,
      }));
    },
    problems,
    findings(templateId?: string): Finding[] {
      return templateId ? findings.filter((f) => f.templateId === templateId) : [...findings];
    },
    render(input: StudioRenderInput): StudioRender {
      if (!renderer) throw rendererError ?? new Error('no template compiled yet');
      const started = performance.now();
      const data = input.data as unknown as Parameters<Renderer['render']>[0]['data'];
      const brand = input.brand ?? renderer.resolveBrand({ clientMetadata: data.clientMetadata ?? null });
      const email = renderer.render({
        templateId: input.templateId,
        brand,
        data,
        ...(input.locale ? { locale: input.locale } : {}),
      });
      const meta = renderer.listTemplates().find((t) => t.id === email.templateId);
      const to = (typeof data.email === 'string' && data.email) || data.userAttributes?.email || '';
      const headers: Record<string, string> = {
        From: from,
        To: to,
        Subject: email.subject,
        ...(process.env.EMAIL_REPLY_TO ? { 'Reply-To': process.env.EMAIL_REPLY_TO } : {}),
        // The dispatcher's own headers (buildMessage); brand and locale travel as provider metadata.
        'X-Mailroom-Trigger': meta?.trigger ?? '',
        'X-Mailroom-Template': email.templateId,
        'Content-Type': 'multipart/alternative: text/plain + text/html, UTF-8',
      };
      return {
        templateId: email.templateId,
        locale: email.locale,
        brand,
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers,
        htmlBytes: Buffer.byteLength(email.html, 'utf8'),
        renderMs: Math.round((performance.now() - started) * 10) / 10,
      };
    },
    async rebuild(changedFiles: string[]): Promise<RebuildResult> {
      const started = performance.now();
      const ids = new Set<string>();
      const kinds = new Set<string>();
      for (const file of changedFiles) {
        const parts = relative(root, file).split(sep);
        if (parts[0] === 'templates' && parts[1] && parts.length > 2) ids.add(parts[1]);
        else kinds.add(parts[0] ?? 'all');
      }
      let scope: string[];
      if (kinds.size > 0) {
        // Brands, locales, layouts, partials or a template folder added/removed: rebuild all through the
        // compile cache, which skips every template whose inputs did not change.
        const recompiled = await fullBuild();
        scope = [...kinds].map((k) => (k === 'templates' ? 'template list' : k));
        scope.push(`${recompiled} template${recompiled === 1 ? '' : 's'} recompiled`);
      } else {
        for (const id of ids) {
          if (!existsSync(join(root, 'templates', id))) {
            good.delete(id);
            templateProblems.delete(id);
            continue;
          }
          record(await build.compileTemplate(id, { root, brands, cache }));
        }
        assemble();
        scope = [...ids].map((id) => `template ${id}`);
      }
      version += 1;
      // Checks can take longer than a compile: the caller pushes them when they are ready.
      return { version, scope, problems: problems(), ms: Math.round(performance.now() - started) };
    },
    refreshChecks,
    async close() {
      // Stopping the worker settles any run in flight (as a failure nobody reads any more).
      await checks.close();
      await firstChecks.catch(() => {});
    },
  };
}
