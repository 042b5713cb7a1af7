import { PROVIDER_NAMES, TRIGGERS } from '@mailroom/shared-types';
import {
  type DispatchRequest,
  type DispatchResult,
  parseProviders,
  resolveTrigger,
  startLocalDispatcher,
} from '../dispatch/local-dispatcher.js';
import { StudioError } from '../errors.js';
import { DEFAULT_OUTBOX_DIR } from '../paths.js';
import type { StudioBrand } from '../types.js';
import { type CommandSpec, formatHelp, HELP_OPTION, parseCommand, str } from './args.js';
import { shortPath, style } from './output.js';
import { ensureDispatcherBundle } from './prebuild.js';

export const INVOKE: CommandSpec = {
  name: 'invoke',
  summary: 'send one email through the real dispatcher bundle',
  usage: ['pnpm mailroom invoke --trigger <name> --email <address> [options]'],
  description:
    'Builds a real Cognito custom email sender event (code encrypted with the AWS Encryption SDK through an\n' +
    'in-process KMS stand-in) and runs the deployable bundle, packages/dispatcher/dist/index.js, on it.\n' +
    'The default provider writes an .eml to the outbox the studio shows; with provider keys in the\n' +
    'environment, --provider sends real mail.',
  options: [
    {
      name: 'trigger',
      short: 't',
      type: 'string',
      value: '<name>',
      description: 'one of the triggers below (required)',
    },
    {
      name: 'email',
      short: 'e',
      type: 'string',
      value: '<address>',
      description: 'recipient (the email attribute)',
    },
    {
      name: 'locale',
      short: 'l',
      type: 'string',
      value: '<code>',
      description: "user's locale attribute, e.g. de",
    },
    {
      name: 'brand',
      short: 'b',
      type: 'string',
      value: '<name>',
      description: 'brand, selected via its app client id (or clientMetadata.brand)',
    },
    {
      name: 'provider',
      short: 'p',
      type: 'string',
      value: '<name>',
      description: `${PROVIDER_NAMES.join(', ')}, or a failover list like sendgrid,ses (default outbox)`,
    },
    {
      name: 'code',
      short: 'c',
      type: 'string',
      value: '<code>',
      description: 'code or temporary password to encrypt (default: random, never printed)',
    },
    {
      name: 'username',
      type: 'string',
      value: '<name>',
      description: 'Cognito userName (default: a random UUID)',
    },
    {
      name: 'attribute',
      short: 'a',
      type: 'string',
      value: '<key=value>',
      multiple: true,
      description: 'extra user attribute, repeatable (e.g. -a given_name=Jane)',
    },
    {
      name: 'from',
      type: 'string',
      value: '<address>',
      description: 'EMAIL_FROM (default "Mailroom Dev <dev@mailroom.local>")',
    },
    {
      name: 'app-url',
      type: 'string',
      value: '<url>',
      description: "APP_URL for links (default $APP_URL, else each brand's appUrl, as in production)",
    },
    {
      name: 'outbox-dir',
      type: 'string',
      value: '<dir>',
      description: 'OUTBOX_DIR (default <repo>/.mailroom/outbox)',
    },
    { name: 'json', type: 'boolean', description: 'print the result as one JSON object' },
    {
      name: 'verbose',
      short: 'v',
      type: 'boolean',
      description: "also print the dispatcher's own log lines",
    },
    { name: 'no-build', type: 'boolean', description: 'never build a missing or stale registry/bundle' },
    HELP_OPTION,
  ],
  examples: [
    'pnpm mailroom invoke --trigger ForgotPassword --email jane@example.com',
    'pnpm mailroom invoke -t SignUp -e jane@example.com --locale de --brand acme --code 123456',
    'SENDGRID_API_KEY=SG.… pnpm mailroom invoke -t SignUp -e you@yours.com --provider sendgrid',
  ],
  notes: [
    `Triggers: ${TRIGGERS.map((t) => t.name).join(', ')}`,
    '  (short names or full sources like CustomEmailSender_SignUp, any case).',
    '',
    'Provider credentials pass through from the environment: SENDGRID_API_KEY, MAILGUN_API_KEY + MAILGUN_DOMAIN,',
    'BREVO_API_KEY, SMTP_URL, AWS credentials for ses (or EMAIL_SECRETS_ARN). Exit codes: 0 sent, 1 not sent, 2 bad usage.',
  ],
};

function parseAttributes(values: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of values ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0)
      throw new StudioError(`--attribute "${item}" must be key=value, e.g. --attribute given_name=Jane`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** Locales and brands of the built registry (what the bundle carries). */
async function loadCatalog(): Promise<{ locales: string[]; brands: StudioBrand[] }> {
  const templates = await import('@mailroom/templates');
  return {
    locales: templates.listLocales(),
    brands: templates.listBrands().map((b) => ({
      name: b.name,
      displayName: b.displayName,
      default: b.default,
      clientIds: b.clientIds,
      templates: b.templates as Record<string, string>,
      defaultLocale: b.defaultLocale,
      primaryColor: b.colors.primary,
    })),
  };
}

type InvokeValues = ReturnType<typeof parseCommand>['values'];

/** The request the flags ask for, checked before any build, so a typo never costs a bundle. */
function requestFrom(values: InvokeValues, positionals: string[]): DispatchRequest {
  if (positionals.length > 0) {
    throw new StudioError(
      `unexpected argument "${positionals[0]}"; options take the form --trigger SignUp (see --help)`,
    );
  }
  const trigger = str(values, 'trigger');
  const email = str(values, 'email');
  if (!trigger) {
    throw new StudioError('--trigger is required, e.g. --trigger ForgotPassword', {
      choices: TRIGGERS.map((t) => t.name),
    });
  }
  if (!email) throw new StudioError('--email is required, e.g. --email jane@example.com');
  const info = resolveTrigger(trigger);
  const provider = str(values, 'provider') ?? 'outbox';
  parseProviders(provider);
  const request: DispatchRequest = { trigger: info.name, email, provider };
  const optional = { locale: 'locale', brand: 'brand', code: 'code', userName: 'username' } as const;
  for (const [field, flag] of Object.entries(optional)) {
    const value = str(values, flag);
    if (value) request[field as keyof typeof optional] = value;
  }
  const attributes = parseAttributes(values.attribute as string[] | undefined);
  if (Object.keys(attributes).length > 0) request.userAttributes = attributes;
  return request;
}

/** What happened, one row per fact; the code only when the user chose it (a generated one stays secret). */
function printResult(result: DispatchResult, code: string | undefined): void {
  const rows: [string, string][] = [
    ['trigger', `${result.trigger} ${style.dim(`(${result.triggerSource})`)}`],
    ['to', result.to],
    ['template', result.templateId ?? '—'],
    ['locale', result.locale ?? '—'],
    ['brand', result.brand ?? '—'],
    ['provider', result.provider],
    ['message id', result.messageId ?? '—'],
  ];
  if (result.outboxFile) rows.push(['outbox file', shortPath(result.outboxFile)]);
  if (code) {
    const temporaryPassword = resolveTrigger(result.trigger).codeKind === 'temporaryPassword';
    rows.push([temporaryPassword ? 'password' : 'code', code]);
  }
  const provider =
    result.providerMs === null ? '' : `, of which ${result.provider} ${Math.round(result.providerMs)} ms`;
  rows.push([
    'took',
    `${result.ms} ms ${style.dim(`(KMS stand-in, cold start of the bundle, render, send${provider})`)}`,
  ]);
  process.stdout.write(`${style.green('✓')} ${style.bold(`${result.trigger} email sent`)}\n`);
  for (const [k, v] of rows) process.stdout.write(`  ${style.dim(k.padEnd(12))}${v}\n`);
  if (result.outboxFile) {
    process.stdout.write(style.dim("  open it in the studio's Outbox (pnpm dev) or in any mail client\n"));
  }
}

/**
 * `mailroom invoke`: returns the exit code.
 * @example process.exitCode = await runInvoke(['--trigger', 'SignUp', '--email', 'jane@example.com'])
 */
export async function runInvoke(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(INVOKE, argv);
  if (values.help) {
    process.stdout.write(formatHelp(INVOKE));
    return 0;
  }
  const request = requestFrom(values, positionals);
  await ensureDispatcherBundle({ skip: values['no-build'] === true });
  const catalog = await loadCatalog();
  const from = str(values, 'from');
  const dispatcher = await startLocalDispatcher({
    outboxDir: str(values, 'outbox-dir') ?? DEFAULT_OUTBOX_DIR,
    // Links go to the brand's app (its appUrl, what production sends), never to a local studio: APP_URL
    // only when given, by flag or environment (issue 16 item 7).
    appUrl: str(values, 'app-url') ?? process.env.APP_URL,
    provider: request.provider ?? 'outbox',
    catalog: () => catalog,
    ...(from ? { from } : {}),
    ...(values.verbose === true
      ? { onLog: (line: string) => process.stderr.write(style.dim(line.endsWith('\n') ? line : `${line}\n`)) }
      : {}),
  });
  try {
    const result = await dispatcher.send(request);
    if (values.json) {
      const { logs: _logs, ...summary } = result;
      process.stdout.write(`${JSON.stringify({ ok: true, ...summary })}\n`);
    } else {
      printResult(result, request.code);
    }
    return 0;
  } finally {
    await dispatcher.close();
  }
}
