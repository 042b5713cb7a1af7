/**
 * One render: untrusted event data cleaned, the template context built (links, take-over details,
 * display name), then the precompiled subject, HTML and text parts run with the locale's catalog.
 */
import { displayNameOf, type RenderedEmail, truncateText } from '@mailroom/shared-types';
import { TemplateError } from '../errors.js';
import { buildLinks } from '../links.js';
import type {
  BrandMeta,
  CompiledTemplate,
  RegistryLocale,
  RegistryTemplate,
  RenderInput,
  TemplateContext,
  TemplateInput,
} from '../types.js';
import { type Catalog, getBrand, getLocale, getTemplate, triggerOf } from './catalogs.js';
import type { RenderData } from './helpers.js';
import { resolveBrand, resolveLocale, resolveTemplateId } from './resolution.js';

// Everything below U+0020 except TAB/LF/CR, plus DEL: never meaningful in an email, sometimes an attack.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point (stripping them)
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: a subject must not carry CR/LF or other controls
const SUBJECT_BREAKS = /[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** Cut at Cognito's 2,048-character attribute limit first, so no regex here ever sees more. */
function clean(value: string): string {
  return truncateText(value).replace(CONTROL, '');
}

function cleanRecord(record: Record<string, string> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!record) return out;
  for (const [k, v] of Object.entries(record)) if (typeof v === 'string') out[k] = clean(v);
  return out;
}

/** The per-user data with every string cleaned (controls stripped, cut at 2,048 characters). */
function cleanInput(raw: TemplateInput): TemplateInput & { clientMetadata: Record<string, string> } {
  return {
    code: raw.code == null ? null : clean(String(raw.code)),
    username: clean(String(raw.username ?? '')),
    userAttributes: cleanRecord(raw.userAttributes),
    clientMetadata: cleanRecord(raw.clientMetadata),
    ...(raw.appUrl ? { appUrl: raw.appUrl } : {}),
  };
}

/** Account take-over details, with "unknown" in the email's language for what Cognito did not send. */
function takeOverEvent(attrs: Record<string, string>, unknown: string): TemplateContext['event'] {
  const place = [attrs.CITY, attrs.COUNTRY].filter(Boolean).join(', ');
  return {
    time: attrs.LOGIN_TIME || unknown,
    place: place || unknown,
    device: attrs.DEVICE_NAME || unknown,
    ip: attrs.IP_ADDRESS || unknown,
    blocked: /^block/i.test(attrs.ACCOUNT_TAKE_OVER_ACTION ?? ''),
  };
}

/** The explicit template, else the one the brand sends for the trigger. */
function templateFor(catalog: Catalog, input: RenderInput, brand: string): RegistryTemplate {
  if (input.templateId) return getTemplate(catalog, input.templateId);
  if (!input.trigger)
    throw new TemplateError('TEMPLATE_NOT_FOUND', 'render() needs `trigger` or `templateId`');
  return getTemplate(catalog, resolveTemplateId(catalog, input.trigger, brand));
}

function buildContext(
  catalog: Catalog,
  parts: { raw: TemplateInput; data: TemplateInput; trigger: TemplateContext['trigger'] },
  brand: BrandMeta,
  locale: RegistryLocale,
): TemplateContext {
  const { raw, data, trigger } = parts;
  const userAttributes = data.userAttributes;
  const unknown = locale.messages['common.unknown'] ?? catalog.baseMessages['common.unknown'] ?? '—';
  return {
    code: data.code ?? null,
    username: data.username,
    email: clean(raw.email ?? userAttributes.email ?? ''),
    // Greetings and subjects: one line, at most 100 characters (shared-types displayNameOf).
    displayName: displayNameOf(userAttributes.given_name || userAttributes.name || data.username),
    userAttributes,
    clientMetadata: data.clientMetadata ?? {},
    trigger,
    locale: { code: locale.code, dir: locale.dir, name: locale.name },
    brand,
    links: buildLinks(trigger.name, brand, data),
    event: takeOverEvent(userAttributes, unknown),
  };
}

/** Runs one compiled part; strict-mode failures become `MISSING_VARIABLE` naming the variable. */
function run(
  template: RegistryTemplate,
  part: string,
  fn: CompiledTemplate | undefined,
  ctx: TemplateContext,
  data: RenderData,
): string {
  if (!fn) {
    throw new TemplateError(
      'REGISTRY_NOT_BUILT',
      `template "${template.id}" has no ${part} build for brand "${ctx.brand.name}" (${ctx.locale.dir}); rebuild the registry`,
    );
  }
  try {
    return fn(ctx, { data: data as unknown as Record<string, unknown> });
  } catch (err) {
    if (err instanceof TemplateError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    const variable = /^"([^"]+)" not defined/.exec(message)?.[1];
    if (variable) {
      throw new TemplateError(
        'MISSING_VARIABLE',
        `template "${template.id}" (${part}) uses "${variable}", which the data does not provide; pass it or guard it with {{#if}}`,
        { cause: err, details: { templateId: template.id, part, variable } },
      );
    }
    throw new TemplateError('MISSING_VARIABLE', `template "${template.id}" (${part}) failed: ${message}`, {
      cause: err,
      details: { templateId: template.id, part },
    });
  }
}

/** The subject, HTML and text parts of one template for one brand, locale and context. */
function renderParts(
  catalog: Catalog,
  template: RegistryTemplate,
  ctx: TemplateContext,
  locale: RegistryLocale,
): RenderedEmail {
  const namespaces = [template.id, ...(template.variantOf ? [template.variantOf] : [])];
  const frame = (escapeHtml: boolean): RenderData => ({
    mailroom: {
      messages: locale.messages,
      fallback: catalog.baseMessages,
      escape: escapeHtml,
      namespaces,
      locale: locale.code,
    },
  });
  const key = `${ctx.brand.name}:${locale.dir}`;
  const html = run(template, 'html', template.html[key], ctx, frame(true));
  const text = run(template, 'text', template.text[key], ctx, frame(false))
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const subject = run(template, 'subject', template.subject, ctx, frame(false))
    .replace(SUBJECT_BREAKS, ' ')
    .trim();
  return { subject, html, text: `${text}\n`, templateId: template.id, locale: locale.code };
}

/**
 * Renders one email: `{ subject, html, text, templateId, locale }`. Brand and locale default to what the
 * data resolves to (`clientMetadata.brand`; user → app → brand locale); a trigger routes through the
 * brand's template overrides.
 * @example render(catalog, { trigger: 'SignUp', data: { code: '1', username: 'ana', userAttributes: {} } }).subject
 */
export function render(catalog: Catalog, input: RenderInput): RenderedEmail {
  const raw: TemplateInput | undefined = input?.data;
  if (!raw || typeof raw !== 'object') {
    throw new TemplateError('MISSING_VARIABLE', 'render() needs `data` ({ username, userAttributes, … })');
  }
  const data = cleanInput(raw);
  const { userAttributes, clientMetadata } = data;
  const brand = getBrand(catalog, input.brand ?? resolveBrand(catalog, { clientMetadata }));
  const template = templateFor(catalog, input, brand.name);
  const trigger = triggerOf(input.trigger ?? template.trigger);
  const locale = getLocale(
    catalog,
    input.locale || resolveLocale(catalog, { userAttributes, clientMetadata, brand: brand.name }),
  );
  const ctx = buildContext(catalog, { raw, data, trigger }, brand, locale);
  return renderParts(catalog, template, ctx, locale);
}
