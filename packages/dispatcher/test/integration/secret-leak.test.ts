/**
 * Secret-leak sweep: the deployable bundle runs every trigger through every provider adapter present in this
 * build, succeeding and failing in every failure class (500, 429, 401, 400, connection reset, plus a wrong
 * API key and an unwritable outbox). Everything an operator or attacker could read is captured — every
 * stdout/stderr byte, every thrown error with its stack, cause chain and all own properties
 * (`util.inspect`, hidden ones included), outbox `.json` metadata, and what the stand-ins answered — and
 * searched for every code, temporary password (raw, Cognito-escaped, HTML-escaped) and credential used.
 *
 * Each secret embeds a unique random core, and the search looks for that core, so a secret cannot hide
 * behind an encoding (JSON, HTML or URL escaping keep the hex core intact).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TRIGGERS } from '@mailroom/shared-types';
import type { KmsStandIn, MadeEvent, StandIn } from '@mailroom/testkit';
import * as testkit from '@mailroom/testkit';
import { makeEvent, startKmsStandIn } from '@mailroom/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FROM, REGION } from './helpers/env.js';
import { BUNDLE } from './helpers/invoke-bundle.js';

const PROVIDERS_DIR = fileURLToPath(new URL('../../src/providers/', import.meta.url));

/** A secret with a unique 16-hex core: the core is what the sweep searches for. */
function secret(prefix: string, suffix = ''): { value: string; core: string } {
  const core = randomBytes(8).toString('hex');
  return { value: `${prefix}${core}${suffix}`, core };
}

const AWS_SECRET = secret('awsSecret');
const AWS_SESSION = secret('awsSession');

type FailureClass = '500' | '429' | '401' | '400' | 'reset';

interface ProviderCase {
  name: string;
  /** The adapter file this build needs; the provider is swept only when it exists. */
  available: boolean;
  keys: { value: string; core: string }[];
  start(): Promise<StandIn>;
  env(standIn: StandIn): Record<string, string>;
  /** How the provider's stand-in expresses each failure class. */
  faults: Record<FailureClass, testkit.FaultSpec>;
  /** Environment with a wrong credential (the stand-in answers its real auth error). */
  wrongKeyEnv?(standIn: StandIn): Record<string, string>;
}

const HTTP_FAULTS: Record<FailureClass, testkit.FaultSpec> = {
  '500': { status: 500 },
  '429': { status: 429, retryAfter: 1 },
  '401': { status: 401 },
  '400': { status: 400 },
  reset: { reset: true },
};

function adapter(name: string): boolean {
  return existsSync(join(PROVIDERS_DIR, `${name}.ts`));
}

const sendgridKey = secret('SG.leak.');
const wrongSendgridKey = secret('SG.wrong.');
const mailgunKey = secret('key-leak');
const wrongMailgunKey = secret('key-wrong');
const brevoKey = secret('xkeysib-leak');
const wrongBrevoKey = secret('xkeysib-wrong');
const smtpPass = secret('smtpPass');
const wrongSmtpPass = secret('smtpWrong');
const standIns = testkit as unknown as Record<string, ((opts?: unknown) => Promise<StandIn>) | undefined>;

const PROVIDERS: ProviderCase[] = [
  {
    name: 'sendgrid',
    available: adapter('sendgrid'),
    keys: [sendgridKey, wrongSendgridKey],
    start: () => testkit.startSendGridStandIn({ apiKey: sendgridKey.value }),
    env: (s) => ({ SENDGRID_API_KEY: sendgridKey.value, SENDGRID_API_URL: s.url }),
    faults: HTTP_FAULTS,
    wrongKeyEnv: (s) => ({ SENDGRID_API_KEY: wrongSendgridKey.value, SENDGRID_API_URL: s.url }),
  },
  {
    name: 'mailgun',
    available: adapter('mailgun'),
    keys: [mailgunKey, wrongMailgunKey],
    start: () => testkit.startMailgunStandIn({ apiKey: mailgunKey.value, domain: 'mg.mailroom.test' }),
    env: (s) => ({
      MAILGUN_API_KEY: mailgunKey.value,
      MAILGUN_DOMAIN: 'mg.mailroom.test',
      MAILGUN_API_URL: s.url,
    }),
    faults: HTTP_FAULTS,
    wrongKeyEnv: (s) => ({
      MAILGUN_API_KEY: wrongMailgunKey.value,
      MAILGUN_DOMAIN: 'mg.mailroom.test',
      MAILGUN_API_URL: s.url,
    }),
  },
  {
    name: 'brevo',
    available: adapter('brevo'),
    keys: [brevoKey, wrongBrevoKey],
    start: () => testkit.startBrevoStandIn({ apiKey: brevoKey.value }),
    env: (s) => ({ BREVO_API_KEY: brevoKey.value, BREVO_API_URL: s.url }),
    faults: HTTP_FAULTS,
    wrongKeyEnv: (s) => ({ BREVO_API_KEY: wrongBrevoKey.value, BREVO_API_URL: s.url }),
  },
  {
    name: 'ses',
    available: adapter('ses'),
    keys: [],
    start: () => testkit.startSesStandIn({ region: REGION }),
    env: (s) => ({ AWS_ENDPOINT_URL_SESV2: s.url }),
    faults: HTTP_FAULTS,
  },
  {
    name: 'smtp',
    available: adapter('smtp') && typeof standIns.startSmtpStandIn === 'function',
    keys: [smtpPass, wrongSmtpPass],
    start: () =>
      (standIns.startSmtpStandIn as (o: unknown) => Promise<StandIn>)({
        auth: { user: 'mailroom', pass: smtpPass.value },
      }),
    env: (s) => ({ SMTP_URL: s.url, SMTP_TLS_CA: (s as StandIn & { cert?: string }).cert ?? '' }),
    // SMTP speaks reply codes: transient 451/452, auth 535, permanent 550.
    faults: {
      '500': { status: 451 },
      '429': { status: 452 },
      '401': { status: 535 },
      '400': { status: 550 },
      reset: { reset: true },
    },
    wrongKeyEnv: (s) => ({
      SMTP_URL: s.url.replace(encodeURIComponent(smtpPass.value), encodeURIComponent(wrongSmtpPass.value)),
      SMTP_TLS_CA: (s as StandIn & { cert?: string }).cert ?? '',
    }),
  },
];

interface Sweep {
  label: string;
  corpus: string;
  thrown: number;
  sent: number;
}

let kms: KmsStandIn;
let outboxRoot: string;
const events: MadeEvent[] = [];
/** Every secret core used, with a label for the report. */
const secrets = new Map<string, string>();
const sweeps: Sweep[] = [];

function register(label: string, s: { value: string; core: string }): void {
  secrets.set(s.core, label);
}

/**
 * Runs all events through a fresh bundle process and returns everything observable: stdout, stderr and
 * every thrown error, described with its stack, its cause chain and util.inspect (hidden properties too).
 */
function runBundle(env: Record<string, string>): Promise<{ output: string; thrown: number; sent: number }> {
  const script = `
    import { inspect } from 'node:util';
    const thrown = [];
    const describe = (err) => {
      const chain = [];
      for (let e = err, depth = 0; e && depth < 10; e = e.cause, depth += 1) {
        chain.push({ message: String(e?.message), stack: String(e?.stack), inspected: inspect(e, { depth: 8, showHidden: true }) });
      }
      return chain;
    };
    let mod;
    try {
      mod = await import(${JSON.stringify(pathToFileURL(BUNDLE).href)});
    } catch (err) {
      thrown.push(describe(err));
    }
    for (const [i, event] of JSON.parse(process.env.SWEEP_EVENTS).entries()) {
      try {
        await mod?.handler(event, { awsRequestId: 'sweep-' + i, getRemainingTimeInMillis: () => 15000 });
      } catch (err) {
        thrown.push(describe(err));
      }
    }
    // Exit once reported: pooled SMTP connections would otherwise keep the process alive until their timeout
    // (a Lambda is frozen, not exited, so that wait is an artefact of running outside Lambda).
    process.stdout.write('\\nTHROWN ' + JSON.stringify(thrown) + '\\n', () => process.exit(0));
  `;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      {
        maxBuffer: 64 * 1024 * 1024,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          AWS_ACCESS_KEY_ID: 'AKIALEAKSWEEP',
          AWS_SECRET_ACCESS_KEY: AWS_SECRET.value,
          AWS_SESSION_TOKEN: AWS_SESSION.value,
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_REGION: REGION,
          AWS_ENDPOINT_URL_KMS: kms.url,
          KMS_KEY_ARN: kms.keyArn,
          EMAIL_FROM: FROM,
          LOG_LEVEL: 'trace',
          ...env,
          SWEEP_EVENTS: JSON.stringify(events.map((m) => m.event)),
        },
      },
      (err, stdout, stderr) => {
        if (err && !stdout.includes('THROWN ')) return reject(err);
        const line = stdout.split('\n').find((l) => l.startsWith('THROWN ')) ?? 'THROWN []';
        const thrown = (JSON.parse(line.slice('THROWN '.length)) as unknown[]).length;
        const sent = stdout.split('\n').filter((l) => l.includes('"event":"email_sent"')).length;
        resolve({ output: `${stdout}\n${stderr}`, thrown, sent });
      },
    );
  });
}

function leaksIn(corpus: string): string[] {
  return [...secrets.entries()].filter(([core]) => corpus.includes(core)).map(([, label]) => label);
}

beforeAll(async () => {
  kms = await startKmsStandIn({ region: REGION });
  outboxRoot = await mkdtemp(join(tmpdir(), 'mailroom-sweep-'));
  for (const trigger of TRIGGERS) {
    const code = secret('Cd', 'x');
    // Every character Cognito escapes, around the core.
    const password = secret('P<w&"\'>', '=`');
    const made = await makeEvent(trigger.name, {
      kms,
      email: `sweep-${trigger.name.toLowerCase()}@example.com`,
      code: code.value,
      temporaryPassword: password.value,
    });
    events.push(made);
    register(`${trigger.name} code`, code);
    register(`${trigger.name} temporary password`, password);
  }
  register('AWS secret access key', AWS_SECRET);
  register('AWS session token', AWS_SESSION);
  for (const provider of PROVIDERS)
    for (const key of provider.keys) register(`${provider.name} credential`, key);
}, 60_000);

afterAll(async () => {
  await kms?.close();
  if (outboxRoot) await rm(outboxRoot, { recursive: true, force: true });
});

describe('secret-leak sweep', () => {
  it('uses secrets whose cores are distinct and absent from everything but themselves', () => {
    expect(secrets.size).toBe(TRIGGERS.length * 2 + 2 + PROVIDERS.reduce((n, p) => n + p.keys.length, 0));
    // The factory really put them in: the plaintext each user must receive carries the core.
    for (const made of events) {
      if (made.plaintext !== null) expect(leaksIn(made.plaintext)).toHaveLength(1);
    }
  });

  it('finds no secret in logs, errors or metadata of the outbox provider (success, unwritable directory)', async () => {
    // Arrange
    const dir = join(outboxRoot, 'ok');
    const blocked = join(outboxRoot, 'not-a-directory');
    await writeFile(blocked, 'a file where the outbox directory should be');

    // Act
    const ok = await runBundle({ EMAIL_PROVIDER: 'outbox', OUTBOX_DIR: dir });
    const failed = await runBundle({ EMAIL_PROVIDER: 'outbox', OUTBOX_DIR: join(blocked, 'outbox') });
    const files = await readdir(dir);
    const metadata = await Promise.all(
      files.filter((f) => f.endsWith('.json')).map((f) => readFile(join(dir, f), 'utf8')),
    );
    const emails = await Promise.all(
      files.filter((f) => f.endsWith('.eml')).map((f) => readFile(join(dir, f), 'utf8')),
    );
    sweeps.push({
      label: 'outbox ok',
      corpus: ok.output + metadata.join('\n'),
      thrown: ok.thrown,
      sent: ok.sent,
    });
    sweeps.push({
      label: 'outbox unwritable',
      corpus: failed.output,
      thrown: failed.thrown,
      sent: failed.sent,
    });

    // Assert: delivered (the .eml is the email itself and must hold the code) yet nothing else leaks
    expect(ok.sent).toBe(TRIGGERS.length);
    expect(metadata).toHaveLength(TRIGGERS.length);
    expect(leaksIn(emails.join('\n')).length).toBeGreaterThan(0);
    expect(failed.thrown).toBe(TRIGGERS.length);
    expect(leaksIn(ok.output + metadata.join('\n'))).toEqual([]);
    expect(leaksIn(failed.output)).toEqual([]);
  });

  const available = PROVIDERS.filter((p) => p.available);

  it.each(available.map((p) => [p.name, p] as const))(
    'finds no secret anywhere for %s: success, 500, 429, 401, 400, reset (and a wrong credential where checked)',
    async (_name, provider) => {
      const standIn = await provider.start();
      try {
        // Success first: the sweep is only meaningful if the secrets really went through.
        const ok = await runBundle({ EMAIL_PROVIDER: provider.name, ...provider.env(standIn) });
        expect(ok.sent).toBe(TRIGGERS.length);
        expect(leaksIn(JSON.stringify(standIn.accepted)).length).toBeGreaterThan(0);
        sweeps.push({ label: `${provider.name} ok`, corpus: ok.output, thrown: ok.thrown, sent: ok.sent });

        for (const [failure, spec] of Object.entries(provider.faults)) {
          standIn.fail(spec);
          const run = await runBundle({ EMAIL_PROVIDER: provider.name, ...provider.env(standIn) });
          standIn.fail(null);
          sweeps.push({
            label: `${provider.name} ${failure}`,
            corpus: run.output,
            thrown: run.thrown,
            sent: run.sent,
          });
          expect(run.sent, `${provider.name} ${failure}`).toBe(0);
        }
        if (provider.wrongKeyEnv) {
          const run = await runBundle({ EMAIL_PROVIDER: provider.name, ...provider.wrongKeyEnv(standIn) });
          sweeps.push({
            label: `${provider.name} wrong key`,
            corpus: run.output,
            thrown: run.thrown,
            sent: run.sent,
          });
          expect(run.sent).toBe(0);
        }
        // What the stand-in answered (its error bodies and reasons) is part of what could be logged.
        sweeps.push({
          label: `${provider.name} stand-in answers`,
          corpus: JSON.stringify(standIn.rejected),
          thrown: 0,
          sent: 0,
        });

        // Assert
        const mine = sweeps.filter((s) => s.label.startsWith(`${provider.name} `));
        // Transient classes (500, 429, reset) throw so Lambda retries: proof the error path was exercised.
        expect(mine.reduce((n, s) => n + s.thrown, 0)).toBeGreaterThan(0);
        for (const sweep of mine) expect(leaksIn(sweep.corpus), sweep.label).toEqual([]);
      } finally {
        await standIn.close();
      }
    },
    // Seven cold starts of eight events each, some waiting for transient-failure budgets.
    120_000,
  );

  it('also holds with a failover chain that ends in the outbox', async () => {
    const sendgrid = await testkit.startSendGridStandIn({ apiKey: sendgridKey.value });
    try {
      sendgrid.fail({ status: 503 });
      const dir = join(outboxRoot, 'chain');
      const run = await runBundle({
        EMAIL_PROVIDER: 'sendgrid,outbox',
        SENDGRID_API_KEY: sendgridKey.value,
        SENDGRID_API_URL: sendgrid.url,
        OUTBOX_DIR: dir,
      });
      const metadata = await Promise.all(
        (await readdir(dir)).filter((f) => f.endsWith('.json')).map((f) => readFile(join(dir, f), 'utf8')),
      );

      expect(run.sent).toBe(TRIGGERS.length);
      expect(run.output).toContain('provider_fallback');
      expect(leaksIn(run.output + metadata.join('\n'))).toEqual([]);
    } finally {
      await sendgrid.close();
    }
  });
});
