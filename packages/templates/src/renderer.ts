/**
 * The run-time API over one registry module, wired from one file per concern in `renderer/`:
 * `catalogs` (look-ups and listings), `resolution` (brand, locale, template: as the dispatcher sends),
 * `helpers` (`t`, `attr`) and `render`. Imports no MJML, no compiler and no `dist/`: the studio and tests
 * bind it to registries they build in memory (`@mailroom/templates/renderer`).
 */
import type { RenderedEmail, TriggerName, TriggerSource } from '@mailroom/shared-types';
import * as catalogs from './renderer/catalogs.js';
import { installHelpers } from './renderer/helpers.js';
import { render } from './renderer/render.js';
import type { AsSent, AsSentQuery, BrandQuery, LocaleQuery } from './renderer/resolution.js';
import * as resolution from './renderer/resolution.js';
import type { BrandMeta, PreviewState, RegistryModule, RenderInput, TemplateMeta } from './types.js';

export { TemplateError } from './errors.js';
export type { AsSent, AsSentQuery, BrandQuery, LocaleQuery } from './renderer/resolution.js';
export type {
  BrandMeta,
  CompiledTemplate,
  PreviewCallerContext,
  PreviewState,
  RegistryLocale,
  RegistryModule,
  RenderInput,
  TemplateInput,
  TemplateMeta,
} from './types.js';

/** The run-time API over one registry module (the built one, or a test build in a temp dir). */
export interface Renderer {
  render(input: RenderInput): RenderedEmail;
  resolveBrand(query: BrandQuery): string;
  resolveLocale(query: LocaleQuery): string;
  resolveTemplateId(trigger: TriggerName | TriggerSource, brand?: string | null): string;
  resolveAsSent(query: AsSentQuery): AsSent;
  listTemplates(): TemplateMeta[];
  listLocales(): string[];
  listBrands(): BrandMeta[];
  getPreviewStates(templateId: string): PreviewState[];
}

/**
 * Creates the run-time API over a registry module. `index.ts` binds it to the built `dist/registry.js`;
 * the studio and tests bind it to registries they build in memory (`registryFromBuild`).
 * @example const { render } = createRenderer(await import('./dist/registry.js'))
 */
export function createRenderer(registry: RegistryModule): Renderer {
  const catalog = catalogs.indexRegistry(registry);
  installHelpers(registry.runtime);
  return {
    render: (input) => render(catalog, input),
    resolveBrand: (query) => resolution.resolveBrand(catalog, query),
    resolveLocale: (query) => resolution.resolveLocale(catalog, query),
    resolveTemplateId: (trigger, brand) => resolution.resolveTemplateId(catalog, trigger, brand),
    resolveAsSent: (query) => resolution.resolveAsSent(catalog, query),
    listTemplates: () => catalogs.listTemplates(catalog),
    listLocales: () => catalogs.listLocales(catalog),
    listBrands: () => catalogs.listBrands(catalog),
    getPreviewStates: (templateId) => catalogs.getPreviewStates(catalog, templateId),
  };
}
