import { join } from 'node:path';
import type { CompileResult } from '../build/compile.js';
import { type BuildResult, buildRegistry } from '../build/registry.js';
import type { RegistryLocale } from '../types.js';
import { lineOf, lineOfJsonKey, type SourceLocation } from './line-of.js';
import { locate } from './locate.js';
import { type CheckOptions, type ResolvedCheckOptions, resolveCheckOptions } from './options.js';
import { type Rendering, renderAll } from './renderings.js';
import { collectSources, type MjmlSource, mjmlSources, type SourceFile } from './source-files.js';

/** Everything a rule may read, built once per check run. Rules never build or render themselves. */
export interface CheckContext {
  readonly options: ResolvedCheckOptions;
  /** Package root holding templates/, locales/, brands/ (= `options.root`). */
  readonly root: string;
  /** The strict build, not written to disk. */
  readonly build: BuildResult;
  /** The locale every other falls back to (`options.defaultLocale`), when it exists. */
  readonly baseLocale: RegistryLocale | undefined;
  /** Templates that were rendered (all that built, or none when nothing can render). */
  readonly rendered: readonly CompileResult[];
  /** Every template × brand × locale × preview state, in that order. */
  readonly renderings: readonly Rendering[];
  /** Every file the templates are made of, once each (email.mjml, includes, subject.hbs, text.hbs). */
  readonly sources: readonly SourceFile[];
  /** The MJML files among them as written: tags, what MJML would repair, ending-tag texts. */
  readonly mjml: readonly MjmlSource[];
  /** 1-based line of `needle` in `file`, or null. */
  lineOf(file: string, needle: string): number | null;
  /** 1-based line of `"key"` in a JSON file, or null. */
  lineOfJsonKey(file: string, key: string): number | null;
  /** Where in a template's sources (includes, subject, text part) `needle` is used. */
  locate(template: CompileResult, needle: string): SourceLocation;
  /** Absolute path of a locale's catalog. */
  localeFile(code: string): string;
  /** A path relative to the root, for messages (`templates/probe/email.mjml`). */
  relative(file: string): string;
}

/**
 * Builds the registry in memory, renders every combination, and wraps the result with the helpers rules
 * share. Never throws for template problems: they are in `build.errors` and failed renderings.
 * @example
 * const ctx = await createCheckContext({ root, requireAllTriggers: false });
 * const findings = await runRule(sizeRule, ctx);
 */
export async function createCheckContext(opts: CheckOptions = {}): Promise<CheckContext> {
  const options = resolveCheckOptions(opts);
  const { root, defaultLocale } = options;
  const build = await buildRegistry({ root, write: false, defaultLocale });
  const { templates, renderings } = renderAll(build, defaultLocale);
  const sources = collectSources(build.templates);
  return {
    options,
    root,
    build,
    baseLocale: build.locales.find((l) => l.code === defaultLocale),
    rendered: templates,
    renderings,
    sources,
    mjml: mjmlSources(sources),
    lineOf,
    lineOfJsonKey,
    locate,
    localeFile: (code) => join(root, 'locales', `${code}.json`),
    relative: (file) => file.replace(`${root}/`, ''),
  };
}
