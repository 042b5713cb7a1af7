/**
 * The Lambda handler: validate → decrypt → resolve → route → render → send → report (design.md).
 *
 * Error semantics: invalid configuration throws at init; failures a retry can fix (provider outages, KMS
 * throttling/timeouts, a failed AdminGetUser call) are logged and thrown so Lambda's asynchronous retry
 * runs; permanent failures (invalid event, undecryptable code, context mismatch, no recipient, rejected
 * message, KMS key/policy errors) are logged and swallowed, because retrying cannot help.
 * Exactly one outcome line (`email_sent` | `email_skipped` | `email_failed`) is logged per invocation.
 */
import {
  type CustomEmailSenderEvent,
  EventValidationError,
  type ProviderName,
  parseCustomEmailSenderEvent,
  triggerInfo,
} from '@mailroom/shared-types';
import { listLocales, matchLocale, render } from '@mailroom/templates';
import type { DestinationStream, Logger } from 'pino';
import { type Config, type Env, loadConfig } from './config.js';
import { createDecryptor, type Decryptor, unescapeTemporaryPassword } from './decrypt.js';
import { DeliveryError, DispatcherError } from './errors.js';
import { sendWithFailover } from './failover.js';
import { sendOnce } from './idempotency.js';
import { capEventText } from './input-caps.js';
import { createLogger, LOG_LEVELS, type LogLevel, maskEmail, serializeError } from './logger.js';
import { buildMessage, eventIdentity } from './message.js';
import { checkPool } from './pool-guard.js';
import { loadProviderTemplates, type ProviderTemplates, providerTemplateData } from './provider-templates.js';
import { loadProvider } from './providers/registry.js';
import type { EmailProvider, FailureClass, ProviderModule } from './providers/types.js';
import { createRecipientResolver, type RecipientResolver } from './recipient.js';
import { routeEvent } from './routing.js';
import { loadSecrets } from './secrets.js';

/** The parts of the Lambda context we use (tests and the local CLI pass a subset). */
export interface InvocationContext {
  awsRequestId?: string;
  getRemainingTimeInMillis?: () => number;
}

/** Options for tests and local tools; Lambda uses the defaults. */
export interface HandlerOptions {
  /** Environment to read (default `process.env`, read once at init). */
  env?: Env;
  /** Where log lines go (default stdout, synchronously). */
  logDestination?: DestinationStream;
}

/** The Lambda handler plus `init()`, which performs (and memoises) the cold-start work. */
export interface MailroomHandler {
  (event: unknown, context?: InvocationContext): Promise<void>;
  /** Parses configuration and creates clients; rejects with a `ConfigError` listing every problem. */
  init(): Promise<void>;
}

interface Runtime {
  config: Config;
  log: Logger;
  decryptor: Decryptor;
  recipients: RecipientResolver;
  chain: EmailProvider[];
  /** `PROVIDER_TEMPLATES`: which provider sends its own hosted template for which trigger (and brand). */
  providerTemplates: ProviderTemplates;
  /** `AWS_REGION` from the configured environment (fallback when an event has no region). */
  region: string | undefined;
  classify: (provider: EmailProvider, err: unknown) => FailureClass;
}

/** Without a Lambda context (local runs) we allow this much time per invocation. */
const DEFAULT_BUDGET_MS = 30_000;

function levelFrom(env: Env): LogLevel {
  const level = env.LOG_LEVEL?.trim().toLowerCase() as LogLevel | undefined;
  return level && LOG_LEVELS.includes(level) ? level : 'info';
}

async function initRuntime(options: HandlerOptions): Promise<Runtime> {
  const env = { ...(options.env ?? process.env) };
  const root = createLogger({
    level: levelFrom(env),
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const log = root.child({ component: 'handler' });
  let loaded: Awaited<ReturnType<typeof loadConfig>>;
  try {
    loaded = await loadConfig(env, {
      loadProvider,
      loadSecrets,
      validate: (config) => {
        if (!config.defaultLocale) return [];
        const locales = listLocales();
        return matchLocale(config.defaultLocale, locales)
          ? []
          : [`DEFAULT_LOCALE: no catalog for "${config.defaultLocale}" (available: ${locales.join(', ')})`];
      },
    });
  } catch (err) {
    const e = err instanceof DispatcherError ? err : undefined;
    log.fatal(
      {
        event: 'config_invalid',
        code: e?.code ?? 'CONFIG_INVALID',
        problems: (err as { problems?: unknown }).problems,
        fix: e?.fix,
        err: serializeError(err),
      },
      'invalid configuration',
    );
    throw err;
  }
  const { config, modules } = loaded;
  const chain = config.providers.map((name) =>
    (modules.get(name) as ProviderModule).create({
      env: config.env,
      logger: root.child({ component: `provider:${name}` }),
      sandbox: config.sandbox,
    }),
  );
  const byName = new Map<ProviderName, ProviderModule>(modules);
  return {
    config,
    log,
    decryptor: createDecryptor({
      keyArns: config.kmsKeyArns,
      defaultRegion: config.env.AWS_REGION,
      endpoint: config.env.AWS_ENDPOINT_URL_KMS,
    }),
    recipients: createRecipientResolver({ endpoint: config.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER }),
    region: config.env.AWS_REGION,
    chain,
    // Already validated by loadConfig (its problems are part of the ConfigError).
    providerTemplates: loadProviderTemplates(config.env),
    classify: (provider, err) => {
      try {
        return (byName.get(provider.name) as ProviderModule).classify(err);
      } catch {
        return { kind: 'transient', reason: `${provider.name} failed (unclassifiable error)` };
      }
    },
  };
}

/** The outcome line's fields; `null` until known, so every line has the same shape. */
interface Outcome {
  trigger: string | null;
  userPoolId: string | null;
  templateId: string | null;
  locale: string | null;
  brand: string | null;
  provider: string | null;
  messageId: string | null;
  requestId: string | null;
  to: string | null;
}

function initialOutcome(raw: unknown, context: InvocationContext | undefined): Outcome {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const source = typeof r.triggerSource === 'string' ? r.triggerSource : undefined;
  return {
    trigger: source ? (triggerInfo(source)?.name ?? source.slice(0, 80)) : null,
    userPoolId: typeof r.userPoolId === 'string' ? r.userPoolId.slice(0, 80) : null,
    templateId: null,
    locale: null,
    brand: null,
    provider: null,
    messageId: null,
    requestId: context?.awsRequestId ?? null,
    to: null,
  };
}

async function handle(rt: Runtime, raw: unknown, context: InvocationContext | undefined): Promise<void> {
  // process.hrtime rather than `performance`: the latter loads node:perf_hooks (and its histogram and
  // timing modules) at every cold start, for one subtraction.
  const started = process.hrtime.bigint();
  const { config, log } = rt;
  const outcome = initialOutcome(raw, context);
  const durationMs = () => Math.round(Number(process.hrtime.bigint() - started) / 10_000) / 100;
  const report = (
    level: 'info' | 'warn' | 'error',
    event: 'email_sent' | 'email_skipped' | 'email_failed',
    extra: Record<string, unknown>,
    msg: string,
  ) => log[level]({ event, ...outcome, durationMs: durationMs(), ...extra }, msg);
  const fail = (
    err: DispatcherError | { code: string; message: string; fix?: string | undefined },
    extra = {},
  ) =>
    report(
      'error',
      'email_failed',
      { code: err.code, fix: err.fix ?? defaultFix(err), reason: err.message, ...extra },
      'email failed',
    );

  // 1. validate
  let event: CustomEmailSenderEvent;
  try {
    // 1b. user text capped at Cognito's 2,048 characters before any regex or template sees it
    event = capEventText(parseCustomEmailSenderEvent(raw));
  } catch (err) {
    if (!(err instanceof EventValidationError)) throw err;
    fail(
      {
        code: err.code,
        message: err.message,
        fix: 'invoke with a Cognito custom email sender event; the issues list names each bad field',
      },
      { issues: err.issues },
    );
    return;
  }

  try {
    // 4a. disabled triggers are skipped before any KMS call
    const decision = routeEvent(event, {
      disabledTriggers: config.disabledTriggers,
      defaultLocale: config.defaultLocale,
    });
    if (decision.action === 'skip') {
      report('info', 'email_skipped', { reason: decision.reason }, 'email skipped');
      return;
    }
    const { route } = decision;
    Object.assign(outcome, { templateId: route.templateId, locale: route.locale, brand: route.brand });

    // 3. pool guard: the event's pool and the ciphertext's userpool-id context (public header), before KMS
    const hasCode = route.trigger.codeKind !== 'none' && Boolean(event.request.code);
    const mismatch = checkPool({
      code: hasCode ? event.request.code : null,
      eventUserPoolId: event.userPoolId,
      configuredUserPoolId: config.userPoolId,
    });
    if (mismatch) {
      securityMismatch(rt, outcome, mismatch.reason, mismatch.detail);
      fail(contextMismatch());
      return;
    }

    // 4. decrypt (suite 0x0378 only); the context is checked again once the SDK has authenticated it
    let code: string | null = null;
    if (hasCode && event.request.code) {
      const decrypted = await rt.decryptor.decrypt(event.request.code);
      const expected = config.userPoolId ?? event.userPoolId;
      if (decrypted.userPoolId !== event.userPoolId || decrypted.userPoolId !== expected) {
        securityMismatch(rt, outcome, 'ciphertext userpool-id encryption context differs from the event', {
          expected,
          eventUserPoolId: event.userPoolId,
          ciphertextUserPoolId: decrypted.userPoolId ?? null,
        });
        fail(contextMismatch());
        return;
      }
      code =
        route.trigger.codeKind === 'temporaryPassword'
          ? unescapeTemporaryPassword(decrypted.plaintext)
          : decrypted.plaintext;
    }

    // 3. recipient
    const recipient = await rt.recipients.resolve({
      userPoolId: event.userPoolId,
      userName: event.userName,
      region: event.region || rt.region || 'us-east-1',
      userAttributes: event.request.userAttributes,
    });
    outcome.to = config.logPii ? recipient.address : maskEmail(recipient.address);

    // 5. render
    const rendered = render({
      templateId: route.templateId,
      locale: route.locale,
      brand: route.brand,
      trigger: route.trigger.name,
      data: {
        code,
        username: event.userName,
        email: recipient.address,
        userAttributes: event.request.userAttributes,
        clientMetadata: event.request.clientMetadata ?? null,
        ...(config.appUrl ? { appUrl: config.appUrl } : {}),
      },
    });
    Object.assign(outcome, { templateId: rendered.templateId, locale: rendered.locale });

    // 6. send
    const message = buildMessage({
      from: config.from,
      replyTo: config.replyTo,
      to: recipient.address,
      rendered,
      route,
      userPoolId: event.userPoolId,
      idempotencySource: eventIdentity(event),
    });
    // Providers that host their own template for this trigger/brand get it (filled with the same data);
    // the others send the HTML rendered above.
    const hosted =
      rt.providerTemplates.size > 0 &&
      rt.providerTemplates.request(
        route.trigger.name,
        route.brand,
        providerTemplateData({
          code,
          codeKind: route.trigger.codeKind,
          username: event.userName,
          email: recipient.address,
          trigger: route.trigger.name,
          brand: route.brand,
          locale: rendered.locale,
          appUrl: config.appUrl,
          userAttributes: event.request.userAttributes,
          clientMetadata: event.request.clientMetadata ?? null,
        }),
      );
    if (hosted) message.providerTemplate = hosted;
    const remainingMs = () => context?.getRemainingTimeInMillis?.() ?? DEFAULT_BUDGET_MS;
    const once = await sendOnce(
      {
        table: config.idempotencyTable,
        key: message.idempotencyKey ?? '',
        remainingMs,
        logger: log,
        // The SDK reads endpoint overrides from process.env only; a handler given its own env passes them on.
        endpoint: config.env.AWS_ENDPOINT_URL_DYNAMODB,
        region: rt.region,
      },
      () =>
        sendWithFailover(rt.chain, rt.classify, message, {
          remainingMs,
          logger: log,
          providerTemplates: rt.providerTemplates,
        }),
    );
    if (once.status === 'duplicate') {
      Object.assign(outcome, {
        provider: once.previous?.provider ?? null,
        messageId: once.previous?.messageId ?? null,
      });
      report('info', 'email_skipped', { reason: once.reason }, 'email skipped');
      return;
    }
    const { result } = once;
    Object.assign(outcome, { provider: result.provider, messageId: result.messageId });
    report(
      'info',
      'email_sent',
      { recipientSource: recipient.source, ...(result.attempts ? { failedAttempts: result.attempts } : {}) },
      'email sent',
    );
  } catch (err) {
    if (err instanceof DeliveryError) {
      outcome.provider = err.attempts.at(-1)?.provider ?? null;
      fail(err, {
        retryable: err.retryable,
        attempts: err.attempts.map((a) => ({ provider: a.provider, ...a.failure })),
      });
      if (err.retryable) throw err;
      return;
    }
    if (err instanceof DispatcherError) {
      fail(err, { retryable: err.retryable });
      if (err.retryable) throw err;
      return;
    }
    const templateCode = (err as { name?: string; code?: string })?.name === 'TemplateError';
    if (templateCode) {
      const e = err as { code: string; message: string };
      // A template/registry problem is a deployment bug: retrying the same event cannot fix it.
      fail(
        { code: e.code, message: e.message, fix: 'fix the template registry and redeploy' },
        { retryable: false },
      );
      return;
    }
    // Unknown failure: throw so the async retry (and the on-failure destination) keep the event.
    fail(
      {
        code: 'INTERNAL_ERROR',
        message: err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error',
      },
      { retryable: true },
    );
    throw err;
  }
}

/** A hint for failures whose error carries none, so every `email_failed` line says what to do. */
function defaultFix(err: { code: string; retryable?: boolean }): string {
  if (err.retryable) return 'transient: Lambda retries the event; alarm if it keeps failing';
  if (err.code === 'DELIVERY_FAILED')
    return 'the provider refused this message: check the recipient and the reason';
  return 'see the reason; retrying the same event cannot help';
}

function contextMismatch(): DispatcherError {
  return new DispatcherError('CONTEXT_MISMATCH', 'user pool id check failed; no email sent', {
    fix: 'investigate: a ciphertext or event from another user pool reached this function',
  });
}

function securityMismatch(
  rt: Runtime,
  outcome: Outcome,
  reason: string,
  detail: Record<string, unknown>,
): void {
  rt.log.error(
    {
      event: 'security_context_mismatch',
      requestId: outcome.requestId,
      trigger: outcome.trigger,
      reason,
      ...detail,
    },
    'security: user pool context mismatch',
  );
}

/**
 * Creates a handler with its own cold-start state. Configuration is read on `init()` (or the first call).
 * @example
 * const handler = createHandler({ env: { EMAIL_PROVIDER: 'outbox', EMAIL_FROM: 'a@b.test' } });
 * await handler.init();
 * await handler(event, { awsRequestId: 'local' });
 */
export function createHandler(options: HandlerOptions = {}): MailroomHandler {
  let runtime: Promise<Runtime> | undefined;
  const ready = (): Promise<Runtime> => {
    runtime ??= initRuntime(options).catch((err: unknown) => {
      // Like Lambda after a failed init: the next invocation tries again.
      runtime = undefined;
      throw err;
    });
    return runtime;
  };
  const handler = async (event: unknown, context?: InvocationContext): Promise<void> => {
    await handle(await ready(), event, context);
  };
  return Object.assign(handler, { init: async () => void (await ready()) });
}
