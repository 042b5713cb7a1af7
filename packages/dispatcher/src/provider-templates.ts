/**
 * Provider-hosted templates: for teams whose designers edit emails in the provider's UI. Per trigger (and
 * optionally per brand) a provider can send its own template instead of our rendered HTML, filled with the
 * decrypted code and the standard data. Providers without an entry for the trigger keep sending our HTML,
 * so a failover chain mixes both freely.
 *
 * Configuration: `PROVIDER_TEMPLATES`, a JSON object, or a path to a JSON file (read once at cold start;
 * relative paths resolve against the working directory, `/var/task` on Lambda):
 *
 * ```json
 * {
 *   "sendgrid": { "ForgotPassword": "d-1a2b3c", "acme:SignUp": "d-4d5e6f" },
 *   "mailgun":  { "ForgotPassword": "forgot-password" },
 *   "brevo":    { "ForgotPassword": 12 },
 *   "ses":      { "ForgotPassword": "mailroom-forgot-password" }
 * }
 * ```
 *
 * Keys are trigger names (`SignUp`) or trigger sources (`CustomEmailSender_SignUp`), optionally prefixed
 * with a brand (`acme:SignUp`); a brand entry wins over the plain trigger entry. Brevo ids are positive
 * integers (a number or a numeric string); the others are strings.
 *
 * How each provider receives it (the adapters do the mapping): SendGrid `template_id` +
 * `dynamic_template_data`, Mailgun `template` + `t:variables` (JSON), Brevo `templateId` + `params`,
 * SES `Content.Template { TemplateName, TemplateData (JSON) }`. SMTP and the outbox have no hosted
 * templates: they always send our HTML.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  displayNameOf,
  type EmailMessage,
  oneLineText,
  PROVIDER_NAMES,
  type ProviderName,
  type TriggerName,
  triggerInfo,
} from '@mailroom/shared-types';

/** Providers that can send a template they host. */
export const TEMPLATE_PROVIDERS = [
  'sendgrid',
  'mailgun',
  'brevo',
  'ses',
] as const satisfies readonly ProviderName[];
export type TemplateProvider = (typeof TEMPLATE_PROVIDERS)[number];

/** The standard data every provider template receives (what our own templates get, flattened). */
export interface ProviderTemplateData extends Record<string, unknown> {
  /** The decrypted code, the temporary password (AdminCreateUser), or `null` (AccountTakeOverNotification). */
  code: string | null;
  /** What `code` is: `code`, `temporaryPassword` or `none`. */
  codeKind: string;
  username: string;
  email: string;
  trigger: TriggerName;
  brand: string;
  locale: string;
  appUrl: string | null;
  /** `given_name`, else `name`, else `username`: one line, at most 100 characters and an ellipsis. */
  displayName: string;
  /** Cognito user attributes (for AccountTakeOverNotification: the threat-protection fields). */
  userAttributes: Record<string, string>;
  clientMetadata: Record<string, string> | null;
}

/** The parsed `PROVIDER_TEMPLATES` table. */
export interface ProviderTemplates {
  /** Number of configured entries across providers. */
  readonly size: number;
  /**
   * The template id `provider` hosts for this trigger and brand, if any.
   * @example templates.templateFor('sendgrid', 'SignUp', 'acme') // 'd-4d5e6f'
   */
  templateFor(provider: ProviderName, trigger: TriggerName, brand: string): string | undefined;
  /**
   * The `providerTemplate` to put on a message when at least one provider hosts a template for this trigger
   * and brand (`undefined` otherwise). Its `id` is the routing key `brand:Trigger`; `messageFor` replaces it
   * with each provider's own id just before that provider is tried.
   * @example message.providerTemplate = templates.request('SignUp', 'acme', data);
   */
  request(
    trigger: TriggerName,
    brand: string,
    data: ProviderTemplateData,
  ): EmailMessage['providerTemplate'] | undefined;
  /**
   * The message as `provider` should send it: with that provider's template id, or without
   * `providerTemplate` (our rendered HTML) when it hosts none for this trigger.
   * @example const forMailgun = templates.messageFor('mailgun', message);
   */
  messageFor(provider: ProviderName, message: EmailMessage): EmailMessage;
}

/** Thrown by `loadProviderTemplates` when `PROVIDER_TEMPLATES` is unusable; `problems` lists every issue. */
export class ProviderTemplatesError extends Error {
  override readonly name = 'ProviderTemplatesError';
  readonly code = 'CONFIG_INVALID' as const;
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`PROVIDER_TEMPLATES is invalid: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

type Table = Map<TemplateProvider, Map<string, string>>;

const KEY_SEPARATOR = ':';

function routingKey(trigger: string, brand: string): string {
  return `${brand}${KEY_SEPARATOR}${trigger}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readSource(raw: string, readFile: (path: string) => string): { json?: string; problem?: string } {
  const value = raw.trim();
  if (value.startsWith('{')) return { json: value };
  const path = resolve(value);
  try {
    return { json: readFile(path) };
  } catch (err) {
    const why = (err as { code?: string }).code ?? (err instanceof Error ? err.message : String(err));
    return {
      problem: `PROVIDER_TEMPLATES: not a JSON object and not a readable file (${path}: ${why}); give inline JSON like {"sendgrid":{"SignUp":"d-123"}} or a path to such a file`,
    };
  }
}

/** One template id, checked for its provider: Brevo's are positive integers, the others non-empty strings. */
function templateId(
  provider: TemplateProvider,
  at: string,
  id: unknown,
  problems: string[],
): string | undefined {
  if (provider === 'brevo') {
    const n = typeof id === 'string' && /^\d+$/.test(id.trim()) ? Number(id) : id;
    if (typeof n === 'number' && Number.isInteger(n) && n > 0) return String(n);
    problems.push(`${at}: Brevo template ids are positive integers, got ${JSON.stringify(id)}`);
    return undefined;
  }
  if (typeof id === 'string' && id.trim() !== '' && !/[\r\n\0]/.test(id)) return id.trim();
  problems.push(`${at}: expected a non-empty template id string, got ${JSON.stringify(id)}`);
  return undefined;
}

/** One provider's `trigger → template id` entries, keyed by routing key. */
function parseEntries(
  provider: TemplateProvider,
  entries: Record<string, unknown>,
  problems: string[],
): Map<string, string> {
  const map = new Map<string, string>();
  for (const [key, id] of Object.entries(entries)) {
    const at = `PROVIDER_TEMPLATES.${provider}.${key}`;
    const cut = key.lastIndexOf(KEY_SEPARATOR);
    const brand = cut >= 0 ? key.slice(0, cut).trim() : '*';
    const info = triggerInfo(cut >= 0 ? key.slice(cut + 1).trim() : key.trim());
    if (!info || brand === '') {
      problems.push(`${at}: expected a trigger name (SignUp, ForgotPassword, …) or brand:Trigger`);
      continue;
    }
    const value = templateId(provider, at, id, problems);
    if (value !== undefined) map.set(routingKey(info.name, brand), value);
  }
  return map;
}

function parseTable(json: string): { table: Table; problems: string[] } {
  const problems: string[] = [];
  const table: Table = new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { table, problems: [`PROVIDER_TEMPLATES: not valid JSON (${why.slice(0, 120)})`] };
  }
  if (!isRecord(parsed)) {
    return { table, problems: ['PROVIDER_TEMPLATES: expected a JSON object keyed by provider name'] };
  }
  for (const [provider, entries] of Object.entries(parsed)) {
    if (!(TEMPLATE_PROVIDERS as readonly string[]).includes(provider)) {
      const hint = (PROVIDER_NAMES as readonly string[]).includes(provider)
        ? `${provider} has no hosted templates`
        : 'unknown provider';
      problems.push(`PROVIDER_TEMPLATES.${provider}: ${hint} (use one of ${TEMPLATE_PROVIDERS.join(', ')})`);
    } else if (!isRecord(entries)) {
      problems.push(`PROVIDER_TEMPLATES.${provider}: expected an object of trigger → template id`);
    } else {
      const map = parseEntries(provider as TemplateProvider, entries, problems);
      if (map.size > 0) table.set(provider as TemplateProvider, map);
    }
  }
  return { table, problems };
}

function build(table: Table): ProviderTemplates {
  let size = 0;
  for (const map of table.values()) size += map.size;

  const templateFor = (provider: ProviderName, trigger: TriggerName, brand: string): string | undefined => {
    const map = table.get(provider as TemplateProvider);
    if (!map) return undefined;
    return map.get(routingKey(trigger, brand)) ?? map.get(routingKey(trigger, '*'));
  };

  return {
    size,
    templateFor,
    request(trigger, brand, data) {
      const hosted = TEMPLATE_PROVIDERS.some((p) => templateFor(p, trigger, brand) !== undefined);
      return hosted ? { id: routingKey(trigger, brand), data } : undefined;
    },
    messageFor(provider, message) {
      const wanted = message.providerTemplate;
      if (!wanted) return message;
      const cut = wanted.id.lastIndexOf(KEY_SEPARATOR);
      const trigger = triggerInfo(wanted.id.slice(cut + 1))?.name;
      const id = trigger ? templateFor(provider, trigger, wanted.id.slice(0, cut)) : undefined;
      if (id !== undefined) return { ...message, providerTemplate: { id, data: wanted.data } };
      const { providerTemplate: _dropped, ...ownHtml } = message;
      return ownHtml;
    },
  };
}

/**
 * Checks `PROVIDER_TEMPLATES` without throwing: every problem, each naming the entry and the fix.
 * Unset or blank → no problems (the feature is off).
 * @example providerTemplateProblems({ PROVIDER_TEMPLATES: '{"brevo":{"SignUp":"x"}}' })
 * // ['PROVIDER_TEMPLATES.brevo.SignUp: Brevo template ids are positive integers, got "x"']
 */
export function providerTemplateProblems(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): string[] {
  const raw = env.PROVIDER_TEMPLATES;
  if (raw === undefined || raw.trim() === '') return [];
  const source = readSource(raw, readFile);
  if (source.problem !== undefined) return [source.problem];
  return parseTable(source.json ?? '').problems;
}

/**
 * Parses `PROVIDER_TEMPLATES` once per cold start. Unset → an empty table (every provider sends our HTML).
 * Throws `ProviderTemplatesError` listing every problem.
 * @example
 * const templates = loadProviderTemplates({ PROVIDER_TEMPLATES: '{"sendgrid":{"SignUp":"d-1"}}' });
 * templates.templateFor('sendgrid', 'SignUp', 'default'); // 'd-1'
 */
export function loadProviderTemplates(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): ProviderTemplates {
  const raw = env.PROVIDER_TEMPLATES;
  if (raw === undefined || raw.trim() === '') return build(new Map());
  const source = readSource(raw, readFile);
  if (source.problem !== undefined) throw new ProviderTemplatesError([source.problem]);
  const { table, problems } = parseTable(source.json ?? '');
  if (problems.length > 0) throw new ProviderTemplatesError(problems);
  return build(table);
}

/**
 * The template id `provider` hosts for `trigger` (and `brand`), read from `env.PROVIDER_TEMPLATES`.
 * A convenience for one-off lookups; the handler keeps the parsed table from `loadProviderTemplates`.
 * @example providerTemplateFor('mailgun', 'ForgotPassword', 'default', process.env) // 'forgot-password'
 */
export function providerTemplateFor(
  provider: ProviderName,
  trigger: TriggerName,
  brand: string,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  return loadProviderTemplates(env).templateFor(provider, trigger, brand);
}

function oneLineRecord(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string') out[oneLineText(key).slice(0, 256)] = oneLineText(value);
  }
  return out;
}

/**
 * Builds the standard data a provider template receives. The ESP's template engine, not ours, renders it,
 * so user data is made safe here as far as it can be without knowing the output: control characters (CR/LF
 * included) become spaces and values are capped at 2,048 characters (`oneLineText`). HTML escaping is then
 * the ESP template's job (the provider-templates section of the README names each ESP's raw-output syntax to
 * avoid). The code is passed as decrypted: it is Cognito's, and must reach the user unchanged.
 * @example
 * providerTemplateData({ code: '123456', codeKind: 'code', username: 'ana', email: 'ana@example.com',
 *   trigger: 'SignUp', brand: 'default', locale: 'en', userAttributes: {} })
 */
export function providerTemplateData(input: {
  code: string | null;
  codeKind: string;
  username: string;
  email: string;
  trigger: TriggerName;
  brand: string;
  locale: string;
  appUrl?: string | undefined;
  userAttributes: Record<string, string>;
  clientMetadata?: Record<string, string> | null | undefined;
}): ProviderTemplateData {
  const userAttributes = oneLineRecord(input.userAttributes);
  const username = oneLineText(input.username);
  return {
    code: input.code,
    codeKind: input.codeKind,
    username,
    email: oneLineText(input.email),
    trigger: input.trigger,
    brand: input.brand,
    locale: input.locale,
    appUrl: input.appUrl ?? null,
    displayName: displayNameOf(userAttributes.given_name || userAttributes.name || username),
    userAttributes,
    clientMetadata: input.clientMetadata ? oneLineRecord(input.clientMetadata) : null,
  };
}
