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
 * Why the entry also yields (`nextTurn`): Node's ESM loader reads and evaluates a module graph in one
 * uninterrupted run of promise jobs, so no `process.nextTick`, timer or I/O callback runs until that graph has
 * loaded. A connection to an IP address is only issued from a `nextTick`, a TLS handshake only advances in an
 * I/O callback, and the secret's response is only read in one: without a turn of the event loop between the
 * loads, every connection waited for the whole bundle (measured on Node 22: connects issued 117 ms after
 * `preconnect`, after the SDK chunks loaded; the ClientHellos and the secret's request only after the main
 * chunk, so init then waited ≈ 50 ms for Secrets Manager). So the entry waits up to `maxWaitMs` for the TCP
 * connections (a nearby AWS endpoint answers in a millisecond or two), and `issued` and `secretsRequested`
 * each end with a turn of the event loop.
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
import type { TLSSocket } from 'node:tls';
import { type ProviderName, parseEnvContract } from '@mailroom/shared-types';
import { arnClientRegion, arnRegion } from './arn.js';
import { sendGridApiUrl, sesRegion } from './providers/env/index.js';
import { envValue } from './providers/kit/index.js';
import type { PreconnectAgent } from './providers/kit/warm-agent.js';

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
  return plannedOrigins(env).map(({ origin }) => origin);
}

/**
 * `warmupOrigins` with, for each, whether it is an AWS endpoint of the function's region (Secrets Manager,
 * KMS, SES, DynamoDB: a millisecond or two away, worth waiting for) or the ESP's API across the internet
 * (SendGrid: not waited for).
 */
function plannedOrigins(env: Env): { origin: string; nearby: boolean }[] {
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
  const [first] = contract.providers;
  const provider = providerOrigin(env, first);
  const dynamodb = contract.idempotencyTable
    ? awsOrigin(env, 'dynamodb', env.AWS_ENDPOINT_URL_DYNAMODB, env.AWS_REGION?.trim())
    : undefined;
  const planned = [
    { origin: secrets, nearby: true },
    { origin: kms, nearby: true },
    { origin: provider, nearby: first === 'ses' },
    { origin: dynamodb, nearby: true },
  ];
  return planned.filter((o): o is { origin: string; nearby: boolean } => o.origin !== undefined);
}

/**
 * A turn of the event loop that includes a poll for I/O: pending `nextTick`s, then the I/O that is ready (a
 * connect completing, a TLS flight, a response), then this promise. Two nested `setImmediate`s, because one
 * scheduled from an I/O callback runs in that same iteration's check phase, before any new poll. Costs no
 * waiting when nothing is ready.
 * @example await nextTurn();
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** What `startWarmup` started. */
export interface Warmup {
  /**
   * Resolves once every connection is up (TCP connected, ClientHello sent) or `maxWaitMs` have passed, then
   * after one more turn of the event loop.
   */
  issued: Promise<void>;
  /**
   * Resolves once the Secrets Manager read has been started and the event loop has turned twice since, so a
   * pre-connected socket whose handshake answer has arrived carries the request out (never rejects).
   */
  secretsRequested: Promise<void>;
  /** The pre-connected sockets, complete once `issued` resolves (tests). */
  sockets: TLSSocket[];
}

/**
 * Pre-connects `origins` through `agent` (by default the shared `warmAgent`, loaded here: with no https
 * origin, as with local stand-ins, the TLS stack is not loaded before the rest of the bundle; measured, loading
 * it first cost ≈ 30 ms of cold CPU in a process that then opened no TLS connection), pushing the sockets
 * onto `sockets`; resolves once the nearby ones are connected or `maxWaitMs` have passed.
 *
 * TCP comes first (after a DNS lookup for a hostname; an IP connects from a nextTick), then TLS: a socket
 * sends its ClientHello in the I/O callback that reports it connected. Waiting (at most `maxWaitMs`) for the
 * connections nearby lets their handshakes run while the rest of the bundle loads; a far one (an ESP across
 * the internet) is not waited for: its ClientHello leaves at the next turn of the event loop.
 */
async function connect(
  origins: { origin: string; nearby: boolean }[],
  agent: PreconnectAgent | undefined,
  sockets: TLSSocket[],
  maxWaitMs: number,
): Promise<void> {
  const preconnector = agent ?? (await import('./providers/kit/warm-agent.js')).warmAgent;
  const nearby: TLSSocket[] = [];
  for (const { origin, nearby: near } of origins) {
    const socket = preconnector.preconnect(origin);
    if (socket === undefined) continue;
    sockets.push(socket);
    if (near) nearby.push(socket);
  }
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, maxWaitMs);
    timer.unref();
  });
  const connected = nearby.map(
    (socket) =>
      new Promise<void>((resolve) => {
        socket.once('connect', () => resolve());
        socket.once('close', () => resolve());
      }),
  );
  await Promise.race([Promise.all(connected), cap]);
  clearTimeout(timer);
}

/**
 * Starts the cold start's independent waits: the Secrets Manager read (`EMAIL_SECRETS_ARN`) and TLS
 * connections to KMS and the first provider. Never throws, never logs; call it before loading the rest.
 * @example
 * const warmup = startWarmup(process.env);
 * await warmup.issued;
 * await warmup.secretsRequested;
 * const { handler } = await import('./main.js');
 */
export function startWarmup(env: Env, agent?: PreconnectAgent, maxWaitMs = 10): Warmup {
  const origins = plannedOrigins(env).filter(({ origin }) => origin.startsWith('https:'));
  const sockets: TLSSocket[] = [];
  const issued = (origins.length === 0 ? Promise.resolve() : connect(origins, agent, sockets, maxWaitMs))
    .catch(() => undefined)
    .then(nextTurn);
  // Loaded here, not imported: the entry's own static imports stay tiny, so the connections start first; and
  // only after `issued`, since loading the SDK chunks would hold back the connects until it is done.
  // Cached by loadSecrets: init's own call gets this promise; a failure is forgotten there and read again.
  const secretsRequested = envValue(env, 'EMAIL_SECRETS_ARN')
    ? issued
        .then(() => import('./secrets.js'))
        .then(
          async ({ loadSecrets }) => {
            void loadSecrets(env).catch(() => undefined);
            // The SDK reaches the agent within these promise jobs; the first turn lets the handshake's
            // answer in, the second lets the request that waited for it out.
            await nextTurn();
            await nextTurn();
          },
          () => undefined,
        )
    : issued;
  return { issued, secretsRequested, sockets };
}
