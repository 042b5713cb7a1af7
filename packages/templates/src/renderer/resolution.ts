/**
 * Which brand, locale and template an event gets — the dispatcher's routing and the studio's "Auto (as
 * sent)" both call `resolveAsSent`, so the preview can never pick a combination production would not.
 * Each step also says how it decided ("pt-BR → pt (userAttributes.locale)", "client 3n4c… → acme").
 */
import {
  CLIENT_ID_NOT_APPLICABLE,
  TRIGGERS,
  type TriggerName,
  type TriggerSource,
} from '@mailroom/shared-types';
import { TemplateError } from '../errors.js';
import { matchLocale, normalizeLocaleTag } from '../locale.js';
import { type Catalog, getBrand, getLocale, getTemplate, triggerOf } from './catalogs.js';

export interface LocaleQuery {
  userAttributes?: Record<string, string> | null;
  clientMetadata?: Record<string, string> | null;
  /** Brand name whose `defaultLocale` is the third choice. */
  brand?: string | null;
  /** `DEFAULT_LOCALE`; the registry's base locale (`en`) when omitted. */
  defaultLocale?: string | null;
}

export interface BrandQuery {
  clientId?: string | null;
  clientMetadata?: Record<string, string> | null;
}

/** The event fields that decide where an email goes, as Cognito sends them. */
export interface AsSentQuery {
  /** The trigger (name or source); defaults to `templateId`'s trigger. */
  trigger?: TriggerName | TriggerSource | null;
  /**
   * The template being previewed. Optional: when given, `sentAsIs` says whether the resolved brand
   * really sends it for this trigger.
   */
  templateId?: string | null;
  /** `callerContext.clientId`. */
  clientId?: string | null;
  /** `request.clientMetadata` (`brand`, `locale`). */
  clientMetadata?: Record<string, string> | null;
  /** `request.userAttributes` (`locale`, `custom:locale`). */
  userAttributes?: Record<string, string> | null;
  /** `DEFAULT_LOCALE`. */
  defaultLocale?: string | null;
}

/** Where an event's email goes, and how each part was decided (for people: the studio, docs). */
export interface AsSent {
  brand: string;
  locale: string;
  /** The template the dispatcher sends for this trigger and brand. */
  templateId: string;
  /** false when `query.templateId` is not the template `brand` sends for this trigger. */
  sentAsIs: boolean;
  how: { brand: string; locale: string; template: string };
}

const BRAND_NAME = /^[\w.-]{1,40}$/;

interface Decision {
  value: string;
  how: string;
}

/** Client ids are long and alike; the first four characters are enough to recognise one. */
function shortId(clientId: string): string {
  return clientId.length > 4 ? `${clientId.slice(0, 4)}…` : clientId;
}

function decideBrand(catalog: Catalog, { clientId, clientMetadata }: BrandQuery): Decision {
  const fromClient = clientId ? catalog.brandByClientId.get(clientId) : undefined;
  if (clientId && fromClient)
    return { value: fromClient, how: `client ${shortId(clientId)} → ${fromClient}` };
  const requested = clientMetadata?.brand;
  if (requested && Object.hasOwn(catalog.registry.brands, requested)) {
    return { value: requested, how: `clientMetadata.brand → ${requested}` };
  }
  const name = catalog.defaultBrand.name;
  let why = 'no client id or clientMetadata.brand';
  if (clientId === CLIENT_ID_NOT_APPLICABLE) why = 'no app client (admin operation)';
  else if (clientId) why = `client ${shortId(clientId)} belongs to no brand`;
  // Shown only when it looks like a brand name: clientMetadata is the app's data.
  if (requested)
    why += `, clientMetadata.brand ${BRAND_NAME.test(requested) ? `"${requested}" ` : ''}unknown`;
  return { value: name, how: `${why} → ${name} (default brand)` };
}

function localeCandidates(catalog: Catalog, q: LocaleQuery): [string, string | null | undefined][] {
  const brand = q.brand && Object.hasOwn(catalog.registry.brands, q.brand) ? q.brand : null;
  return [
    ['userAttributes.locale', q.userAttributes?.locale],
    ['userAttributes.custom:locale', q.userAttributes?.['custom:locale']],
    ['clientMetadata.locale', q.clientMetadata?.locale],
    [`brands/${brand}.json defaultLocale`, brand ? catalog.registry.brands[brand]?.defaultLocale : null],
    ['DEFAULT_LOCALE', q.defaultLocale],
  ];
}

function decideLocale(catalog: Catalog, q: LocaleQuery): Decision {
  const skipped: string[] = [];
  for (const [source, requested] of localeCandidates(catalog, q)) {
    const hit = requested ? matchLocale(requested, catalog.localeCodes) : undefined;
    // Shown normalised (letters, digits, dashes only): the attribute is user data.
    const tag = requested ? normalizeLocaleTag(requested) || 'an invalid tag' : '';
    if (!hit) {
      if (requested) skipped.push(`no catalog for ${tag} (${source})`);
      continue;
    }
    const how = tag === hit ? `${hit} (${source})` : `${tag} → ${hit} (${source})`;
    return { value: hit, how: [how, ...skipped].join('; ') };
  }
  if (q.defaultLocale) getLocale(catalog, q.defaultLocale); // throws LOCALE_NOT_FOUND naming DEFAULT_LOCALE
  const base = catalog.registry.defaultLocale;
  return { value: base, how: [`${base} (base locale)`, ...skipped].join('; ') };
}

/**
 * Picks the brand: app client id, then `clientMetadata.brand` (if it names a brand), then the default
 * brand — so admin operations (`CLIENT_ID_NOT_APPLICABLE`) still get one. Never throws.
 * @example resolveBrand(catalog, { clientId: '3n4c8kq1acmeweb0000example' }) // 'acme'
 */
export function resolveBrand(catalog: Catalog, query: BrandQuery): string {
  return decideBrand(catalog, query).value;
}

/**
 * Negotiates the locale: `userAttributes.locale` → `custom:locale` → `clientMetadata.locale` → brand
 * default → `defaultLocale`, each with language fallback (`pt-BR` → `pt`), then the base locale.
 * @example resolveLocale(catalog, { userAttributes: { locale: 'pt-BR' } }) // 'pt'
 */
export function resolveLocale(catalog: Catalog, query: LocaleQuery): string {
  return decideLocale(catalog, query).value;
}

/**
 * The template id for a trigger, honouring the brand's per-trigger overrides.
 * @example resolveTemplateId(catalog, 'CustomEmailSender_SignUp', 'acme') // 'welcome-rich'
 */
export function resolveTemplateId(
  catalog: Catalog,
  trigger: TriggerName | TriggerSource,
  brand?: string | null,
): string {
  const t = triggerOf(trigger);
  const override = brand ? getBrand(catalog, brand).templates[t.name] : undefined;
  const id = override ?? TRIGGERS.find((x) => x.name === t.name)?.templateId ?? '';
  getTemplate(catalog, id);
  return id;
}

function triggerFor(catalog: Catalog, query: AsSentQuery): TriggerName | TriggerSource {
  if (query.trigger) return query.trigger;
  if (query.templateId) return getTemplate(catalog, query.templateId).trigger;
  throw new TemplateError('TEMPLATE_NOT_FOUND', 'resolveAsSent() needs `trigger` or `templateId`');
}

/**
 * Resolves an event exactly as the dispatcher sends it: brand (client id → `clientMetadata.brand` →
 * default), locale (user → app → brand → `DEFAULT_LOCALE` → base) and the template that brand sends for
 * the trigger, each with a human-readable `how`. Throws only for an unknown trigger/template or an
 * unknown `DEFAULT_LOCALE`.
 * @example
 * resolveAsSent(catalog, { templateId: 'welcome-rich', userAttributes: { locale: 'en-GB' } })
 * // { brand: 'default', locale: 'en', templateId: 'sign-up', sentAsIs: false,
 * //   how: { …, template: 'not sent as-is: default sends sign-up' } }
 */
export function resolveAsSent(catalog: Catalog, query: AsSentQuery): AsSent {
  const trigger = triggerOf(triggerFor(catalog, query));
  const brand = decideBrand(catalog, query);
  const locale = decideLocale(catalog, { ...query, brand: brand.value });
  const templateId = resolveTemplateId(catalog, trigger.name, brand.value);
  const sentAsIs = !query.templateId || query.templateId === templateId;
  const overridden = getBrand(catalog, brand.value).templates[trigger.name] !== undefined;
  let template = overridden
    ? `${brand.value} sends ${templateId} for ${trigger.name}`
    : `${templateId} (the ${trigger.name} default)`;
  if (!sentAsIs) template = `not sent as-is: ${brand.value} sends ${templateId}`;
  return {
    brand: brand.value,
    locale: locale.value,
    templateId,
    sentAsIs,
    how: { brand: brand.how, locale: locale.how, template },
  };
}
