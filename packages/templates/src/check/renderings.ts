import type { RenderedEmail } from '@mailroom/shared-types';
import type { CompileResult } from '../build/compile.js';
import { registryFromBuild } from '../build/memory.js';
import type { BuildResult } from '../build/registry.js';
import type { TemplateSource } from '../build/sources.js';
import { createRenderer, type Renderer } from '../renderer.js';
import type { PreviewState, RegistryModule, TemplateContext } from '../types.js';

/** Which rendering a finding is about (spread into the finding). */
export interface RenderScope {
  templateId: string;
  brand: string;
  locale: string;
  state: string;
}

interface RenderingBase {
  template: CompileResult;
  source: TemplateSource;
  state: PreviewState;
  /** `brand/locale/state`, the prefix of every per-rendering message. */
  label: string;
  scope: RenderScope;
}

/** One template × brand × locale × preview state, rendered the way production renders it (or its error). */
export type Rendering = RenderingBase &
  (
    | {
        ok: true;
        email: RenderedEmail;
        /** The context the renderer handed the compiled template (what `{{#if …}}` tests at send time). */
        context: TemplateContext | null;
      }
    | { ok: false; error: unknown }
  );

/** A rendering that produced an email. */
export type RenderedOk = Extract<Rendering, { ok: true }>;

/** Everything the check rendered: the templates it rendered (in build order) and every rendering. */
export interface RenderSet {
  templates: CompileResult[];
  renderings: Rendering[];
}

/**
 * The renderings that produced an email, for rules that inspect the output.
 * @example for (const r of succeeded(ctx.renderings)) Buffer.byteLength(r.email.html)
 */
export function succeeded(renderings: readonly Rendering[]): RenderedOk[] {
  return renderings.filter((r): r is RenderedOk => r.ok);
}

/** The context of the last compiled-template call, captured by `captureContexts`. */
interface Capture {
  last: TemplateContext | null;
}

/**
 * Wraps every compiled HTML template so the context the renderer builds for it (the same object production
 * renders with) is kept for the rules that evaluate branches; the output is untouched.
 */
function captureContexts(registry: RegistryModule, capture: Capture): RegistryModule {
  for (const template of Object.values(registry.templates)) {
    for (const [key, fn] of Object.entries(template.html)) {
      template.html[key] = (context, options) => {
        capture.last = context as TemplateContext;
        return fn(context, options);
      };
    }
  }
  return registry;
}

function renderOne(
  renderer: Renderer,
  capture: Capture,
  base: Omit<RenderingBase, 'label' | 'scope'>,
  brand: string,
  locale: string,
): Rendering {
  const scope = { templateId: base.template.id, brand, locale, state: base.state.name };
  const at = { ...base, scope, label: `${brand}/${locale}/${base.state.name}` };
  try {
    capture.last = null;
    const email = renderer.render({ templateId: scope.templateId, brand, locale, data: base.state.data });
    return { ...at, ok: true, email, context: capture.last };
  } catch (error) {
    return { ...at, ok: false, error };
  }
}

function renderTemplate(
  renderer: Renderer,
  capture: Capture,
  build: BuildResult,
  template: CompileResult,
): Rendering[] {
  const source = template.source;
  if (!source) return [];
  const out: Rendering[] = [];
  for (const brand of build.brands) {
    for (const locale of build.locales) {
      for (const state of source.previewStates) {
        out.push(renderOne(renderer, capture, { template, source, state }, brand.name, locale.code));
      }
    }
  }
  return out;
}

/**
 * Renders every template that built × brand × locale × preview state from an in-memory registry. Renders
 * nothing when there is nothing to render with (no template built, no brand, or no base locale).
 * @example const { renderings } = renderAll(build, 'en'); renderings.filter((r) => !r.ok)
 */
export function renderAll(build: BuildResult, defaultLocale: string): RenderSet {
  const hasBase = build.locales.some((l) => l.code === defaultLocale);
  if (!build.templates.some((t) => t.ok) || build.brands.length === 0 || !hasBase) {
    return { templates: [], renderings: [] };
  }
  const capture: Capture = { last: null };
  const renderer = createRenderer(captureContexts(registryFromBuild(build, defaultLocale), capture));
  const templates = build.templates.filter((t) => t.ok && t.source);
  return { templates, renderings: templates.flatMap((t) => renderTemplate(renderer, capture, build, t)) };
}
