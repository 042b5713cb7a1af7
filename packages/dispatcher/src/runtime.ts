/**
 * The cold-start state one handler shares across its invocations: configuration (every problem reported at
 * once), the logger, the KMS decryptor, the recipient resolver, the provider chain (created once from the
 * lazily loaded provider modules) and the provider-hosted template table. Built by `initRuntime` on
 * `handler.init()` or the first invocation; the pipeline steps read it, never change it.
 */
import { logLevelOf, type Outcome, type ProviderName } from '@mailroom/shared-types';
import { listLocales, matchLocale } from '@mailroom/templates';
import type { DestinationStream, Logger } from 'pino';
import { type Config, type Env, loadConfig } from './config.js';
import { createDecryptor, type Decryptor } from './decrypt.js';
import { DispatcherError } from './errors.js';
import { createLogger } from './logger.js';
import { loadProviderTemplates, type ProviderTemplates } from './provider-templates.js';
import { createChain, loadProvider } from './providers/registry.js';
import type { EmailProvider, FailureClass, ProviderModule } from './providers/types.js';
import { createRecipientResolver, type RecipientResolver } from './recipient.js';
import { loadSecrets } from './secrets.js';

/** Options for tests and local tools; Lambda uses the defaults. */
export interface HandlerOptions {
  /** Environment to read (default `process.env`, read once at init). */
  env?: Env;
  /** Where log lines go (default stdout, synchronously). */
  logDestination?: DestinationStream;
  /**
   * Called once per invocation with the typed outcome: the same facts as the outcome log line
   * (`email_sent` | `email_skipped` | `email_failed`, code, fix, retryable, provider, messageId, …), so callers
   * never parse logs. Called before the handler returns (or throws, when the failure is retryable). An
   * exception it throws is logged (`outcome_callback_failed`) and does not change the invocation's result.
   * Not called when init fails (there is no invocation outcome then, only `config_invalid`).
   */
  onOutcome?: (outcome: Outcome) => void;
}

/** What every pipeline step may read. */
export interface Runtime {
  config: Config;
  log: Logger;
  decryptor: Decryptor;
  recipients: RecipientResolver;
  chain: EmailProvider[];
  /** `PROVIDER_TEMPLATES`: which provider sends its own hosted template for which trigger (and brand). */
  providerTemplates: ProviderTemplates;
  /** `AWS_REGION` of the configured environment, never `process.env` behind an injected one (config.ts). */
  region: string | undefined;
  classify: (provider: EmailProvider, err: unknown) => FailureClass;
  onOutcome: ((outcome: Outcome) => void) | undefined;
}

/** `DEFAULT_LOCALE` must name a catalog the template registry has. */
function localeProblems(config: Omit<Config, 'env' | 'providerConfigs'>): string[] {
  if (!config.defaultLocale) return [];
  const locales = listLocales();
  return matchLocale(config.defaultLocale, locales)
    ? []
    : [`DEFAULT_LOCALE: no catalog for "${config.defaultLocale}" (available: ${locales.join(', ')})`];
}

/** Loads the configuration; on failure logs one `config_invalid` line listing every problem, and rethrows. */
async function loadOrReport(env: Env, log: Logger): ReturnType<typeof loadConfig> {
  try {
    return await loadConfig(env, { loadProvider, loadSecrets, validate: localeProblems });
  } catch (err) {
    const e = err instanceof DispatcherError ? err : undefined;
    log.fatal(
      {
        event: 'config_invalid',
        code: e?.code ?? 'CONFIG_INVALID',
        problems: (err as { problems?: unknown }).problems,
        fix: e?.fix,
        err, // reduced to { type, message, code } by the logger's serializer (logger.ts)
      },
      'invalid configuration',
    );
    throw err;
  }
}

/** Each provider module's own `classify`; an error in it counts as a transient failure of that provider. */
function classifier(modules: ReadonlyMap<ProviderName, ProviderModule>): Runtime['classify'] {
  return (provider, err) => {
    try {
      return (modules.get(provider.name) as ProviderModule).classify(err);
    } catch {
      return { kind: 'transient', reason: `${provider.name} failed (unclassifiable error)` };
    }
  };
}

/**
 * The cold-start work: rejects with a `ConfigError` listing every problem.
 * @example const rt = await initRuntime({ env: { EMAIL_PROVIDER: 'outbox', EMAIL_FROM: 'a@b.test' } });
 */
export async function initRuntime(options: HandlerOptions): Promise<Runtime> {
  const env = { ...(options.env ?? process.env) };
  const root = createLogger({
    // The logger exists before the configuration (so its problems can be logged): LOG_LEVEL read leniently.
    level: logLevelOf(env),
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const log = root.child({ component: 'handler' });
  const { config, modules } = await loadOrReport(env, log);
  const chain = createChain(config.providers, { modules, configs: config.providerConfigs }, (name) => ({
    logger: root.child({ component: `provider:${name}` }),
    sandbox: config.sandbox,
  }));
  return {
    config,
    log,
    decryptor: createDecryptor({
      keyArns: config.kmsKeyArns,
      defaultRegion: config.region,
      endpoint: config.env.AWS_ENDPOINT_URL_KMS,
    }),
    recipients: createRecipientResolver({ endpoint: config.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER }),
    region: config.region,
    chain,
    // Already validated by loadConfig (its problems are part of the ConfigError).
    providerTemplates: loadProviderTemplates(config.env),
    classify: classifier(new Map(modules)),
    onOutcome: options.onOutcome,
  };
}
