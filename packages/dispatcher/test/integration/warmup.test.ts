/**
 * The bundle's cold-start warm-up (src/warmup.ts, called first by src/lambda.ts) with KMS and the first
 * provider (SendGrid with its key in Secrets Manager, as deployed; or SES) behind HTTPS fronts (certificate
 * trusted by the child only): one TLS handshake per service per sandbox, and a warm-up whose connections
 * fail changes nothing the invocation or its logs show.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createSelfSignedCertificate,
  type KmsStandIn,
  makeEvent,
  type SecretsManagerStandIn,
  type StandIn,
  startKmsStandIn,
  startSecretsManagerStandIn,
  startSendGridStandIn,
  startSesStandIn,
} from '@mailroom/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTlsFront, type TlsFront } from '../support/tls-front.js';
import { API_KEY, FROM, leaks, REGION } from './helpers/env.js';
import { type BundleRun, invokeBundle } from './helpers/invoke-bundle.js';

const tls = createSelfSignedCertificate();
let dir: string;
let kms: KmsStandIn;
let sendgrid: StandIn;
let ses: StandIn;
let secrets: SecretsManagerStandIn;
let secretArn: string;
let events: unknown[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailroom-warmup-'));
  await writeFile(join(dir, 'ca.pem'), tls.cert);
  [kms, sendgrid, ses, secrets] = await Promise.all([
    startKmsStandIn({ region: REGION }),
    startSendGridStandIn({ apiKey: API_KEY }),
    startSesStandIn({ region: REGION }),
    startSecretsManagerStandIn({ region: REGION }),
  ]);
  secretArn = secrets.putSecret('mailroom/providers', JSON.stringify({ SENDGRID_API_KEY: API_KEY }));
  events = [];
  for (const trigger of ['SignUp', 'ForgotPassword', 'Authentication'] as const) {
    events.push(
      (await makeEvent(trigger, { kms, email: `user-${trigger.toLowerCase()}@example.com` })).event,
    );
  }
});

afterAll(async () => {
  await Promise.all([kms?.close(), sendgrid?.close(), ses?.close(), secrets?.close()]);
  await rm(dir, { recursive: true, force: true });
});

type Provider = 'sendgrid' | 'ses';

/** What the first provider needs: its stand-in, and its variables with the front's URL. */
function providerEnv(
  provider: Provider,
  fronts: { esp: TlsFront; secrets: TlsFront },
): Record<string, string> {
  return provider === 'sendgrid'
    ? {
        AWS_ENDPOINT_URL_SECRETS_MANAGER: fronts.secrets.url,
        EMAIL_SECRETS_ARN: secretArn,
        SENDGRID_API_URL: fronts.esp.url,
      }
    : { AWS_ENDPOINT_URL_SESV2: fronts.esp.url };
}

interface Sandbox {
  run: BundleRun;
  kmsFront: TlsFront;
  espFront: TlsFront;
  /** Secrets Manager's (the SendGrid key is read from it; SES needs no secret). */
  secretsFront: TlsFront;
  accepted: number;
  /** When the main chunk (`chunks/main-<hash>.js`) started to evaluate (epoch ms; test/support/chunk-clock.cjs). */
  mainChunkAt: number | undefined;
}

const CHUNK_CLOCK = fileURLToPath(new URL('../support/chunk-clock.cjs', import.meta.url));

/** One sandbox: the bundle in a fresh process, KMS, the provider and Secrets Manager behind fronts. */
async function sandbox(provider: Provider, options: { resetFirst?: number }): Promise<Sandbox> {
  const standIn = provider === 'sendgrid' ? sendgrid : ses;
  const kmsFront = await startTlsFront(kms.url, { ...options, tls });
  const espFront = await startTlsFront(new URL(standIn.url).origin, { ...options, tls });
  const secretsFront = await startTlsFront(secrets.url, { ...options, tls });
  const clock = join(dir, `chunks-${provider}-${options.resetFirst ?? 0}.log`);
  await writeFile(clock, '');
  try {
    standIn.accepted.length = 0;
    const run = await invokeBundle(
      {
        NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
        AWS_REGION: REGION,
        AWS_ENDPOINT_URL_KMS: kmsFront.url,
        KMS_KEY_ARN: kms.keyArn,
        EMAIL_PROVIDER: provider,
        ...providerEnv(provider, { esp: espFront, secrets: secretsFront }),
        EMAIL_FROM: FROM,
        APP_URL: 'https://app.mailroom.test',
        NODE_OPTIONS: `--require ${CHUNK_CLOCK}`,
        MAILROOM_CHUNK_CLOCK: clock,
      },
      events,
    );
    const main = (await readFile(clock, 'utf8')).split('\n').find((line) => / main-\w+\.js$/.test(line));
    return {
      run,
      kmsFront,
      espFront,
      secretsFront,
      accepted: standIn.accepted.length,
      mainChunkAt: main === undefined ? undefined : Number(main.split(' ')[0]),
    };
  } finally {
    await Promise.all([kmsFront.close(), espFront.close(), secretsFront.close()]);
  }
}

describe.each(['sendgrid', 'ses'] as const)('the cold-start warm-up, %s first in the chain', (provider) => {
  let healthy: Awaited<ReturnType<typeof sandbox>>;
  let failing: Awaited<ReturnType<typeof sandbox>>;

  beforeAll(async () => {
    healthy = await sandbox(provider, {});
    // Every front resets the first connection it accepts: the warm-up's.
    failing = await sandbox(provider, { resetFirst: 1 });
  });

  it('opens one connection per service for the whole sandbox: the first Decrypt and send reuse the warm-up’s', () => {
    // Assert
    expect(healthy.run.initError).toBeUndefined();
    expect(healthy.run.results).toEqual(events.map(() => ({ threw: false })));
    expect([healthy.kmsFront.connections, healthy.kmsFront.handshakes]).toEqual([1, 1]);
    expect([healthy.espFront.connections, healthy.espFront.handshakes]).toEqual([1, 1]);
    const secretReads = provider === 'sendgrid' ? 1 : 0;
    expect([healthy.secretsFront.connections, healthy.secretsFront.handshakes]).toEqual([
      secretReads,
      secretReads,
    ]);
  });

  it('has its ClientHellos and the secret read on the wire before the main chunk loads (the entry turns the event loop)', () => {
    // Assert: Node loads a module graph without turning the event loop; without the turns in between, the
    // connects, the ClientHellos and the secret's request all waited until the main chunk and init had run
    const main = healthy.mainChunkAt ?? Number.NaN;
    expect(healthy.mainChunkAt).toBeTypeOf('number');
    expect(healthy.kmsFront.helloTimes[0]).toBeLessThan(main);
    expect(healthy.espFront.helloTimes[0]).toBeLessThan(main);
    // SendGrid's key is read from Secrets Manager, before the main chunk; SES needs no secret.
    const secretReadsBeforeMain = healthy.secretsFront.requestTimes.filter((at) => at < main);
    expect(secretReadsBeforeMain).toHaveLength(provider === 'sendgrid' ? 1 : 0);
    expect(healthy.secretsFront.requestTimes).toHaveLength(provider === 'sendgrid' ? 1 : 0);
  });

  it('does not fail an invocation when the warm-up connections fail: a fresh connection takes over', () => {
    // Assert: every invocation sent, each service reached on a second connection, one handshake each
    expect(failing.run.initError).toBeUndefined();
    expect(failing.run.results).toEqual(events.map(() => ({ threw: false })));
    expect(failing.accepted).toBe(events.length);
    expect([failing.kmsFront.connections, failing.kmsFront.handshakes]).toEqual([2, 1]);
    expect([failing.espFront.connections, failing.espFront.handshakes]).toEqual([2, 1]);
    if (provider === 'sendgrid') {
      expect([failing.secretsFront.connections, failing.secretsFront.handshakes]).toEqual([2, 1]);
    }
  });

  it('leaves no trace of a failed warm-up in the logs', () => {
    // Assert: the same log events and levels as the healthy sandbox, nothing else on stdout/stderr
    const shape = (run: BundleRun) => run.logs.map((l) => `${String(l.level)} ${String(l.event)}`);
    expect(shape(failing.run)).toEqual(shape(healthy.run));
    expect(failing.run.otherOutput).toEqual(healthy.run.otherOutput);
    expect(failing.run.output).not.toMatch(/ECONNRESET|socket hang up|warm/i);
    expect(leaks(failing.run.output, [API_KEY])).toEqual([]);
  });
});
