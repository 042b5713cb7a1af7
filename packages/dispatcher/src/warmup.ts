/**
 * Cold-start overlap (issue 18). A cold start used to wait for module loading, then Secrets Manager, then a
 * TLS handshake plus KMS Decrypt, then a TLS handshake plus the ESP's API call, one after the other. None of
 * the connections depends on our code, so the entry (`lambda.ts`) calls `startWarmup` before it loads the
 * rest of the bundle: it starts the Secrets Manager read and opens TLS connections to KMS and to the first
 * provider of the chain, held by one keep-alive agent (`warmAgent`) that the KMS client and the SendGrid
 * client are given, so their first requests go out on connections that are already open.
 *
 * Rules:
 * - Nothing is logged, and a warm-up failure is dropped: a connection that fails before it is used is replaced
 *   by a fresh one at that moment (as if there had been no warm-up), and a failed early secret read is
 *   forgotten by `loadSecrets`, so init reads it again and reports its own error.
 * - Only `https:` origins are pre-connected (local stand-ins over `http:` and tests are left alone), only
 *   KMS and SendGrid: Brevo's SDK sends with `fetch` (a pre-connect would load undici, which the bundle keeps
 *   out of the cold path on purpose), SES has its own AWS SDK client, Mailgun and SMTP are not measured yet.
 * - Pre-connected sockets are unreferenced until used, so they never keep a process alive.
 */
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { type PreconnectAgent, warmAgent } from './warm-agent.js';

type Env = Record<string, string | undefined>;

/** The region a KMS key ARN names (`arn:aws:kms:<region>:…`). */
function regionOfKeyArn(arn: string | undefined): string | undefined {
  const parts = arn?.trim().split(':') ?? [];
  return parts[0] === 'arn' && parts[2] === 'kms' && parts[3] ? parts[3] : undefined;
}

/**
 * The origins a cold start will talk to first, from the environment alone: KMS (the endpoint override, or the
 * regional endpoint of the first key ARN) and the first provider of `EMAIL_PROVIDER` when it is SendGrid.
 * FIPS and dual-stack endpoints are not guessed: with those settings KMS is left out.
 * @example warmupOrigins({ KMS_KEY_ARN: 'arn:aws:kms:eu-west-1:1:key/k', EMAIL_PROVIDER: 'sendgrid' })
 * // → ['https://kms.eu-west-1.amazonaws.com', 'https://api.sendgrid.com']
 */
export function warmupOrigins(env: Env): string[] {
  const origins: string[] = [];
  const fipsOrDualStack = [env.AWS_USE_FIPS_ENDPOINT, env.AWS_USE_DUALSTACK_ENDPOINT].some(
    (v) => v?.trim().toLowerCase() === 'true',
  );
  const kmsEndpoint = env.AWS_ENDPOINT_URL_KMS?.trim() || env.AWS_ENDPOINT_URL?.trim();
  const region = regionOfKeyArn(env.KMS_KEY_ARN?.split(',')[0]);
  if (kmsEndpoint) origins.push(kmsEndpoint);
  else if (region && !fipsOrDualStack) origins.push(`https://kms.${region}.amazonaws.com`);
  const first = env.EMAIL_PROVIDER?.split(',')[0]?.trim().toLowerCase();
  if (first === 'sendgrid') origins.push(env.SENDGRID_API_URL?.trim() || 'https://api.sendgrid.com');
  return origins;
}

/** What `startWarmup` started. */
export interface Warmup {
  /** Resolves once every connection attempt has left the process (DNS answered), at most `maxWaitMs` later. */
  issued: Promise<void>;
  /** Resolves once the Secrets Manager read has been started (never rejects). */
  secretsRequested: Promise<void>;
  /** The pre-connected sockets (tests). */
  sockets: TLSSocket[];
}

/**
 * Starts the cold start's independent waits: the Secrets Manager read (`EMAIL_SECRETS_ARN`) and TLS
 * connections to KMS and the first provider. Never throws, never logs; call it before loading the rest.
 * @example
 * const warmup = startWarmup(process.env);
 * await Promise.all([warmup.issued, warmup.secretsRequested]);
 * const { handler } = await import('./index.js');
 */
export function startWarmup(env: Env, agent: PreconnectAgent = warmAgent, maxWaitMs = 10): Warmup {
  // Loaded here, not imported: the entry's own static imports stay tiny, so the connections start first.
  // Cached by loadSecrets: init's own call gets this promise; a failure is forgotten there and read again.
  const secretsRequested = env.EMAIL_SECRETS_ARN?.trim()
    ? import('./secrets.js').then(
        ({ loadSecrets }) => void loadSecrets(env).catch(() => undefined),
        () => undefined,
      )
    : Promise.resolve();
  const started = warmupOrigins(env).flatMap((origin) => {
    const socket = agent.preconnect(origin);
    return socket === undefined
      ? []
      : [{ socket, hostname: new URL(origin).hostname.replace(/^\[|\]$/g, '') }];
  });
  // A hostname is resolved first and the connect syscall follows the lookup in the same callback; an IP
  // address connects on the next tick. Waiting for the lookups (not for the connections) lets TCP's round
  // trip run during module loading without waiting for it.
  const lookups = started.map(({ socket, hostname }) =>
    isIP(hostname) !== 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          socket.once('lookup', () => resolve());
          socket.once('close', () => resolve());
        }),
  );
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, maxWaitMs);
    timer.unref();
  });
  const issued = Promise.race([Promise.all(lookups).then(() => undefined), cap])
    .then(() => new Promise<void>((resolve) => process.nextTick(resolve)))
    .finally(() => clearTimeout(timer));
  return { issued, secretsRequested, sockets: started.map((s) => s.socket) };
}
