/**
 * Local dispatch: build a real Cognito event (real Encryption SDK ciphertext, KMS stand-in key) and hand
 * it to the REAL dispatcher bundle, imported in-process — the same file infra deploys. Used by the studio's
 * "Send test" button and by `mailroom invoke`.
 */
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROVIDER_NAMES, TRIGGERS, type TriggerInfo, triggerInfo } from '@mailroom/shared-types';
import { makeEvent } from '../factory/make-event.js';
import { type KmsStandIn, startKmsStandIn } from '../kms/stand-in.js';
import { readOutboxMessage } from './outbox.js';
import { DEFAULT_OUTBOX_DIR, DISPATCHER_BUNDLE } from './paths.js';
import type { StudioBrand } from './types.js';
import { UsageError } from './usage.js';

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

/** Triggers whose events carry `clientMetadata` (Cognito sends it only for these). */
const METADATA_TRIGGERS = new Set(['SignUp', 'ForgotPassword', 'Authentication']);

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
  if (names.length === 0) throw new UsageError('--provider is empty', { choices: [...PROVIDER_NAMES] });
  for (const name of names) {
    if (!(PROVIDER_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`unknown provider "${name}"`, { choices: [...PROVIDER_NAMES] });
    }
    const missing = env.EMAIL_SECRETS_ARN ? [] : (PROVIDER_ENV[name] ?? []).filter((key) => !env[key]);
    if (missing.length > 0) {
      throw new UsageError(
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
  if (!info) throw new UsageError(`unknown trigger "${value}"`, { choices: TRIGGERS.map((t) => t.name) });
  return info;
}

function validateEmail(email: string): void {
  // Deliberately loose: the dispatcher and the provider are the authorities; this only catches typos.
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(email)) {
    throw new UsageError(`"${email}" is not an email address; pass e.g. --email jane@example.com`);
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

/** Captures the dispatcher's JSON log lines (pino writes to fd 1 through stdout or fs.writeSync). */
function captureLogs(echo: boolean): { lines: Record<string, unknown>[]; stop(): void } {
  const lines: Record<string, unknown>[] = [];
  const originalWrite = process.stdout.write.bind(process.stdout);
  const take = (chunk: unknown): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    let handled = false;
    for (const line of text.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
        handled = true;
      } catch {
        // Not a log line: let it through untouched.
      }
    }
    return handled;
  };
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (take(chunk) && !echo) return true;
    return (originalWrite as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  return {
    lines,
    stop: () => {
      process.stdout.write = originalWrite;
    },
  };
}

function pick(logs: Record<string, unknown>[], ...keys: string[]): string | null {
  for (let i = logs.length - 1; i >= 0; i--) {
    const line = logs[i];
    for (const key of keys) {
      const value = line?.[key];
      if (typeof value === 'string' && value) return value;
    }
  }
  return null;
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
  const handlers = new Map<string, Promise<LambdaHandler>>();
  let generation = 0;
  let queue: Promise<unknown> = Promise.resolve();

  /** The bundle reads its configuration once per cold start: a new provider chain means a new import. */
  function loadHandler(providerKey: string): Promise<LambdaHandler> {
    let loaded = handlers.get(providerKey);
    if (!loaded) {
      generation += 1;
      const url = `${pathToFileURL(bundle).href}?cold-start=${generation}`;
      loaded = import(url).then((mod: Record<string, unknown>) => {
        const candidate = mod.handler ?? (mod.default as Record<string, unknown> | undefined)?.handler;
        if (typeof candidate !== 'function') {
          throw new UsageError(
            `${bundle} does not export a "handler" function; rebuild the dispatcher bundle`,
          );
        }
        return candidate as LambdaHandler;
      });
      loaded.catch(() => handlers.delete(providerKey));
      handlers.set(providerKey, loaded);
    }
    return loaded;
  }

  function applyEnv(providers: string[]): void {
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
  }

  async function sendOne(request: DispatchRequest): Promise<DispatchResult> {
    const started = performance.now();
    const trigger = resolveTrigger(request.trigger);
    validateEmail(request.email);
    const providers = parseProviders(request.provider ?? defaultProvider);
    const catalog = options.catalog?.();
    if (request.locale && catalog && !catalog.locales.includes(request.locale)) {
      throw new UsageError(`unknown locale "${request.locale}"`, { choices: catalog.locales });
    }
    const brand = request.brand ? catalog?.brands.find((b) => b.name === request.brand) : undefined;
    if (request.brand && catalog && !brand) {
      throw new UsageError(`unknown brand "${request.brand}"`, {
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
    // three triggers that carry clientMetadata.
    const clientId = brand?.clientIds[0];
    if (request.brand && !clientId && METADATA_TRIGGERS.has(trigger.name)) {
      clientMetadata = { ...clientMetadata, brand: request.brand };
    } else if (request.brand && !clientId && !brand?.default) {
      throw new UsageError(
        `brand "${request.brand}" cannot be selected for ${trigger.name}: Cognito sends no clientMetadata for it ` +
          `and brands/${request.brand}.json lists no clientIds; add an app client id to that brand`,
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

    applyEnv(providers);
    const handler = await loadHandler(providers.join(','));
    const before = await listEml(outboxDir);
    const capture = captureLogs(false);
    try {
      await handler(made.event, lambdaContext(30_000));
    } finally {
      capture.stop();
    }
    const after = await listEml(outboxDir);
    const written = [...after].filter((name) => !before.has(name));
    const outboxName = written.length > 0 ? written[written.length - 1] : undefined;
    const outboxMessage = outboxName
      ? await readOutboxMessage(outboxDir, outboxName.replace(/\.eml$/, ''))
      : null;
    const logs = capture.lines;
    const failure = logs.find((line) => Number(line.level) >= 50 || line.outcome === 'failed');
    if (!outboxMessage && failure && !logs.some((line) => line.outcome === 'sent')) {
      const reason = pick([failure], 'reason', 'msg', 'message') ?? 'see the log above';
      throw new UsageError(`the dispatcher did not send the email: ${reason}`);
    }
    return {
      trigger: trigger.name,
      triggerSource: trigger.source,
      to: request.email,
      templateId: outboxMessage?.templateId ?? pick(logs, 'templateId', 'template'),
      locale: outboxMessage?.locale ?? pick(logs, 'locale'),
      brand: pick(logs, 'brand') ?? request.brand ?? null,
      provider: pick(logs, 'provider') ?? (outboxMessage ? 'outbox' : (providers[0] ?? 'outbox')),
      messageId: pick(logs, 'messageId') ?? outboxMessage?.messageId ?? null,
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
