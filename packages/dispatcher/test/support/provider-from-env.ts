/**
 * Creates a provider the way the handler does at cold start: its own `parseEnv` over an environment, then
 * `create` with the typed settings. Throws the problems when the environment is incomplete.
 */
import type { EmailProvider, ProviderModule, ProviderRuntime } from '../../src/providers/types.js';

/**
 * @example const outbox = providerFromEnv(outboxModule, { OUTBOX_DIR: dir }, { logger, sandbox: false });
 */
export function providerFromEnv<C>(
  mod: ProviderModule<C>,
  env: Record<string, string | undefined>,
  runtime: ProviderRuntime,
): EmailProvider {
  const parsed = mod.parseEnv(env);
  if ('problems' in parsed) throw new Error(`provider environment incomplete: ${parsed.problems.join('; ')}`);
  return mod.create(parsed.config, runtime);
}
