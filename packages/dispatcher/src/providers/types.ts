/**
 * The provider contract. Adding a provider is one file in this folder exporting a `ProviderModule`, its
 * `parseEnv` in `env/<name>.ts` (listed in `env/index.ts`), and one line in `registry.ts`. What adapters share
 * lives in `kit/` (imported through `kit/index.ts`); cross-cutting work (timeouts, failover, logging) lives
 * outside the adapters.
 */
import type { EmailMessage, ProviderName, SendResult } from '@mailroom/shared-types';
import type { Logger } from 'pino';
import type { Env, ParsedEnv } from './kit/index.js';

/**
 * One configured provider: translates an `EmailMessage` to its SDK and sends it.
 * `signal` aborts the attempt when the failover loop's per-attempt budget runs out.
 */
export interface EmailProvider {
  readonly name: ProviderName;
  send(message: EmailMessage, signal: AbortSignal): Promise<SendResult>;
}

/**
 * How a provider failure should be treated:
 * - `transient` (network, timeout, 429, 5xx): try the next provider, or throw so Lambda retries;
 * - `provider-auth` (401/403): our credentials at this provider are broken; try the next provider;
 * - `rejected`: the message or recipient was refused; no other provider would accept it either.
 */
export interface FailureClass {
  kind: 'transient' | 'provider-auth' | 'rejected';
  /** HTTP (or SMTP) status when there was one. */
  status?: number;
  /** Parsed `Retry-After`, when the provider sent one. */
  retryAfterMs?: number;
  /** Short, secret-free description (no API key, no message body). */
  reason: string;
}

/** What every adapter gets besides its own settings: a logger (`component: provider:<name>`) and sandbox mode. */
export interface ProviderRuntime {
  logger: Logger;
  /** `EMAIL_SANDBOX=true`: use the provider's sandbox / test mode. */
  sandbox: boolean;
}

/**
 * What each `src/providers/<name>.ts` exports (as named exports or as its module namespace). `C` is the
 * provider's typed settings, parsed once at cold start by its `parseEnv` (`src/providers/env/<name>.ts`, which
 * loads no SDK, so config.ts checks every chosen provider without loading one).
 */
export interface ProviderModule<C = unknown> {
  /** The provider's settings from the environment (merged with the secret), or every problem. */
  parseEnv(env: Env): ParsedEnv<C>;
  /** Creates the provider once per cold start (SDK clients are created here and reused). */
  create(config: C, runtime: ProviderRuntime): EmailProvider;
  /** Classifies anything `send` may throw. Never throws itself. */
  classify(err: unknown): FailureClass;
}
