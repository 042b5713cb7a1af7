/**
 * @mailroom/templates — the run-time side of the template registry.
 *
 * Importing this module loads only the generated `dist/registry.js` (precompiled Handlebars over
 * build-time MJML HTML) and `handlebars/runtime`: no MJML, no compiler, no file reads.
 *
 * Each export is its own function over the built registry's catalog (not a method of one `createRenderer`
 * object, which `createRenderer` in renderer.ts still returns for other registries): esbuild drops the ones a
 * bundle never imports, so the dispatcher carries no listing or preview code (≈ 0.8 KB; bench/README.md).
 */

import type { RenderedEmail, TriggerName, TriggerSource } from '@mailroom/shared-types';
import * as built from '../dist/registry.js';
import * as catalogs from './renderer/catalogs.js';
import { installHelpers } from './renderer/helpers.js';
import { render as renderWith } from './renderer/render.js';
import type { AsSent, AsSentQuery, BrandQuery, LocaleQuery } from './renderer/resolution.js';
import * as resolution from './renderer/resolution.js';
import type { BrandMeta, PreviewState, RegistryModule, RenderInput, TemplateMeta } from './types.js';

const registry = built as unknown as RegistryModule;
const catalog = catalogs.indexRegistry(registry);
installHelpers(registry.runtime);

/**
 * Renders one email: `{ subject, html, text, templateId, locale }`. User data is HTML-escaped in the
 * HTML part; the subject is a single line with control characters removed.
 * @example
 * const email = render({ trigger: 'SignUp', data: { code: '123456', username: 'ana', userAttributes: { email: 'ana@example.com' } } });
 */
export const render = (input: RenderInput): RenderedEmail => renderWith(catalog, input);

/**
 * Picks the brand: app client id map, then `clientMetadata.brand` (if it names a brand), then the
 * default brand — so admin operations (`CLIENT_ID_NOT_APPLICABLE`) still get one. Never throws.
 * @example resolveBrand({ clientId: event.callerContext.clientId, clientMetadata: event.request.clientMetadata })
 */
export const resolveBrand = (query: BrandQuery): string => resolution.resolveBrand(catalog, query);

/**
 * Negotiates the locale: `userAttributes.locale` → `clientMetadata.locale` → brand default →
 * `defaultLocale`, each with language fallback (`pt-BR` → `pt`).
 * @example resolveLocale({ userAttributes: { locale: 'pt-BR' }, clientMetadata: null, brand: 'acme', defaultLocale: 'en' }) // 'pt'
 */
export const resolveLocale = (query: LocaleQuery): string => resolution.resolveLocale(catalog, query);

/**
 * The template id for a trigger, honouring the brand's per-trigger overrides.
 * @example resolveTemplateId('CustomEmailSender_SignUp', 'acme') // 'welcome-rich'
 */
export const resolveTemplateId = (trigger: TriggerName | TriggerSource, brand?: string | null): string =>
  resolution.resolveTemplateId(catalog, trigger, brand);

/**
 * Where an event's email goes, exactly as the dispatcher routes it (brand, locale, template), with how
 * each was decided. Pass `templateId` to learn whether that template is what the brand really sends.
 * @example
 * resolveAsSent({ trigger: 'SignUp', clientId: '3n4c8kq1acmeweb0000example', userAttributes: { locale: 'pt-BR' } })
 * // { brand: 'acme', locale: 'pt', templateId: 'welcome-rich', sentAsIs: true,
 * //   how: { brand: 'client 3n4c… → acme', locale: 'pt-BR → pt (userAttributes.locale)', template: … } }
 */
export const resolveAsSent = (query: AsSentQuery): AsSent => resolution.resolveAsSent(catalog, query);

/**
 * Every template (defaults and variants) with its trigger, variants and preview state names.
 * @example listTemplates().map((t) => t.id)
 */
export const listTemplates = (): TemplateMeta[] => catalogs.listTemplates(catalog);

/**
 * Locale codes with a catalog, sorted.
 * @example listLocales() // ['ar', 'de', 'en', 'pt']
 */
export const listLocales = (): string[] => catalogs.listLocales(catalog);

/**
 * Every configured brand (copies; editing them changes nothing).
 * @example listBrands().find((b) => b.default)?.name
 */
export const listBrands = (): BrandMeta[] => catalogs.listBrands(catalog);

/**
 * The named sample-data states from a template's `preview.json`.
 * @example getPreviewStates('sign-up')[0]?.data
 */
export const getPreviewStates = (templateId: string): PreviewState[] =>
  catalogs.getPreviewStates(catalog, templateId);

export type { RenderedEmail } from '@mailroom/shared-types';
export type { TemplateErrorCode } from './errors.js';
export { TEMPLATE_ERROR_CODES, TemplateError } from './errors.js';
export { matchLocale, normalizeLocaleTag } from './locale.js';
export type { AsSent, AsSentQuery, BrandQuery, LocaleQuery, Renderer } from './renderer.js';
export { createRenderer } from './renderer.js';
export type {
  BrandColors,
  BrandMeta,
  PreviewCallerContext,
  PreviewState,
  RenderInput,
  TemplateContext,
  TemplateInput,
  TemplateLinks,
  TemplateMeta,
} from './types.js';
