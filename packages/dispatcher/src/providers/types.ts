/**
 * The provider contract. Adding a provider is one file in this folder exporting a `ProviderModule`, plus
 * one line in `registry.ts`. Cross-cutting work (timeouts, failover, logging) lives outside the adapters.
 */
import type { EmailMessage, ProviderName, SendResult } from '@mailroom/shared-types';
import type { Logger } from 'pino';

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

/** What a provider factory gets: the merged environment (env + Secrets Manager), a logger, sandbox mode. */
export interface ProviderContext {
  env: Record<string, string | undefined>;
  logger: Logger;
  /** `EMAIL_SANDBOX=true`: use the provider's sandbox / test mode. */
  sandbox: boolean;
}

/** What each `src/providers/<name>.ts` exports (as named exports or as its module namespace). */
export interface ProviderModule {
  /** Creates the provider once per cold start (SDK clients are created here and reused). */
  create(ctx: ProviderContext): EmailProvider;
  /** Problems with this provider's configuration, e.g. `SENDGRID_API_KEY is required for provider sendgrid`. */
  requiredEnv(env: Record<string, string | undefined>): string[];
  /** Classifies anything `send` may throw. Never throws itself. */
  classify(err: unknown): FailureClass;
}

/**
 * The configuration problems of an HTTP provider: its API key variable must be set, and its optional base-URL
 * override must be an http(s) URL (the stand-ins and regional endpoints use it).
 * @example httpProviderEnvProblems(env, 'brevo', 'BREVO_API_KEY', 'BREVO_API_URL', 'https://api.brevo.com/v3')
 */
export function httpProviderEnvProblems(
  env: Record<string, string | undefined>,
  provider: ProviderName,
  keyVar: string,
  urlVar: string,
  defaultUrl: string,
): string[] {
  const problems: string[] = [];
  if (!env[keyVar]?.trim()) problems.push(`${keyVar} is required for provider ${provider}`);
  const url = env[urlVar]?.trim();
  if (url) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) problems.push(`${urlVar}: expected an http(s) base URL like ${defaultUrl}`);
  }
  return problems;
}
