/**
 * The configuration contract (design.md), parsed once per cold start. The provider-independent variables
 * follow the one schema in shared-types (`parseEnvContract`, which infra validates its context with too);
 * each chosen provider's variables are its own `parseEnv` (`providers/env/`, no SDK loaded). Every problem
 * is collected and reported together in one `ConfigError`, so a bad deployment is fixed in one round trip.
 */
import {
  type Address,
  type EnvContract,
  type Env as EnvContractInput,
  type ProviderName,
  parseEnvContract,
  type TriggerName,
} from '@mailroom/shared-types';
import { ConfigError } from './errors.js';
import { providerTemplateProblems } from './provider-templates.js';
import { type ProviderConfigs, parseProviderEnv } from './providers/env/index.js';
import type { ProviderModule } from './providers/types.js';

export type Env = Record<string, string | undefined>;

/** Everything the handler needs, validated. `env` is the environment merged with the secret. */
export interface Config {
  providers: ProviderName[];
  from: Address;
  replyTo: Address | undefined;
  /** Empty only in local mode (every provider is `outbox`): then any key in the message is tried. */
  kmsKeyArns: string[];
  userPoolId: string | undefined;
  sandbox: boolean;
  appUrl: string | undefined;
  defaultLocale: string | undefined;
  disabledTriggers: ReadonlySet<TriggerName>;
  logPii: boolean;
  secretsArn: string | undefined;
  idempotencyTable: string | undefined;
  /** Cap of one provider attempt (`PROVIDER_ATTEMPT_TIMEOUT_MS`; infra sizes the function timeout from it). */
  attemptTimeoutMs: number;
  /**
   * `AWS_REGION` (else `AWS_DEFAULT_REGION`) of the configured environment, never `process.env` behind an
   * injected one: the fallback region of the KMS, Secrets Manager, DynamoDB and Cognito clients.
   */
  region: string | undefined;
  /** Each chosen provider's typed settings, parsed once here. */
  providerConfigs: Partial<ProviderConfigs>;
  env: Env;
}

/** Result of the synchronous pass: what could be parsed plus every problem found so far. */
export interface BaseConfigResult {
  config: Omit<Config, 'env' | 'providerConfigs'>;
  problems: string[];
}

function regionOf(env: Env): string | undefined {
  return env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || undefined;
}

function fromContract(contract: EnvContract, env: Env): BaseConfigResult['config'] {
  return {
    providers: contract.providers,
    from: contract.from ?? { address: '' },
    replyTo: contract.replyTo,
    kmsKeyArns: contract.kmsKeyArns,
    userPoolId: contract.userPoolId,
    sandbox: contract.sandbox,
    appUrl: contract.appUrl,
    defaultLocale: contract.defaultLocale,
    disabledTriggers: new Set(contract.disabledTriggers),
    logPii: contract.logPii,
    secretsArn: contract.secretsArn,
    idempotencyTable: contract.idempotencyTable,
    attemptTimeoutMs: contract.attemptTimeoutMs,
    region: regionOf(env),
  };
}

/**
 * Checks every provider-independent variable (the shared-types schema). Never throws; problems are returned.
 * @example parseBaseConfig({ EMAIL_PROVIDER: 'outbox', EMAIL_FROM: 'a@b.test' }).problems // []
 */
export function parseBaseConfig(env: Env): BaseConfigResult {
  const { contract, problems } = parseEnvContract(env as EnvContractInput);
  return { config: fromContract(contract, env), problems: problems.map((p) => p.message) };
}

/** What `loadConfig` needs from the outside; injectable so unit tests use real modules without network. */
export interface ConfigDependencies {
  loadProvider(name: ProviderName): Promise<ProviderModule>;
  /** Reads `EMAIL_SECRETS_ARN` (one GetSecretValue). Only called when that variable is set. */
  loadSecrets(env: Env): Promise<Record<string, string>>;
  /** Extra checks on the parsed config (e.g. `DEFAULT_LOCALE` against the template registry). */
  validate?(config: BaseConfigResult['config']): string[];
}

function reason(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 200);
}

/** The environment with the secret's keys under it: plain variables win (local overrides stay possible). */
async function mergeSecrets(env: Env, deps: ConfigDependencies, problems: string[]): Promise<Env> {
  try {
    const merged: Env = { ...(await deps.loadSecrets(env)) };
    for (const [key, value] of Object.entries(env)) if (value?.trim()) merged[key] = value;
    return merged;
  } catch (err) {
    problems.push(`EMAIL_SECRETS_ARN: could not read the secret (${reason(err)})`);
    return { ...env };
  }
}

/** A provider module being loaded: the module, or why it could not be (never rejects). */
type Loading = Promise<{ module: ProviderModule } | { error: unknown }>;

/**
 * Starts loading every chosen provider's module (the lazy chunks). They do not depend on the secret, so a cold
 * start loads them while the Secrets Manager read is still on the wire (issue 18: CPU overlapped with a wait).
 */
function startLoading(names: readonly ProviderName[], deps: ConfigDependencies): Map<ProviderName, Loading> {
  return new Map(
    names.map((name): [ProviderName, Loading] => [
      name,
      deps.loadProvider(name).then(
        (module) => ({ module }),
        (error: unknown) => ({ error }),
      ),
    ]),
  );
}

/** Each chosen provider's `parseEnv` (no SDK), then its loaded module, collecting every problem in order. */
async function loadProviders(
  env: Env,
  loading: ReadonlyMap<ProviderName, Loading>,
  problems: string[],
): Promise<{ modules: Map<ProviderName, ProviderModule>; configs: Partial<ProviderConfigs> }> {
  const modules = new Map<ProviderName, ProviderModule>();
  const configs: Record<string, unknown> = {};
  for (const [name, load] of loading) {
    const parsed = parseProviderEnv(name, env);
    if ('problems' in parsed) problems.push(...parsed.problems);
    else configs[name] = parsed.config;
    const loaded = await load;
    if ('module' in loaded) modules.set(name, loaded.module);
    else problems.push(`EMAIL_PROVIDER: provider "${name}" could not be loaded (${reason(loaded.error)})`);
  }
  return { modules, configs: configs as Partial<ProviderConfigs> };
}

/**
 * Parses and validates the whole configuration, loading the configured provider modules (and only those)
 * and the Secrets Manager secret. Throws one `ConfigError` listing every problem.
 * @example
 * const { config, modules } = await loadConfig(process.env, { loadProvider, loadSecrets });
 */
export async function loadConfig(
  env: Env,
  deps: ConfigDependencies,
): Promise<{ config: Config; modules: Map<ProviderName, ProviderModule> }> {
  const { config: base, problems } = parseBaseConfig(env);
  if (deps.validate) problems.push(...deps.validate(base));
  const loading = startLoading(base.providers, deps);
  const merged = base.secretsArn ? await mergeSecrets(env, deps, problems) : { ...env };
  const { modules, configs } = await loadProviders(merged, loading, problems);
  problems.push(...providerTemplateProblems(merged));
  if (problems.length > 0) throw new ConfigError(problems);
  return { config: { ...base, providerConfigs: configs, env: merged }, modules };
}
