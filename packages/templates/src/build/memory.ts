import Handlebars from 'handlebars';
import type {
  BrandMeta,
  CompiledTemplate,
  RegistryLocale,
  RegistryModule,
  RegistryRuntime,
  RegistryTemplate,
} from '../types.js';
import type { CompileResult } from './compile.js';
import type { BuildResult } from './registry.js';

/** What an in-memory registry is assembled from: compile results (only the `ok` ones count), catalogs, brands. */
export interface RegistryParts {
  templates: Iterable<CompileResult>;
  locales: readonly RegistryLocale[];
  brands: readonly BrandMeta[];
  /** The base locale (default `en`). */
  defaultLocale?: string;
}

/** Turns compile results into registry modules, reusing compiled specs between calls. */
export interface RegistryAssembler {
  /** A registry module over `parts`; specs no longer used by them are dropped from the reuse cache. */
  assemble(parts: RegistryParts): RegistryModule;
}

/**
 * An assembler for a long-running process (the studio): one isolated Handlebars runtime, and each
 * precompiled spec evaluated once however often the registry is reassembled after an edit.
 * @example
 * const assembler = createRegistryAssembler();
 * const renderer = createRenderer(assembler.assemble({ templates: results, locales, brands }));
 */
export function createRegistryAssembler(): RegistryAssembler {
  const runtime = Handlebars.create();
  let cache = new Map<string, CompiledTemplate>();
  return {
    assemble(parts) {
      const used = new Map<string, CompiledTemplate>();
      const fn = (spec: string): CompiledTemplate => {
        let compiled = used.get(spec) ?? cache.get(spec);
        if (!compiled) {
          // The spec is the compiler's own JavaScript output, exactly what the emitted module embeds.
          const specObject = new Function(`return (${spec});`)() as TemplateSpecification;
          compiled = runtime.template(specObject) as CompiledTemplate;
        }
        used.set(spec, compiled);
        return compiled;
      };
      const templates: Record<string, RegistryTemplate> = {};
      for (const t of parts.templates) {
        if (!t.ok || !t.source || !t.subject) continue;
        templates[t.id] = {
          id: t.id,
          trigger: t.source.trigger,
          variantOf: t.source.variantOf,
          description: t.source.description,
          previewStates: t.source.previewStates,
          subject: fn(t.subject.spec),
          html: Object.fromEntries(t.builds.map((b) => [`${b.brand}:${b.dir}`, fn(b.htmlSpec)])),
          text: Object.fromEntries(t.builds.map((b) => [`${b.brand}:${b.dir}`, fn(b.textSpec)])),
        };
      }
      cache = used;
      return {
        formatVersion: 1,
        runtime: runtime as unknown as RegistryRuntime,
        defaultLocale: parts.defaultLocale ?? 'en',
        templates,
        locales: Object.fromEntries(parts.locales.map((l) => [l.code, l])),
        brands: Object.fromEntries(parts.brands.map((b) => [b.name, b])),
      };
    },
  };
}

/**
 * Turns a build result into a registry module in memory (what `dist/registry.js` would export), so
 * the check, the studio and tests can render without writing or importing files.
 * @example createRenderer(registryFromBuild(await buildRegistry({ write: false })))
 */
export function registryFromBuild(result: BuildResult, defaultLocale = 'en'): RegistryModule {
  return createRegistryAssembler().assemble({ ...result, defaultLocale });
}
