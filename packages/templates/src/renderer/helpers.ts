/**
 * The two Handlebars helpers every template may call, installed once per registry runtime:
 * `{{t "key" name=value}}` (catalog look-up with `{name}` interpolation) and
 * `{{attr "given_name" fallback="…"}}` (optional user attributes without tripping strict mode).
 */
import { TemplateError } from '../errors.js';
import type { RegistryRuntime, TemplateContext } from '../types.js';

/** Per-render data handed to helpers through Handlebars' `@data` frame. */
export interface RenderData {
  mailroom: {
    messages: Record<string, string>;
    fallback: Record<string, string>;
    /** true for the HTML part: literal text and values are HTML-escaped. */
    escape: boolean;
    /** Where relative keys (`.cta`) resolve: the template's id, then the template it is a variant of. */
    namespaces: string[];
    locale: string;
  };
}

interface HelperOptions {
  hash: Record<string, unknown>;
  data: RenderData & { root: TemplateContext };
}

const helpersInstalled = new WeakSet<object>();

function isSafeString(value: unknown): value is { toHTML(): string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toHTML?: unknown }).toHTML === 'function'
  );
}

/** The message for `key` (relative keys resolved against the namespaces), preferring the locale's own. */
function lookUp(key: string, m: RenderData['mailroom']): { message: string; key: string } {
  const candidates = key.startsWith('.') ? m.namespaces.map((ns) => ns + key) : [key];
  for (const source of [m.messages, m.fallback]) {
    for (const c of candidates) {
      const message = Object.hasOwn(source, c) ? source[c] : undefined;
      if (message !== undefined) return { message, key: c };
    }
  }
  const resolvedKey = candidates[0] ?? key;
  throw new TemplateError(
    'MISSING_TRANSLATION',
    `translation "${resolvedKey}" is missing from locales/${m.locale}.json and the base catalog; add it`,
    { details: { key: resolvedKey, locale: m.locale } },
  );
}

/** Fills `{name}` placeholders from `params`, escaping literal text and values for the HTML part. */
function interpolate(
  runtime: RegistryRuntime,
  found: { message: string; key: string },
  params: Record<string, unknown>,
  m: RenderData['mailroom'],
): string {
  const { message, key } = found;
  const literal = (text: string): string => (m.escape ? runtime.escapeExpression(text) : text);
  const shown = (value: unknown): string => {
    if (m.escape && isSafeString(value)) return value.toHTML();
    const text = value == null ? '' : String(value);
    return m.escape ? runtime.escapeExpression(text) : text;
  };
  let out = '';
  let last = 0;
  for (const match of message.matchAll(/\{(\w+)\}/g)) {
    const name = match[1] ?? '';
    if (!Object.hasOwn(params, name)) {
      throw new TemplateError(
        'MISSING_VARIABLE',
        `translation "${key}" (${m.locale}) needs {${name}}; pass it as {{t "${key}" ${name}=…}}`,
        { details: { key, variable: name, locale: m.locale } },
      );
    }
    out += literal(message.slice(last, match.index)) + shown(params[name]);
    last = match.index + match[0].length;
  }
  return out + literal(message.slice(last));
}

/**
 * Registers `t` and `attr` on a registry's isolated Handlebars runtime (once; later calls do nothing).
 * @example installHelpers(registry.runtime)
 */
export function installHelpers(runtime: RegistryRuntime): void {
  if (helpersInstalled.has(runtime)) return;
  helpersInstalled.add(runtime);

  const t = (key: unknown, options: HelperOptions): unknown => {
    const m = options.data.mailroom;
    if (typeof key !== 'string')
      throw new TemplateError('MISSING_TRANSLATION', 't helper needs a string key');
    const root = options.data.root;
    // {brand} and {name} are always available, so a translator may use them in any string.
    const params = { brand: root.brand.displayName, name: root.displayName, ...options.hash };
    const out = interpolate(runtime, lookUp(key, m), params, m);
    return m.escape ? new runtime.SafeString(out) : out;
  };

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
