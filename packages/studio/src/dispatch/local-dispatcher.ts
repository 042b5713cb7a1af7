/**
 * Local dispatch: build a real Cognito event (real Encryption SDK ciphertext, KMS stand-in key) and hand it to
 * the REAL dispatcher bundle, imported in-process — the same file infra deploys. Used by the studio's
 * "Send test" button and by `mailroom invoke`. Each provider chain gets its own handler, configured through
 * `createHandler({ env })`; the outcome arrives typed through `onOutcome` (no log line is parsed).
 * The parts: request.ts (checks), event.ts (the event), bundle.ts (the bundle), lambda-context.ts.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmailFailedOutcome, EmailSkippedOutcome, Outcome } from '@mailroom/shared-types';
import { type KmsStandIn, startKmsStandIn } from '@mailroom/testkit';
import { senderFrom } from '../defaults.js';
import { StudioError } from '../errors.js';
import { DEFAULT_OUTBOX_DIR, DISPATCHER_BUNDLE } from '../paths.js';
import { BundleLoader, type LambdaHandler } from './bundle.js';
import { eventFor } from './event.js';
import { lambdaContext } from './lambda-context.js';
import {
  type Catalog,
  catalogBrand,
  type DispatchRequest,
  parseProviders,
  resolveTrigger,
  validateEmail,
} from './request.js';

export type { DispatchRequest } from './request.js';
export { parseProviders, resolveTrigger } from './request.js';

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
  /** This send, end to end: the event (KMS stand-in), the bundle's handler, the provider. */
  ms: number;
  /**
   * The part of `ms` the provider calls took (the dispatcher's typed outcome, `providerMs`: every attempt of
   * the chain), `null` when the bundle did not say.
   */
  providerMs: number | null;
}

export interface LocalDispatcherOptions {
  outboxDir?: string;
  /** `APP_URL` for links in the email; omitted, each brand's `appUrl` is used (as in production). */
  appUrl?: string | undefined;
  /** Default provider when a request names none (default `outbox`). */
  provider?: string;
  /** `EMAIL_FROM` (default `Mailroom Dev <dev@mailroom.local>`). */
  from?: string;
  /** Path of the bundle to run (default `packages/dispatcher/dist/index.js`). */
  bundle?: string;
  /** Every raw log line the dispatcher writes (the CLI's `--verbose`). */
  onLog?: (line: string) => void;
  /** Locales and brands of the built registry, to validate names before building an event. */
  catalog?: () => Catalog;
  /**
   * Prepare in the background at start what a first send would otherwise pay for (the studio sets it): import
   * the bundle (its cold start), init the default provider's handler, and build one event (the factory's
   * Encryption SDK). A send that comes first waits for it, inside its own dispatch time.
   */
  prepare?: boolean;
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

/** Where the current invocation's log lines and outcome go (sends run one at a time). */
interface Capture {
  logs: Record<string, unknown>[];
  outcome: Outcome | undefined;
}

async function listEml(dir: string): Promise<Set<string>> {
  try {
    return new Set((await readdir(dir)).filter((name) => name.endsWith('.eml')));
  } catch {
    return new Set();
  }
}

function parsedLine(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { msg: line.trim() };
  }
}

/** The send's error when the outcome is not `email_sent`: the dispatcher's reason, code and fix. */
function notSent(
  outcome: EmailSkippedOutcome | EmailFailedOutcome | undefined,
  thrown: unknown,
): StudioError {
  const why = outcome?.reason ?? (thrown as Error | undefined)?.message ?? 'no outcome was reported';
  if (outcome?.event === 'email_skipped') {
    return new StudioError(`the dispatcher skipped the email: ${why}`, { code: 'SEND_FAILED' });
  }
  const code = outcome ? ` (${outcome.code})` : '';
  const fix = outcome?.fix ? ` — ${outcome.fix}` : '';
  return new StudioError(`the dispatcher did not send the email${code}: ${why}${fix}`, {
    code: 'SEND_FAILED',
  });
}

/**
 * The dispatcher's environment for one provider chain: the caller's environment, the KMS stand-in, and the
 * studio's settings. Dummy AWS credentials only where the user has none (the stand-in does not verify them).
 */
function functionEnv(
  kms: KmsStandIn,
  settings: { region: string; outboxDir: string; from: string; appUrl: string | undefined },
  providers: readonly string[],
): Record<string, string | undefined> {
  return {
    ...process.env,
    KMS_KEY_ARN: kms.keyArn,
    AWS_ENDPOINT_URL_KMS: kms.url,
    AWS_REGION: settings.region,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'test',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
    EMAIL_PROVIDER: providers.join(','),
    OUTBOX_DIR: settings.outboxDir,
    EMAIL_FROM: settings.from,
    AWS_LAMBDA_FUNCTION_NAME: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'mailroom-dispatcher-local',
    // Unset, the brand's own appUrl builds the links (what production sends), never the studio's URL.
    ...(settings.appUrl ? { APP_URL: settings.appUrl } : {}),
  };
}

/**
 * One handler per provider chain (one cold start each, like a redeploy with new settings), dropped when the
 * bundle is rebuilt. The current send's capture receives the log lines and the outcome.
 */
class Handlers {
  readonly #handlers = new Map<string, LambdaHandler>();
  readonly #loader: BundleLoader;
  capture: Capture | undefined;

  constructor(
    bundle: string,
    readonly envFor: (providers: readonly string[]) => Record<string, string | undefined>,
    readonly onLog: ((line: string) => void) | undefined,
  ) {
    this.#loader = new BundleLoader(bundle);
  }

  async for(providers: readonly string[]): Promise<LambdaHandler> {
    const env = this.envFor(providers);
    const { createHandler, fresh } = await this.#loader.load(env);
    if (fresh) this.#handlers.clear();
    const key = providers.join(',');
    let handler = this.#handlers.get(key);
    if (!handler) {
      handler = createHandler({
        env,
        logDestination: { write: (line) => this.#log(line) },
        onOutcome: (outcome) => {
          if (this.capture) this.capture.outcome = outcome;
        },
      });
      await handler.init();
      this.#handlers.set(key, handler);
    }
    return handler;
  }

  #log(line: string): void {
    this.capture?.logs.push(parsedLine(line));
    this.onLog?.(line);
  }
}

/** Runs one event through the handler; a thrown (retryable) failure is reported by the outcome too. */
async function invoke(
  handlers: Handlers,
  handler: LambdaHandler,
  event: unknown,
): Promise<Capture & { thrown: unknown }> {
  const capture: Capture = { logs: [], outcome: undefined };
  handlers.capture = capture;
  let thrown: unknown;
  try {
    await handler(event, lambdaContext(30_000));
  } catch (error) {
    thrown = error;
  } finally {
    handlers.capture = undefined;
  }
  return { ...capture, thrown };
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
  const from = senderFrom(options.from);
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const kms = await startKmsStandIn({ region });
  // The AWS SDK's default credential chain reads process.env, as on Lambda: the stand-in needs some
  // credentials to be signed with, so dummy ones are set once here when the user has none (real ones stay).
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  const settings = { region, outboxDir, from, appUrl: options.appUrl };
  const handlers = new Handlers(bundle, (providers) => functionEnv(kms, settings, providers), options.onLog);

  async function sendOne(request: DispatchRequest): Promise<DispatchResult> {
    const started = performance.now();
    const trigger = resolveTrigger(request.trigger);
    validateEmail(request.email);
    const providers = parseProviders(request.provider ?? defaultProvider);
    const brand = catalogBrand(request, options.catalog?.());
    const made = await eventFor(trigger, request, brand, { url: kms.url, keyArn: kms.keyArn, region });
    const handler = await handlers.for(providers);
    const before = await listEml(outboxDir);
    const { logs, outcome, thrown } = await invoke(handlers, handler, made.event);
    if (outcome?.event !== 'email_sent') throw notSent(outcome, thrown);
    const written = [...(await listEml(outboxDir))].filter((name) => !before.has(name)).sort();
    const outboxName = outcome.provider === 'outbox' ? written.at(-1) : undefined;
    return {
      trigger: trigger.name,
      triggerSource: trigger.source,
      to: request.email,
      templateId: outcome.templateId,
      locale: outcome.locale,
      brand: outcome.brand,
      provider: outcome.provider ?? providers[0] ?? 'outbox',
      messageId: outcome.messageId,
      outboxFile: outboxName ? join(outboxDir, outboxName) : null,
      logs,
      ms: Math.round(performance.now() - started),
      providerMs: outcome.providerMs ?? null,
    };
  }

  /** The default chain's handler and the event factory, warmed; a failure is left to the send that meets it. */
  async function prepare(): Promise<void> {
    await handlers.for(parseProviders(defaultProvider));
    await eventFor(resolveTrigger('SignUp'), { trigger: 'SignUp', email: 'prepare@example.com' }, undefined, {
      url: kms.url,
      keyArn: kms.keyArn,
      region,
    });
  }

  // Sends run after the preparation (not beside it), so a first send's dispatch time includes what is left of it.
  let queue: Promise<unknown> = options.prepare ? prepare().catch(() => {}) : Promise.resolve();
  return {
    send(request) {
      // One at a time: a send's log lines and outcome go to that send's capture.
      const run = queue.then(() => sendOne(request));
      queue = run.catch(() => {});
      return run;
    },
    info: () => ({ kmsUrl: kms.url, keyArn: kms.keyArn, bundle, provider: defaultProvider, outboxDir, from }),
    async close() {
      await queue;
      await kms.close();
    },
  };
}
