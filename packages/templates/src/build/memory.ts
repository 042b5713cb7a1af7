import Handlebars from 'handlebars';
import type { CompiledTemplate, RegistryModule, RegistryRuntime, RegistryTemplate } from '../types.js';
import type { BuildResult } from './registry.js';

/**
 * Turns a build result into a registry module in memory (what `dist/registry.js` would export), so
 * the check, the dev server and tests can render without writing or importing files.
 * @example createRenderer(registryFromBuild(await buildRegistry({ write: false })))
 */
export function registryFromBuild(result: BuildResult, defaultLocale = 'en'): RegistryModule {
  const runtime = Handlebars.create();
  const cache = new Map<string, CompiledTemplate>();
  const fn = (spec: string): CompiledTemplate => {
    let compiled = cache.get(spec);
    if (!compiled) {
      // The spec is the compiler's own JavaScript output, exactly what the emitted module embeds.
      const specObject = new Function(`return (${spec});`)() as TemplateSpecification;
      compiled = runtime.template(specObject) as CompiledTemplate;
      cache.set(spec, compiled);
    }
    return compiled;
  };
  const templates: Record<string, RegistryTemplate> = {};
  for (const t of result.templates) {
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
  return {
    formatVersion: 1,
    runtime: runtime as unknown as RegistryRuntime,
    defaultLocale,
    templates,
    locales: Object.fromEntries(result.locales.map((l) => [l.code, l])),
    brands: Object.fromEntries(result.brands.map((b) => [b.name, b])),
  };
}
