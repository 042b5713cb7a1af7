/**
 * @mailroom/templates — the run-time side of the template registry.
 *
 * Importing this module loads only the generated `dist/registry.js` (precompiled Handlebars over
 * build-time MJML HTML) and `handlebars/runtime`: no MJML, no compiler, no file reads.
 */
import * as built from '../dist/registry.js';
import { createRenderer } from './renderer.js';
import type { RegistryModule } from './types.js';

const renderer = createRenderer(built as unknown as RegistryModule);

/**
 * Renders one email: `{ subject, html, text, templateId, locale }`. User data is HTML-escaped in the
 * HTML part; the subject is a single line with control characters removed.
 * @example
 * const email = render({ trigger: 'SignUp', data: { code: '123456', username: 'ana', userAttributes: { email: 'ana@example.com' } } });
 */
export const render = renderer.render;

/**
 * Picks the brand: app client id map, then `clientMetadata.brand` (if it names a brand), then the
 * default brand — so admin operations (`CLIENT_ID_NOT_APPLICABLE`) still get one. Never throws.
 * @example resolveBrand({ clientId: event.callerContext.clientId, clientMetadata: event.request.clientMetadata })
 */
export const resolveBrand = renderer.resolveBrand;

/**
 * Negotiates the locale: `userAttributes.locale` → `clientMetadata.locale` → brand default →
 * `defaultLocale`, each with language fallback (`pt-BR` → `pt`).
 * @example resolveLocale({ userAttributes: { locale: 'pt-BR' }, clientMetadata: null, brand: 'acme', defaultLocale: 'en' }) // 'pt'
 */
export const resolveLocale = renderer.resolveLocale;

/**
 * The template id for a trigger, honouring the brand's per-trigger overrides.
 * @example resolveTemplateId('CustomEmailSender_SignUp', 'acme') // 'welcome-rich'
 */
export const resolveTemplateId = renderer.resolveTemplateId;

/**
 * Where an event's email goes, exactly as the dispatcher routes it (brand, locale, template), with how
 * each was decided. Pass `templateId` to learn whether that template is what the brand really sends.
 * @example
 * resolveAsSent({ trigger: 'SignUp', clientId: '3n4c8kq1acmeweb0000example', userAttributes: { locale: 'pt-BR' } })
 * // { brand: 'acme', locale: 'pt', templateId: 'welcome-rich', sentAsIs: true,
 * //   how: { brand: 'client 3n4c… → acme', locale: 'pt-BR → pt (userAttributes.locale)', template: … } }
 */
export const resolveAsSent = renderer.resolveAsSent;

/**
 * Every template (defaults and variants) with its trigger, variants and preview state names.
 * @example listTemplates().map((t) => t.id)
 */
export const listTemplates = renderer.listTemplates;

/**
 * Locale codes with a catalog, sorted.
 * @example listLocales() // ['ar', 'de', 'en', 'pt']
 */
export const listLocales = renderer.listLocales;

/**
 * Every configured brand (copies; editing them changes nothing).
 * @example listBrands().find((b) => b.default)?.name
 */
export const listBrands = renderer.listBrands;

/**
 * The named sample-data states from a template's `preview.json`.
 * @example getPreviewStates('sign-up')[0]?.data
 */
export const getPreviewStates = renderer.getPreviewStates;

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
