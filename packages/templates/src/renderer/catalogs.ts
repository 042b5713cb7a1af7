/**
 * The registry module indexed for look-ups: brands by name and client id, templates by id, locales by
 * tag (with language fallback), and the listings the studio and tests read. Every miss is a typed
 * `TemplateError` naming what exists.
 */
import { TRIGGERS, type TriggerName, type TriggerSource, triggerInfo } from '@mailroom/shared-types';
import { TemplateError } from '../errors.js';
import { matchLocale } from '../locale.js';
import type {
  BrandMeta,
  PreviewState,
  RegistryLocale,
  RegistryModule,
  RegistryTemplate,
  TemplateMeta,
} from '../types.js';

/** One registry module with the indexes every look-up needs, built once per `createRenderer`. */
export interface Catalog {
  registry: RegistryModule;
  /** Locale codes with a catalog, sorted. */
  localeCodes: string[];
  brands: BrandMeta[];
  defaultBrand: BrandMeta;
  /** `callerContext.clientId` → brand name. */
  brandByClientId: Map<string, string>;
  /** The base locale's messages, every other catalog's fallback. */
  baseMessages: Record<string, string>;
}

/**
 * Indexes a registry module; refuses one that was never built (or has no brands).
 * @example const catalog = indexRegistry(await import('./dist/registry.js'))
 */
export function indexRegistry(registry: RegistryModule): Catalog {
  if (registry.formatVersion !== 1 || Object.keys(registry.templates).length === 0) {
    throw new TemplateError(
      'REGISTRY_NOT_BUILT',
      'the template registry is missing or outdated; run `pnpm --filter @mailroom/templates build`',
    );
  }
  const brands = Object.values(registry.brands);
  const defaultBrand = brands.find((b) => b.default) ?? brands[0];
  if (!defaultBrand) throw new TemplateError('REGISTRY_NOT_BUILT', 'the registry has no brands; rebuild it');
  const brandByClientId = new Map<string, string>();
  for (const b of brands) for (const id of b.clientIds) brandByClientId.set(id, b.name);
  return {
    registry,
    localeCodes: Object.keys(registry.locales).sort(),
    brands,
    defaultBrand,
    brandByClientId,
    baseMessages: registry.locales[registry.defaultLocale]?.messages ?? {},
  };
}

/**
 * A trigger by name or source, or `TEMPLATE_NOT_FOUND` listing the known ones.
 * @example triggerOf('CustomEmailSender_SignUp') // { name: 'SignUp', source: 'CustomEmailSender_SignUp' }
 */
export function triggerOf(value: string): { name: TriggerName; source: TriggerSource } {
  const info = triggerInfo(value);
  if (!info) {
    const known = TRIGGERS.map((t) => t.name).join(', ');
    throw new TemplateError('TEMPLATE_NOT_FOUND', `unknown trigger "${value}"; expected one of ${known}`, {
      details: { trigger: value },
    });
  }
  return { name: info.name, source: info.source };
}

/**
 * A brand by name, or `BRAND_NOT_FOUND` naming the file to add.
 * @example getBrand(catalog, 'acme').displayName // 'Acme'
 */
export function getBrand(catalog: Catalog, name: string): BrandMeta {
  const { brands } = catalog.registry;
  const brand = Object.hasOwn(brands, name) ? brands[name] : undefined;
  if (!brand) {
    throw new TemplateError(
      'BRAND_NOT_FOUND',
      `unknown brand "${name}"; known brands: ${Object.keys(brands).join(', ')} (add brands/${name}.json)`,
      { details: { brand: name } },
    );
  }
  return brand;
}

/**
 * A template by id, or `TEMPLATE_NOT_FOUND` listing the known ones.
 * @example getTemplate(catalog, 'sign-up').trigger // 'SignUp'
 */
export function getTemplate(catalog: Catalog, id: string): RegistryTemplate {
  const { templates } = catalog.registry;
  const template = Object.hasOwn(templates, id) ? templates[id] : undefined;
  if (!template) {
    throw new TemplateError(
      'TEMPLATE_NOT_FOUND',
      `unknown template "${id}"; known templates: ${Object.keys(templates).join(', ')}`,
      { details: { templateId: id } },
    );
  }
  return template;
}

/**
 * The catalog for a locale tag (`pt-BR` falls back to `pt`), or `LOCALE_NOT_FOUND` listing what exists.
 * @example getLocale(catalog, 'pt-BR').code // 'pt'
 */
export function getLocale(catalog: Catalog, code: string): RegistryLocale {
  const match = matchLocale(code, catalog.localeCodes);
  const locale = match ? catalog.registry.locales[match] : undefined;
  if (!locale) {
    throw new TemplateError(
      'LOCALE_NOT_FOUND',
      `no catalog for locale "${code}" (nor its language); available: ${catalog.localeCodes.join(', ')}`,
      { details: { locale: code } },
    );
  }
  return locale;
}

/**
 * Every template (defaults and variants) with its trigger, variants and preview state names, by id.
 * @example listTemplates(catalog).map((t) => t.id)
 */
export function listTemplates(catalog: Catalog): TemplateMeta[] {
  const all = Object.values(catalog.registry.templates);
  return all
    .map((t) => {
      const info = triggerOf(t.trigger);
      return {
        id: t.id,
        trigger: info.name,
        triggerSource: info.source,
        variantOf: t.variantOf,
        variants: all.filter((v) => v.variantOf === t.id).map((v) => v.id),
        description: t.description,
        previewStates: t.previewStates.map((s) => s.name),
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Copies of a template's preview states (editing them changes nothing).
 * @example getPreviewStates(catalog, 'sign-up')[0]?.name // 'default'
 */
export function getPreviewStates(catalog: Catalog, templateId: string): PreviewState[] {
  return structuredClone(getTemplate(catalog, templateId).previewStates);
}

/**
 * Locale codes with a catalog, sorted (a copy).
 * @example listLocales(catalog) // ['ar', 'de', 'en', 'pt']
 */
export function listLocales(catalog: Catalog): string[] {
  return [...catalog.localeCodes];
}

/**
 * Every configured brand (copies; editing them changes nothing).
 * @example listBrands(catalog).find((b) => b.default)?.name
 */
export function listBrands(catalog: Catalog): BrandMeta[] {
  return catalog.brands.map((b) => structuredClone(b));
}
