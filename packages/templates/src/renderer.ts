import {
  displayNameOf,
  type RenderedEmail,
  TRIGGERS,
  type TriggerName,
  type TriggerSource,
  triggerInfo,
  truncateText,
} from '@mailroom/shared-types';
import { TemplateError } from './errors.js';
import { buildLinks } from './links.js';
import { matchLocale } from './locale.js';
import type {
  BrandMeta,
  CompiledTemplate,
  PreviewState,
  RegistryLocale,
  RegistryModule,
  RegistryRuntime,
  RegistryTemplate,
  RenderInput,
  TemplateContext,
  TemplateInput,
  TemplateMeta,
} from './types.js';

/** Per-render data handed to helpers through Handlebars' `@data` frame. */
interface RenderData {
  mailroom: {
    messages: Record<string, string>;
    fallback: Record<string, string>;
    escape: boolean;
    namespaces: string[];
    locale: string;
  };
}

interface HelperOptions {
  hash: Record<string, unknown>;
  data: RenderData & { root: TemplateContext };
}

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

/** The run-time API over one registry module (the built one, or a test build in a temp dir). */
export interface Renderer {
  render(input: RenderInput): RenderedEmail;
  resolveBrand(query: BrandQuery): string;
  resolveLocale(query: LocaleQuery): string;
  resolveTemplateId(trigger: TriggerName | TriggerSource, brand?: string | null): string;
  listTemplates(): TemplateMeta[];
  listLocales(): string[];
  listBrands(): BrandMeta[];
  getPreviewStates(templateId: string): PreviewState[];
}

const helpersInstalled = new WeakSet<object>();
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

function isSafeString(value: unknown): value is { toHTML(): string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toHTML?: unknown }).toHTML === 'function'
  );
}

function installHelpers(runtime: RegistryRuntime): void {
  if (helpersInstalled.has(runtime)) return;
  helpersInstalled.add(runtime);

  // {{t "key" name=value}}: catalog lookup with `{name}` interpolation. Relative keys (".cta") resolve
  // against the template's own namespace, then the template it is a variant of.
  const t = (key: unknown, options: HelperOptions): unknown => {
    const m = options.data.mailroom;
    if (typeof key !== 'string')
      throw new TemplateError('MISSING_TRANSLATION', 't helper needs a string key');
    const candidates = key.startsWith('.') ? m.namespaces.map((ns) => ns + key) : [key];
    let message: string | undefined;
    let resolvedKey = candidates[0] ?? key;
    for (const source of [m.messages, m.fallback]) {
      for (const c of candidates) {
        if (message === undefined && Object.hasOwn(source, c)) {
          message = source[c];
          resolvedKey = c;
        }
      }
    }
    if (message === undefined) {
      throw new TemplateError(
        'MISSING_TRANSLATION',
        `translation "${resolvedKey}" is missing from locales/${m.locale}.json and the base catalog; add it`,
        { details: { key: resolvedKey, locale: m.locale } },
      );
    }
    const root = options.data.root;
    // {brand} and {name} are always available, so a translator may use them in any string.
    const params: Record<string, unknown> = {
      brand: root.brand.displayName,
      name: root.displayName,
      ...options.hash,
    };
    let out = '';
    let last = 0;
    for (const match of message.matchAll(/\{(\w+)\}/g)) {
      const name = match[1] ?? '';
      if (!Object.hasOwn(params, name)) {
        throw new TemplateError(
          'MISSING_VARIABLE',
          `translation "${resolvedKey}" (${m.locale}) needs {${name}}; pass it as {{t "${resolvedKey}" ${name}=…}}`,
          { details: { key: resolvedKey, variable: name, locale: m.locale } },
        );
      }
      const literal = message.slice(last, match.index);
      const value = params[name];
      if (m.escape) {
        out += runtime.escapeExpression(literal);
        out += isSafeString(value)
          ? value.toHTML()
          : runtime.escapeExpression(value == null ? '' : String(value));
      } else {
        out += literal + (value == null ? '' : String(value));
      }
      last = (match.index ?? 0) + match[0].length;
    }
    const tail = message.slice(last);
    out += m.escape ? runtime.escapeExpression(tail) : tail;
    return m.escape ? new runtime.SafeString(out) : out;
  };

  // {{attr "given_name" fallback="…"}}: optional user attributes without tripping strict mode.
  const attr = (name: unknown, options: HelperOptions): string => {
    const attrs = options.data.root.userAttributes;
    const value = typeof name === 'string' && Object.hasOwn(attrs, name) ? attrs[name] : undefined;
    if (value) return value;
    const fallback = options.hash.fallback;
    return fallback == null ? '' : String(fallback);
  };

  runtime.registerHelper('t', t as never);
  runtime.registerHelper('attr', attr as never);
}

function triggerOf(value: string): { name: TriggerName; source: TriggerSource } {
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
 * Creates the run-time API over a registry module. `index.ts` binds it to the built `dist/registry.js`;
 * tests bind it to registries they build into temp directories.
 * @example const { render } = createRenderer(await import('./dist/registry.js'))
 */
export function createRenderer(registry: RegistryModule): Renderer {
  if (registry.formatVersion !== 1 || Object.keys(registry.templates).length === 0) {
    throw new TemplateError(
      'REGISTRY_NOT_BUILT',
      'the template registry is missing or outdated; run `pnpm --filter @mailroom/templates build`',
    );
  }
  installHelpers(registry.runtime);
  const localeCodes = Object.keys(registry.locales).sort();
  const brandList = Object.values(registry.brands);
  const defaultBrand = brandList.find((b) => b.default) ?? brandList[0];
  if (!defaultBrand) throw new TemplateError('REGISTRY_NOT_BUILT', 'the registry has no brands; rebuild it');
  const byClientId = new Map<string, string>();
  for (const b of brandList) for (const id of b.clientIds) byClientId.set(id, b.name);
  const baseMessages = registry.locales[registry.defaultLocale]?.messages ?? {};

  function getBrand(name: string): BrandMeta {
    const brand = Object.hasOwn(registry.brands, name) ? registry.brands[name] : undefined;
    if (!brand) {
      throw new TemplateError(
        'BRAND_NOT_FOUND',
        `unknown brand "${name}"; known brands: ${Object.keys(registry.brands).join(', ')} (add brands/${name}.json)`,
        { details: { brand: name } },
      );
    }
    return brand;
  }

  function getTemplate(id: string): RegistryTemplate {
    const template = Object.hasOwn(registry.templates, id) ? registry.templates[id] : undefined;
    if (!template) {
      throw new TemplateError(
        'TEMPLATE_NOT_FOUND',
        `unknown template "${id}"; known templates: ${Object.keys(registry.templates).join(', ')}`,
        { details: { templateId: id } },
      );
    }
    return template;
  }

  function getLocale(code: string): RegistryLocale {
    const match = matchLocale(code, localeCodes);
    const locale = match ? registry.locales[match] : undefined;
    if (!locale) {
      throw new TemplateError(
        'LOCALE_NOT_FOUND',
        `no catalog for locale "${code}" (nor its language); available: ${localeCodes.join(', ')}`,
        { details: { locale: code } },
      );
    }
    return locale;
  }

  function resolveBrand({ clientId, clientMetadata }: BrandQuery): string {
    const fromClient = clientId ? byClientId.get(clientId) : undefined;
    if (fromClient) return fromClient;
    const requested = clientMetadata?.brand;
    if (requested && Object.hasOwn(registry.brands, requested)) return requested;
    return defaultBrand?.name ?? '';
  }

  function resolveLocale({ userAttributes, clientMetadata, brand, defaultLocale }: LocaleQuery): string {
    const brandLocale =
      brand && Object.hasOwn(registry.brands, brand) ? registry.brands[brand]?.defaultLocale : null;
    const candidates = [
      userAttributes?.locale,
      userAttributes?.['custom:locale'],
      clientMetadata?.locale,
      brandLocale,
      defaultLocale,
    ];
    for (const c of candidates) {
      const hit = c ? matchLocale(c, localeCodes) : undefined;
      if (hit) return hit;
    }
    if (defaultLocale) getLocale(defaultLocale); // throws LOCALE_NOT_FOUND naming DEFAULT_LOCALE
    return registry.defaultLocale;
  }

  function resolveTemplateId(trigger: TriggerName | TriggerSource, brand?: string | null): string {
    const t = triggerOf(trigger);
    const override = brand ? getBrand(brand).templates[t.name] : undefined;
    const id = override ?? TRIGGERS.find((x) => x.name === t.name)?.templateId ?? '';
    getTemplate(id);
    return id;
  }

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

  function render(input: RenderInput): RenderedEmail {
    const raw: TemplateInput | undefined = input?.data;
    if (!raw || typeof raw !== 'object') {
      throw new TemplateError('MISSING_VARIABLE', 'render() needs `data` ({ username, userAttributes, … })');
    }
    const clientMetadata = cleanRecord(raw.clientMetadata);
    const userAttributes = cleanRecord(raw.userAttributes);
    const brand = getBrand(input.brand ?? resolveBrand({ clientMetadata }));
    let templateId = input.templateId;
    if (!templateId) {
      if (!input.trigger) {
        throw new TemplateError('TEMPLATE_NOT_FOUND', 'render() needs `trigger` or `templateId`');
      }
      templateId = resolveTemplateId(input.trigger, brand.name);
    }
    const template = getTemplate(templateId);
    const trigger = triggerOf(input.trigger ?? template.trigger);
    const locale = input.locale
      ? getLocale(input.locale)
      : getLocale(resolveLocale({ userAttributes, clientMetadata, brand: brand.name }));

    const data: TemplateInput = {
      code: raw.code == null ? null : clean(String(raw.code)),
      username: clean(String(raw.username ?? '')),
      userAttributes,
      clientMetadata,
      ...(raw.appUrl ? { appUrl: raw.appUrl } : {}),
    };
    const unknown = locale.messages['common.unknown'] ?? baseMessages['common.unknown'] ?? '—';
    const place = [userAttributes.CITY, userAttributes.COUNTRY].filter(Boolean).join(', ');
    const ctx: TemplateContext = {
      code: data.code ?? null,
      username: data.username,
      email: clean(raw.email ?? userAttributes.email ?? ''),
      // Greetings and subjects: one line, at most 100 characters (shared-types displayNameOf).
      displayName: displayNameOf(userAttributes.given_name || userAttributes.name || data.username),
      userAttributes,
      clientMetadata,
      trigger,
      locale: { code: locale.code, dir: locale.dir, name: locale.name },
      brand,
      links: buildLinks(trigger.name, brand, data),
      event: {
        time: userAttributes.LOGIN_TIME || unknown,
        place: place || unknown,
        device: userAttributes.DEVICE_NAME || unknown,
        ip: userAttributes.IP_ADDRESS || unknown,
        blocked: /^block/i.test(userAttributes.ACCOUNT_TAKE_OVER_ACTION ?? ''),
      },
    };
    const namespaces = [template.id, ...(template.variantOf ? [template.variantOf] : [])];
    const mk = (escapeHtml: boolean): RenderData => ({
      mailroom: {
        messages: locale.messages,
        fallback: baseMessages,
        escape: escapeHtml,
        namespaces,
        locale: locale.code,
      },
    });
    const key = `${brand.name}:${locale.dir}`;
    const html = run(template, 'html', template.html[key], ctx, mk(true));
    const text = run(template, 'text', template.text[key], ctx, mk(false))
      .replace(/\r\n?/g, '\n')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    const subject = run(template, 'subject', template.subject, ctx, mk(false))
      .replace(SUBJECT_BREAKS, ' ')
      .trim();
    return { subject, html, text: `${text}\n`, templateId: template.id, locale: locale.code };
  }

  function listTemplates(): TemplateMeta[] {
    const all = Object.values(registry.templates);
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

  return {
    render,
    resolveBrand,
    resolveLocale,
    resolveTemplateId,
    listTemplates,
    listLocales: () => [...localeCodes],
    listBrands: () => brandList.map((b) => structuredClone(b)),
    getPreviewStates: (templateId: string) => structuredClone(getTemplate(templateId).previewStates),
  };
}
