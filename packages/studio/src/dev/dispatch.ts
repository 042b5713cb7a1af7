/**
 * Local dispatch: build a real Cognito event (real Encryption SDK ciphertext, KMS stand-in key) and hand
 * it to the REAL dispatcher bundle, imported in-process — the same file infra deploys. Used by the studio's
 * "Send test" button and by `mailroom invoke`.
 */
import { randomUUID } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROVIDER_NAMES, TRIGGERS, type TriggerInfo, triggerInfo } from '@mailroom/shared-types';
import { type KmsStandIn, makeEvent, startKmsStandIn } from '@mailroom/testkit';
import { StudioError } from './errors.js';
import { DEFAULT_OUTBOX_DIR, DISPATCHER_BUNDLE } from './paths.js';
import type { StudioBrand } from './types.js';

/** What to send. Names are validated here, with the valid choices listed on error. */
export interface DispatchRequest {
  /** `ForgotPassword`, `CustomEmailSender_ForgotPassword`, or any case of either. */
  trigger: string;
  email: string;
  locale?: string;
  brand?: string;
  /** `outbox` (default), a provider name, or a comma list (failover chain). */
  provider?: string;
  /** The code (or AdminCreateUser temporary password) to encrypt; random when omitted. */
  code?: string;
  userName?: string;
  /** Extra user attributes (account take-over fields, `given_name`, …). */
  userAttributes?: Record<string, string>;
  clientMetadata?: Record<string, string>;
}

/** What happened, for the CLI summary and the studio's toast. Never holds the code. */
export interface DispatchResult {
  trigger: string;
  triggerSource: string;
  to: string;
  templateId: string | null;
  locale: string | null;
  brand: string | null;
  provider: string;
  messageId: string | null;
  /** The `.eml` the outbox provider wrote, if it was the one that sent. */
  outboxFile: string | null;
  /** Structured log lines the dispatcher printed during the invocation. */
  logs: Record<string, unknown>[];
  ms: number;
}

export interface LocalDispatcherOptions {
  outboxDir?: string;
  /** `APP_URL` for links in the email. */
  appUrl: string;
  /** Default provider when a request names none (default `outbox`). */
  provider?: string;
  /** `EMAIL_FROM` (default `Mailroom Dev <dev@mailroom.local>`). */
  from?: string;
  /** Path of the bundle to run (default `packages/dispatcher/dist/index.js`). */
  bundle?: string;
  /** Every raw log line the dispatcher writes (the CLI's `--verbose`). */
  onLog?: (line: string) => void;
  /** Locales and brands of the built registry, to validate names before building an event. */
  catalog?: () => { locales: string[]; brands: StudioBrand[] };
}

export interface LocalDispatcher {
  send(request: DispatchRequest): Promise<DispatchResult>;
  info(): {
    kmsUrl: string;
    keyArn: string;
    bundle: string;
    provider: string;
    outboxDir: string;
    from: string;
  };
  close(): Promise<void>;
}

type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;
/** The bundle's `createHandler` (exported next to `handler` for local tools and tests). */
type CreateHandler = (options: {
  env?: Record<string, string | undefined>;
  logDestination?: { write(line: string): void };
}) => LambdaHandler & { init(): Promise<void> };

/** The dispatcher's one outcome line per invocation. */
interface OutcomeLine {
  event?: 'email_sent' | 'email_skipped' | 'email_failed';
  trigger?: string | null;
  templateId?: string | null;
  locale?: string | null;
  brand?: string | null;
  provider?: string | null;
  messageId?: string | null;
  reason?: string;
  code?: string;
  fix?: string;
  msg?: string;
  level?: string | number;
}

/** Triggers whose events carry `clientMetadata` (Cognito sends it only for these). */
const METADATA_TRIGGERS = new Set(['SignUp', 'ForgotPassword', 'Authentication']);

/** Whether the user brought AWS credentials (checked before we add dummy ones for the KMS stand-in). */
const USER_HAS_AWS_CREDENTIALS = Boolean(
  process.env.AWS_ACCESS_KEY_ID ||
    process.env.AWS_PROFILE ||
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI,
);

/** Credentials each provider needs from the environment (when no `EMAIL_SECRETS_ARN` provides them). */
const PROVIDER_ENV: Record<string, string[]> = {
  sendgrid: ['SENDGRID_API_KEY'],
  mailgun: ['MAILGUN_API_KEY', 'MAILGUN_DOMAIN'],
  brevo: ['BREVO_API_KEY'],
  smtp: ['SMTP_URL'],
  ses: [],
  outbox: [],
};

/**
 * Checks a provider name or failover list against the known providers and their credentials.
 * @example parseProviders('sendgrid,ses', process.env) // ['sendgrid', 'ses']
 */
export function parseProviders(value: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0) throw new StudioError('--provider is empty', { choices: [...PROVIDER_NAMES] });
  for (const name of names) {
    if (!(PROVIDER_NAMES as readonly string[]).includes(name)) {
      throw new StudioError(`unknown provider "${name}"`, { choices: [...PROVIDER_NAMES] });
    }
    if (name === 'ses' && !USER_HAS_AWS_CREDENTIALS && !env.AWS_ENDPOINT_URL_SESV2) {
      // We set dummy credentials for the KMS stand-in; real SES would reject them with a confusing 403.
      throw new StudioError(
        'provider "ses" needs AWS credentials in the environment (AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, or ' +
          'AWS_PROFILE) or AWS_ENDPOINT_URL_SESV2 for a local SES; or use --provider outbox',
      );
    }
    const missing = env.EMAIL_SECRETS_ARN ? [] : (PROVIDER_ENV[name] ?? []).filter((key) => !env[key]);
    if (missing.length > 0) {
      throw new StudioError(
        `provider "${name}" needs ${missing.join(' and ')} in the environment (or EMAIL_SECRETS_ARN); ` +
          `export ${missing.map((key) => `${key}=…`).join(' ')} or use --provider outbox`,
      );
    }
  }
  return names;
}

/**
 * Resolves a trigger name (short, full source, any case) or throws listing the valid ones.
 * @example resolveTrigger('forgotpassword').source // 'CustomEmailSender_ForgotPassword'
 */
export function resolveTrigger(value: string): TriggerInfo {
  const info = triggerInfo(value);
  if (!info) throw new StudioError(`unknown trigger "${value}"`, { choices: TRIGGERS.map((t) => t.name) });
  return info;
}

function validateEmail(email: string): void {
  // Deliberately loose: the dispatcher and the provider are the authorities; this only catches typos.
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(email)) {
    throw new StudioError(`"${email}" is not an email address; pass e.g. --email jane@example.com`);
  }
}

async function listEml(dir: string): Promise<Set<string>> {
  try {
    return new Set((await readdir(dir)).filter((name) => name.endsWith('.eml')));
  } catch {
    return new Set();
  }
}

/** Lambda's context object, as far as a handler (Powertools, our logger) reads it. */
function lambdaContext(timeoutMs: number): Record<string, unknown> {
  const deadline = Date.now() + timeoutMs;
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'mailroom-dispatcher-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:mailroom-dispatcher-local',
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/mailroom-dispatcher-local',
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/**
 * Starts the KMS stand-in and returns a dispatcher that runs the real bundle against it.
 * @example
 * const local = await startLocalDispatcher({ appUrl: 'http://localhost:3000' });
 * const result = await local.send({ trigger: 'ForgotPassword', email: 'jane@example.com' });
 * result.outboxFile; // '/repo/.mailroom/outbox/…eml'
 * await local.close();
 */
export async function startLocalDispatcher(options: LocalDispatcherOptions): Promise<LocalDispatcher> {
  const outboxDir = options.outboxDir ?? DEFAULT_OUTBOX_DIR;
  const bundle = options.bundle ?? DISPATCHER_BUNDLE;
  const defaultProvider = options.provider ?? 'outbox';
  const from = options.from ?? process.env.EMAIL_FROM ?? 'Mailroom Dev <dev@mailroom.local>';
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const kms: KmsStandIn = await startKmsStandIn({ region });
  const handlers = new Map<string, LambdaHandler & { init(): Promise<void> }>();
  let bundleModule: Promise<CreateHandler> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  /** Where the handler of the current send writes its log lines. */
  let sink: (line: string) => void = () => {};

  /**
   * Imports the bundle once. Its entry runs `await handler.init()` at load (Lambda's init phase) from
   * `process.env`, so the environment must already be valid; every send then gets its own
   * `createHandler({ env })` — one cold start per provider chain, like a redeploy with new settings.
   */
  let loadedMtime = 0;

  async function loadBundle(): Promise<CreateHandler> {
    // A rebuilt bundle (the studio rebuilds it after template edits) is a new deployment: import it afresh
    // and drop the handlers (cold starts) of the old one.
    const current = await stat(bundle).then(
      (info) => info.mtimeMs,
      () => 0,
    );
    if (bundleModule && current !== loadedMtime) {
      bundleModule = undefined;
      handlers.clear();
    }
    loadedMtime = current;
    bundleModule ??= import(`${pathToFileURL(bundle).href}?build=${current}`).then(
      (mod: Record<string, unknown>) => {
        if (typeof mod.createHandler !== 'function') {
          throw new StudioError(
            `${bundle} does not export createHandler; rebuild it: pnpm --filter @mailroom/dispatcher build`,
            { code: 'BUNDLE_INVALID' },
          );
        }
        return mod.createHandler as CreateHandler;
      },
    );
    bundleModule.catch(() => {
      bundleModule = undefined;
    });
    return bundleModule;
  }

  async function handlerFor(providers: string[]): Promise<LambdaHandler> {
    const key = providers.join(',');
    // The bundle's own top-level init reads process.env on import: set it before loading.
    const env = applyEnv(providers);
    const createHandler = await loadBundle();
    let handler = handlers.get(key);
    if (!handler) {
      handler = createHandler({ env, logDestination: { write: (line) => sink(line) } });
      await handler.init();
      handlers.set(key, handler);
    }
    return handler;
  }

  function applyEnv(providers: string[]): Record<string, string | undefined> {
    const env = process.env;
    env.KMS_KEY_ARN = kms.keyArn;
    env.AWS_ENDPOINT_URL_KMS = kms.url;
    env.AWS_REGION = region;
    // The stand-in does not verify signatures, but the SDK refuses to sign without credentials. Real
    // credentials (for --provider ses) are kept.
    env.AWS_ACCESS_KEY_ID ??= 'test';
    env.AWS_SECRET_ACCESS_KEY ??= 'test';
    env.EMAIL_PROVIDER = providers.join(',');
    env.OUTBOX_DIR = outboxDir;
    env.EMAIL_FROM = from;
    env.APP_URL = options.appUrl;
    env.AWS_LAMBDA_FUNCTION_NAME ??= 'mailroom-dispatcher-local';
    return { ...env };
  }

  async function sendOne(request: DispatchRequest): Promise<DispatchResult> {
    const started = performance.now();
    const trigger = resolveTrigger(request.trigger);
    validateEmail(request.email);
    const providers = parseProviders(request.provider ?? defaultProvider);
    const catalog = options.catalog?.();
    if (request.locale && catalog && !catalog.locales.includes(request.locale)) {
      throw new StudioError(`unknown locale "${request.locale}"`, { choices: catalog.locales });
    }
    const brand = request.brand ? catalog?.brands.find((b) => b.name === request.brand) : undefined;
    if (request.brand && catalog && !brand) {
      throw new StudioError(`unknown brand "${request.brand}"`, {
        choices: catalog.brands.map((b) => b.name),
      });
    }

    const userAttributes: Record<string, string> = {
      email_verified: 'true',
      ...request.userAttributes,
      email: request.email,
    };
    if (request.locale) userAttributes.locale = request.locale;
    let clientMetadata: Record<string, string> | null = request.clientMetadata ?? null;
    // Brand selection the way Cognito events allow it: the app client id, else clientMetadata.brand on the
    // three triggers that carry clientMetadata. AdminCreateUser always carries CLIENT_ID_NOT_APPLICABLE.
    const clientId = trigger.name === 'AdminCreateUser' ? undefined : brand?.clientIds[0];
    if (request.brand && !clientId && METADATA_TRIGGERS.has(trigger.name)) {
      clientMetadata = { ...clientMetadata, brand: request.brand };
    } else if (request.brand && !clientId && !brand?.default) {
      throw new StudioError(
        trigger.name === 'AdminCreateUser'
          ? `brand "${request.brand}" cannot be selected for AdminCreateUser: Cognito sends it with clientId ` +
              'CLIENT_ID_NOT_APPLICABLE and no clientMetadata, so the dispatcher uses the default brand; drop --brand'
          : `brand "${request.brand}" cannot be selected for ${trigger.name}: Cognito sends no clientMetadata with ` +
              `it and brands/${request.brand}.json lists no clientIds; add an app client id to that brand`,
      );
    }
    if (clientMetadata && !METADATA_TRIGGERS.has(trigger.name)) clientMetadata = null;

    const secret = request.code;
    const made = await makeEvent(trigger.name, {
      kms: { url: kms.url, keyArn: kms.keyArn, region },
      email: request.email,
      userAttributes,
      clientMetadata,
      ...(request.userName ? { userName: request.userName } : {}),
      ...(clientId ? { clientId } : {}),
      ...(secret && trigger.codeKind === 'temporaryPassword' ? { temporaryPassword: secret } : {}),
      ...(secret && trigger.codeKind === 'code' ? { code: secret } : {}),
    });

    const handler = await handlerFor(providers);
    const before = await listEml(outboxDir);
    const logs: Record<string, unknown>[] = [];
    sink = (line) => {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: line.trim() });
      }
      options.onLog?.(line);
    };
    let thrown: unknown;
    try {
      await handler(made.event, lambdaContext(30_000));
    } catch (error) {
      // Retryable failures are thrown for Lambda's retry; the outcome line below says what happened.
      thrown = error;
    } finally {
      sink = () => {};
    }
    const outcome = (logs.findLast(
      (line) => typeof line.event === 'string' && String(line.event).startsWith('email_'),
    ) ?? {}) as OutcomeLine;
    if (outcome.event !== 'email_sent') {
      const why = outcome.reason ?? (thrown as Error | undefined)?.message ?? 'no outcome was logged';
      const fix = outcome.fix ? ` — ${outcome.fix}` : '';
      throw new StudioError(
        outcome.event === 'email_skipped'
          ? `the dispatcher skipped the email: ${why}`
          : `the dispatcher did not send the email${outcome.code ? ` (${outcome.code})` : ''}: ${why}${fix}`,
        { code: 'SEND_FAILED' },
      );
    }
    const after = await listEml(outboxDir);
    const written = [...after].filter((name) => !before.has(name)).sort();
    const outboxName = outcome.provider === 'outbox' ? written.at(-1) : undefined;
    return {
      trigger: trigger.name,
      triggerSource: trigger.source,
      to: request.email,
      templateId: outcome.templateId ?? null,
      locale: outcome.locale ?? null,
      brand: outcome.brand ?? null,
      provider: outcome.provider ?? providers[0] ?? 'outbox',
      messageId: outcome.messageId ?? null,
      outboxFile: outboxName ? join(outboxDir, outboxName) : null,
      logs,
      ms: Math.round(performance.now() - started),
    };
  }

  return {
    send(request) {
      // One at a time: the bundle's configuration comes from process.env, shared by every send.
      const run = queue.then(() => sendOne(request));
      queue = run.catch(() => {});
      return run;
    },
    info: () => ({ kmsUrl: kms.url, keyArn: kms.keyArn, bundle, provider: defaultProvider, outboxDir, from }),
    close: () => kms.close(),
  };
}
