/**
 * Cold-start overlap (issue 18). A cold start used to wait for module loading, then Secrets Manager, then a
 * TLS handshake plus KMS Decrypt, then a TLS handshake plus the ESP's API call, one after the other. None of
 * the connections depends on our code, so the entry (`lambda.ts`) calls `startWarmup` before it loads the
 * rest of the bundle: it opens TLS connections to Secrets Manager, KMS, the first provider of the chain and
 * (with `IDEMPOTENCY_TABLE`) DynamoDB, held by one keep-alive agent (`providers/kit/warm-agent.ts`) that the
 * Secrets Manager, KMS, SendGrid, SES and DynamoDB clients are given, then starts the Secrets Manager read,
 * so every first request goes out on a connection that is already open (the secret read's handshake no
 * longer waits for the event loop to turn between module evaluations).
 *
 * Rules:
 * - Nothing is logged, and a warm-up failure is dropped: a connection that fails before it is used is replaced
 *   by a fresh one at that moment (as if there had been no warm-up), and a failed early secret read is
 *   forgotten by `loadSecrets`, so init reads it again and reports its own error.
 * - Only `https:` origins are pre-connected (local stand-ins over `http:` and tests are left alone): Secrets
 *   Manager, KMS, DynamoDB, and the first provider when its client takes our agent (SendGrid, SES:
 *   `providerOrigin`).
 * - Pre-connected sockets are unreferenced until used, so they never keep a process alive.
 */
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { type ProviderName, parseEnvContract } from '@mailroom/shared-types';
import { arnClientRegion, arnRegion } from './arn.js';
import { sendGridApiUrl } from './providers/env/sendgrid.js';
import { sesRegion } from './providers/env/ses.js';
import { envValue } from './providers/kit/env.js';
import { type PreconnectAgent, warmAgent } from './providers/kit/warm-agent.js';

type Env = Record<string, string | undefined>;

const isTrue = (value: string | undefined): boolean => value?.trim().toLowerCase() === 'true';

/** AWS endpoints the SDK would build differently (FIPS, dual-stack) are not guessed. */
function awsOrigin(env: Env, service: string, override: string | undefined, region: string | undefined) {
  const endpoint = override?.trim() || env.AWS_ENDPOINT_URL?.trim();
  if (endpoint) return endpoint;
  if (!region || isTrue(env.AWS_USE_FIPS_ENDPOINT) || isTrue(env.AWS_USE_DUALSTACK_ENDPOINT))
    return undefined;
  return `https://${service}.${region}.amazonaws.com`;
}

/**
 * The origin a provider's first send goes to, for the providers whose client takes our keep-alive agent:
 * SendGrid (`SENDGRID_API_URL` or its default, as the adapter reads them) and SES (`AWS_ENDPOINT_URL_SESV2` or
 * `email.<region>`, the SES v2 endpoint). Left out: Brevo (its `fetch` would load undici, which the bundle
 * keeps off the cold path), Mailgun (mailgun.js takes no agent: only a warm-up request on Node's global agent
 * could do it), SMTP (not https) and the outbox (local).
 */
function providerOrigin(env: Env, provider: ProviderName | undefined): string | undefined {
  if (provider === 'sendgrid') return sendGridApiUrl(env);
  if (provider === 'ses')
    return awsOrigin(env, 'email', envValue(env, 'AWS_ENDPOINT_URL_SESV2'), sesRegion(env));
  return undefined;
}

/**
 * The origins a cold start will talk to first, read through the one env contract (shared-types
 * `parseEnvContract`; its problems are init's to report): Secrets Manager (`EMAIL_SECRETS_ARN`'s region, as
 * secrets.ts), KMS (the endpoint override, or the regional endpoint of the first key ARN), the first provider of `EMAIL_PROVIDER` when its client takes our agent
 * (`providerOrigin`), and DynamoDB (in `AWS_REGION`, as idempotency-runner.ts) when `IDEMPOTENCY_TABLE` is
 * set. FIPS and dual-stack endpoints are not guessed: with those settings the AWS services are left out.
 * @example warmupOrigins({ KMS_KEY_ARN: 'arn:aws:kms:eu-west-1:111122223333:key/k', EMAIL_PROVIDER: 'sendgrid' })
 * // → ['https://kms.eu-west-1.amazonaws.com', 'https://api.sendgrid.com']
 */
export function warmupOrigins(env: Env): string[] {
  const { contract } = parseEnvContract(env);
  const [firstKey] = contract.kmsKeyArns;
  const kms = firstKey
    ? awsOrigin(env, 'kms', env.AWS_ENDPOINT_URL_KMS, arnRegion(firstKey, 'kms'))
    : undefined;
  const secrets = contract.secretsArn
    ? awsOrigin(
        env,
        'secretsmanager',
        env.AWS_ENDPOINT_URL_SECRETS_MANAGER,
        arnClientRegion(contract.secretsArn, 'secretsmanager', env),
      )
    : undefined;
  const provider = providerOrigin(env, contract.providers[0]);
  const dynamodb = contract.idempotencyTable
    ? awsOrigin(env, 'dynamodb', env.AWS_ENDPOINT_URL_DYNAMODB, env.AWS_REGION?.trim())
    : undefined;
  return [secrets, kms, provider, dynamodb].filter((o): o is string => o !== undefined);
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
  const secretsRequested = envValue(env, 'EMAIL_SECRETS_ARN')
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
