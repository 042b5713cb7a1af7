import type { BrandColors, BrandMeta, TemplateContext, TemplateLinks } from '../types.js';

/** A field of the template data: a value (`true`), a record any key of which is fine, or nested fields. */
export type Shape = true | 'record' | { readonly [key: string]: Shape };

const colors = {
  primary: true,
  onPrimary: true,
  background: true,
  surface: true,
  text: true,
  muted: true,
  codeBackground: true,
  danger: true,
} as const satisfies Record<keyof BrandColors, Shape>;

const brand = {
  name: true,
  displayName: true,
  colors,
  logoUrl: true,
  logoWidth: true,
  supportEmail: true,
  appUrl: true,
  defaultLocale: true,
  clientIds: 'record',
  templates: 'record',
  default: true,
  legalName: true,
} as const satisfies Record<keyof BrandMeta, Shape>;

const links = {
  home: true,
  primary: true,
  verify: true,
  reset: true,
  verifyAttribute: true,
  signIn: true,
  security: true,
  support: true,
  thisWasMe: true,
  thisWasNotMe: true,
} as const satisfies Record<keyof TemplateLinks, Shape>;

/**
 * What a template may reference at send time: `TemplateContext` (src/types.ts) as data. `satisfies`
 * makes the compiler fail when a field is added to or removed from the types but not here.
 */
export const DATA_MODEL = {
  code: true,
  username: true,
  email: true,
  displayName: true,
  userAttributes: 'record',
  clientMetadata: 'record',
  trigger: { name: true, source: true } satisfies Record<keyof TemplateContext['trigger'], Shape>,
  locale: { code: true, dir: true, name: true } satisfies Record<keyof TemplateContext['locale'], Shape>,
  brand,
  links,
  event: {
    time: true,
    place: true,
    device: true,
    ip: true,
    blocked: true,
  } satisfies Record<keyof TemplateContext['event'], Shape>,
} as const satisfies Record<keyof TemplateContext, Shape>;

/**
 * Whether a dotted path names something in the data model (`userAttributes.<anything>` is fine).
 * @example inDataModel(['links', 'verify']) // true; inDataModel(['links', 'verfy']) // false
 */
export function inDataModel(parts: readonly string[], shape: Shape = DATA_MODEL): boolean {
  const [head, ...rest] = parts;
  if (head === undefined) return true;
  if (shape === true) return false;
  if (shape === 'record') return rest.length === 0;
  const next = Object.hasOwn(shape, head) ? shape[head] : undefined;
  return next !== undefined && inDataModel(rest, next);
}
