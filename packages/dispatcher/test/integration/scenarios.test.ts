/**
 * Error semantics of the deployable bundle, each scenario in a fresh process (cold start) against the
 * KMS, SendGrid and Cognito stand-ins.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CognitoStandIn, KmsStandIn, StandIn } from '@mailroom/testkit';
import { makeEvent, startCognitoStandIn, startKmsStandIn, startSendGridStandIn } from '@mailroom/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, FROM, leaks, REGION } from './helpers/env.js';
import { invokeBundle, outcomes } from './helpers/invoke-bundle.js';

let kms: KmsStandIn;
let sendgrid: StandIn;
let cognito: CognitoStandIn;

function env(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL_KMS: kms.url,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.url,
    KMS_KEY_ARN: kms.keyArn,
    EMAIL_PROVIDER: 'sendgrid',
    SENDGRID_API_KEY: API_KEY,
    SENDGRID_API_URL: sendgrid.url,
    EMAIL_FROM: FROM,
    ...overrides,
  };
}

beforeAll(async () => {
  [kms, sendgrid, cognito] = await Promise.all([
    startKmsStandIn({ region: REGION }),
    startSendGridStandIn({ apiKey: API_KEY }),
    startCognitoStandIn(),
  ]);
});

afterEach(() => {
  sendgrid.accepted.length = 0;
  sendgrid.fail(null);
  kms.fault(null);
  cognito.fail(null);
});

afterAll(async () => {
  await Promise.all([kms?.close(), sendgrid?.close(), cognito?.close()]);
});

describe('encryption context', () => {
  it('refuses a ciphertext from another pool: security log, no send, no retry', async () => {
    // Arrange: encrypted for pool A, replayed in an event claiming pool B
    const made = await makeEvent('ForgotPassword', {
      kms,
      userPoolId: `${REGION}_PoolA`,
      email: 'ana@example.com',
    });
    const replayed = { ...made.event, userPoolId: `${REGION}_PoolB` };

    // Act
    const run = await invokeBundle(env(), [replayed]);

    // Assert
    expect(run.results).toEqual([{ threw: false }]);
    expect(sendgrid.accepted).toEqual([]);
    const security = run.logs.find((l) => l.event === 'security_context_mismatch');
    expect(security).toMatchObject({
      level: 'error',
      eventUserPoolId: `${REGION}_PoolB`,
      ciphertextUserPoolId: `${REGION}_PoolA`,
    });
    expect(outcomes(run)).toEqual([
      expect.objectContaining({ event: 'email_failed', code: 'CONTEXT_MISMATCH' }),
    ]);
    expect(leaks(run.output, [made.plaintext])).toEqual([]);
  });

  it('refuses an event for a pool other than USER_POOL_ID before calling KMS', async () => {
    const made = await makeEvent('SignUp', { kms, userPoolId: `${REGION}_Other`, email: 'ana@example.com' });
    const before = kms.calls.length;

    const run = await invokeBundle(env({ USER_POOL_ID: `${REGION}_Mine` }), [made.event]);

    expect(run.results).toEqual([{ threw: false }]);
    expect(kms.calls.length).toBe(before);
    expect(sendgrid.accepted).toEqual([]);
    expect(run.logs.find((l) => l.event === 'security_context_mismatch')).toMatchObject({
      expected: `${REGION}_Mine`,
      eventUserPoolId: `${REGION}_Other`,
    });
    expect(outcomes(run)).toEqual([
      expect.objectContaining({ event: 'email_failed', code: 'CONTEXT_MISMATCH' }),
    ]);
  });
});

describe('AdminCreateUser', () => {
  it('delivers a temporary password with <>&"\' exactly as set', async () => {
    const password = `Xy<7>&"q'Z9!`;
    const made = await makeEvent('AdminCreateUser', {
      kms,
      temporaryPassword: password,
      email: 'new@example.com',
    });

    const run = await invokeBundle(env(), [made.event]);

    expect(run.results).toEqual([{ threw: false }]);
    const [message] = sendgrid.accepted;
    expect(message?.text).toContain(password);
    // The template escapes exactly once: the browser shows the password, never "&lt;".
    expect(message?.html).toContain('Xy&lt;7&gt;&amp;&quot;q&#x27;Z9!');
    expect(message?.html).not.toContain('&amp;lt;');
    expect(leaks(run.output, [password])).toEqual([]);
  });
});

describe('recipient', () => {
  it('looks the address up with AdminGetUser when the event has no email attribute', async () => {
    const poolId = `${REGION}_Lookup1`;
    const made = await makeEvent('AccountTakeOverNotification', { kms, userPoolId: poolId, email: null });
    cognito.addUser(poolId, made.event.userName, { email: 'found@example.com' });
    const before = cognito.calls.length;

    const run = await invokeBundle(env(), [made.event]);

    expect(run.results).toEqual([{ threw: false }]);
    expect(cognito.calls.slice(before).map((c) => c.target)).toEqual([
      'AWSCognitoIdentityProviderService.AdminGetUser',
    ]);
    expect(sendgrid.accepted.map((m) => m.to)).toEqual([['found@example.com']]);
    expect(outcomes(run)).toEqual([
      expect.objectContaining({
        event: 'email_sent',
        recipientSource: 'admin-get-user',
        to: 'f***@example.com',
      }),
    ]);
  });

  it('logs a user without any address and does not retry', async () => {
    const poolId = `${REGION}_Lookup2`;
    const made = await makeEvent('AccountTakeOverNotification', { kms, userPoolId: poolId, email: null });
    cognito.addUser(poolId, made.event.userName, { name: 'No Mail' });

    const run = await invokeBundle(env(), [made.event]);

    expect(run.results).toEqual([{ threw: false }]);
    expect(sendgrid.accepted).toEqual([]);
    expect(outcomes(run)).toEqual([expect.objectContaining({ event: 'email_failed', code: 'NO_RECIPIENT' })]);
  });

  it('throws when the lookup fails transiently, so Lambda retries', async () => {
    const poolId = `${REGION}_Lookup3`;
    const made = await makeEvent('AccountTakeOverNotification', { kms, userPoolId: poolId, email: null });
    cognito.addUser(poolId, made.event.userName, { email: 'later@example.com' });
    cognito.fail({ status: 500 });

    const run = await invokeBundle(env({ AWS_MAX_ATTEMPTS: '1' }), [made.event]);

    expect(run.results).toEqual([
      { threw: true, error: expect.objectContaining({ code: 'RECIPIENT_LOOKUP_FAILED' }) },
    ]);
    expect(sendgrid.accepted).toEqual([]);
  });
});

describe('routing', () => {
  it('skips a disabled trigger with an info line and no KMS call', async () => {
    const made = await makeEvent('AccountTakeOverNotification', { kms, email: 'ana@example.com' });
    const signUp = await makeEvent('SignUp', { kms, email: 'bob@example.com' });
    const before = kms.calls.length;

    const run = await invokeBundle(env({ DISABLED_TRIGGERS: 'AccountTakeOverNotification,SignUp' }), [
      made.event,
      signUp.event,
    ]);

    expect(run.results).toEqual([{ threw: false }, { threw: false }]);
    expect(sendgrid.accepted).toEqual([]);
    expect(kms.calls.length).toBe(before);
    expect(outcomes(run)).toEqual([
      expect.objectContaining({
        event: 'email_skipped',
        level: 'info',
        trigger: 'AccountTakeOverNotification',
      }),
      expect.objectContaining({ event: 'email_skipped', level: 'info', trigger: 'SignUp' }),
    ]);
  });

  it("uses the brand's template override for its app client", async () => {
    const made = await makeEvent('SignUp', {
      kms,
      email: 'acme@example.com',
      clientId: '3n4c8kq1acmeweb0000example',
    });

    const run = await invokeBundle(env(), [made.event]);

    expect(outcomes(run)).toEqual([
      expect.objectContaining({ event: 'email_sent', brand: 'acme', templateId: 'welcome-rich' }),
    ]);
    expect(sendgrid.accepted[0]?.headers['X-Mailroom-Template']).toBe('welcome-rich');
    expect(sendgrid.accepted[0]?.text).toContain(made.plaintext ?? '∅');
  });
});

describe('provider-hosted templates', () => {
  it('sends the SendGrid-hosted template with the decrypted code for a configured trigger only', async () => {
    const forgot = await makeEvent('ForgotPassword', { kms, email: 'hosted@example.com' });
    const signUp = await makeEvent('SignUp', { kms, email: 'ours@example.com' });

    const run = await invokeBundle(
      env({ PROVIDER_TEMPLATES: '{"sendgrid":{"ForgotPassword":"d-forgot-1"}}' }),
      [forgot.event, signUp.event],
    );

    expect(run.results).toEqual([{ threw: false }, { threw: false }]);
    const hosted = sendgrid.accepted.find((m) => m.to.includes('hosted@example.com'));
    const ours = sendgrid.accepted.find((m) => m.to.includes('ours@example.com'));
    expect(hosted?.template).toMatchObject({
      id: 'd-forgot-1',
      data: { code: forgot.plaintext, trigger: 'ForgotPassword', email: 'hosted@example.com' },
    });
    expect(ours?.template).toBeUndefined();
    expect(ours?.text).toContain(signUp.plaintext);
    expect(leaks(run.output, [forgot.plaintext, signUp.plaintext])).toEqual([]);
  });

  // Regression: hosted templates received raw user data (control characters, unbounded length).
  it('hands the hosted template user data without control characters, capped, plus a one-line displayName', async () => {
    // Arrange
    const given = `Eve\r\nBcc: victim@example.com\u0000\u0007\u001b[31m${'A'.repeat(100_000)}`;
    const made = await makeEvent('ForgotPassword', {
      kms,
      email: 'hosted@example.com',
      userAttributes: { given_name: given, 'custom:note': 'line one\nline two\u2028three' },
    });

    // Act
    const run = await invokeBundle(
      env({ PROVIDER_TEMPLATES: '{"sendgrid":{"ForgotPassword":"d-forgot-2"}}' }),
      [made.event],
    );

    // Assert
    expect(outcomes(run)).toEqual([expect.objectContaining({ event: 'email_sent' })]);
    const data = sendgrid.accepted[0]?.template?.data as {
      code: string;
      displayName: string;
      userAttributes: Record<string, string>;
    };
    expect(data.code).toBe(made.plaintext);
    const values = [...Object.values(data.userAttributes), data.displayName];
    const control = (value: string) =>
      [...value].filter((c) => {
        const n = c.codePointAt(0) ?? 0;
        return n < 0x20 || (n >= 0x7f && n <= 0x9f) || n === 0x2028 || n === 0x2029;
      });
    for (const value of values) expect(control(value)).toEqual([]);
    expect(data.userAttributes.given_name?.length).toBeLessThanOrEqual(2_048);
    expect(data.userAttributes.given_name?.startsWith('Eve Bcc: victim@example.com [31mAAA')).toBe(true);
    expect(data.userAttributes['custom:note']).toBe('line one line two three');
    expect(data.displayName).toBe(`${'Eve Bcc: victim@example.com [31m'}${'A'.repeat(68)}…`);
  });
});

describe('configuration', () => {
  it('fails at init with one message listing every problem', async () => {
    const run = await invokeBundle(
      {
        EMAIL_PROVIDER: 'sendgrid,carrier-pigeon',
        EMAIL_FROM: 'nobody',
        KMS_KEY_ARN: 'alias/cognito',
        SENDGRID_API_URL: 'nope',
        PROVIDER_TEMPLATES: '{"sendgrid":{"Welcome":"d-1"}}',
      },
      [],
    );

    expect(run.initError).toMatchObject({ name: 'ConfigError', code: 'CONFIG_INVALID' });
    expect(run.initError?.problems).toEqual([
      'EMAIL_PROVIDER: unknown provider "carrier-pigeon" (known: sendgrid, mailgun, brevo, ses, smtp, outbox)',
      'EMAIL_FROM: expected "Name <address>" or "address", got "nobody"',
      expect.stringContaining('KMS_KEY_ARN: "alias/cognito" is not a KMS key ARN'),
      'SENDGRID_API_KEY is required for provider sendgrid',
      'SENDGRID_API_URL: expected an http(s) base URL like https://api.sendgrid.com',
      expect.stringContaining('PROVIDER_TEMPLATES.sendgrid.Welcome'),
    ]);
    expect(run.initError?.message).toContain('(6 problems)');
    expect(run.logs).toEqual([expect.objectContaining({ level: 'fatal', event: 'config_invalid' })]);
  });
});

describe('APP_URL', () => {
  // Regression: plain-http APP_URL passed config, then every render failed permanently (INVALID_LINK).
  it('refuses a plain-http APP_URL at init, with the links rule and a fix, before any email', async () => {
    const run = await invokeBundle(env({ APP_URL: 'http://app.example.com' }), []);

    expect(run.initError).toMatchObject({ name: 'ConfigError', code: 'CONFIG_INVALID' });
    expect(run.initError?.problems).toEqual([
      'APP_URL: links must use https (http only for localhost previews); got http://app.example.com — ' +
        'set APP_URL to https://app.example.com',
    ]);
  });

  it('accepts loopback http for local previews', async () => {
    const made = await makeEvent('ForgotPassword', { kms, email: 'ana@example.com' });

    const run = await invokeBundle(env({ APP_URL: 'http://localhost:5173' }), [made.event]);

    expect(run.initError).toBeUndefined();
    expect(outcomes(run)).toEqual([expect.objectContaining({ event: 'email_sent' })]);
    expect(sendgrid.accepted[0]?.html).toContain('http://localhost:5173/');
  });
});

describe('unbounded user text', () => {
  // Regression: attribute values reached the EMAIL regex and the text template uncut (100k characters took
  // 5–11 s in each quadratic regex), and a name could mail paragraphs of attacker text from our domain.
  it('cuts a 100k-character name to a 100-character greeting and still sends', async () => {
    // Arrange
    const hostile = `Mallory\r\n\r\n${'Your account is locked, call +1 555 0100 now. '.repeat(2_300)}`;
    const made = await makeEvent('SignUp', {
      kms,
      email: 'ana@example.com',
      userAttributes: { given_name: hostile, 'custom:bio': ' '.repeat(100_000) },
    });
    expect(hostile.length).toBeGreaterThan(100_000);

    // Act
    const run = await invokeBundle(env(), [made.event]);

    // Assert
    expect(outcomes(run)).toEqual([expect.objectContaining({ event: 'email_sent' })]);
    const sent = sendgrid.accepted[0];
    const text = sent?.text ?? '';
    // One line, the first 100 characters of the name and an ellipsis: nothing of the rest is mailed.
    const name = `Mallory ${'Your account is locked, call +1 555 0100 now. '.repeat(3)}`
      .slice(0, 100)
      .trimEnd();
    expect(text).toContain(`Hi ${name}…,`);
    expect(text.split('call +1 555').length - 1).toBe(2);
    const html = sent?.html ?? '';
    expect(html).toContain(`Hi ${name}…,`);
    expect(html.split('call +1 555').length - 1).toBe(2);
    expect(html.length).toBeLessThan(40_000);
  });
});

describe('unbounded user text: the recipient', () => {
  // Regression: the EMAIL regex is quadratic; a 100k-character email attribute took ~10 s before failing.
  it('rejects a 100k-character email attribute without the quadratic check, then looks the user up', async () => {
    // Arrange
    const poolId = `${REGION}_Lookup4`;
    const hostile = `a@${'b.'.repeat(50_000)} `;
    const made = await makeEvent('ForgotPassword', { kms, userPoolId: poolId, email: hostile });
    cognito.addUser(poolId, made.event.userName, { email: 'found@example.com' });

    // Act
    const run = await invokeBundle(env(), [made.event]);

    // Assert
    expect(run.results).toEqual([{ threw: false }]);
    expect(sendgrid.accepted.map((m) => m.to)).toEqual([['found@example.com']]);
    expect(outcomes(run)).toEqual([
      expect.objectContaining({ event: 'email_sent', recipientSource: 'admin-get-user' }),
    ]);
  });
});

describe('malformed events', () => {
  it('logs each with the bad fields, sends nothing and never throws', async () => {
    const good = await makeEvent('SignUp', { kms, email: 'ana@example.com' });
    const events = [
      null,
      'CustomEmailSender_SignUp',
      {},
      { ...good.event, triggerSource: 'CustomEmailSender_Welcome' },
      { ...good.event, request: { ...good.event.request, userAttributes: { email: 42 } } },
      { ...good.event, request: { ...good.event.request, code: null } },
    ];

    const run = await invokeBundle(env(), events);

    expect(run.results).toEqual(events.map(() => ({ threw: false })));
    expect(sendgrid.accepted).toEqual([]);
    const lines = outcomes(run);
    expect(lines).toHaveLength(events.length);
    for (const line of lines) {
      expect(line).toMatchObject({ event: 'email_failed', code: 'INVALID_EVENT', level: 'error' });
      expect(String(line.fix)).toContain('custom email sender event');
    }
    expect(lines[3]?.reason).toContain('triggerSource: expected one of');
    expect(lines[4]?.reason).toContain('request.userAttributes.email: expected a string, got number');
    expect(lines[5]?.reason).toContain('request.code');
  });

  it('logs a code that is not an Encryption SDK message and does not retry', async () => {
    const good = await makeEvent('SignUp', { kms, email: 'ana@example.com' });
    const garbage = {
      ...good.event,
      request: { ...good.event.request, code: Buffer.from('not a message').toString('base64') },
    };

    const run = await invokeBundle(env(), [garbage]);

    expect(run.results).toEqual([{ threw: false }]);
    expect(sendgrid.accepted).toEqual([]);
    expect(outcomes(run)).toEqual([
      expect.objectContaining({ event: 'email_failed', code: 'DECRYPT_FAILED' }),
    ]);
  });
});

describe("damaged ciphertexts (the Encryption SDK on Node's core streams in the bundle)", () => {
  /** A real Cognito ciphertext with `damage` applied to its bytes, in an event for `email`. */
  async function damagedEvent(damage: (bytes: Buffer) => Buffer) {
    const made = await makeEvent('SignUp', { kms, email: 'ana@example.com' });
    const bytes = damage(Buffer.from(String(made.event.request.code), 'base64'));
    return { ...made.event, request: { ...made.event.request, code: bytes.toString('base64') } };
  }

  it.each([
    // 140 bytes from the end: the last frame's fields or ciphertext, or its tag (the footer is 2 + ≤ 104
    // signature bytes): GCM or the frame parser refuses it.
    [
      'one flipped byte near the end',
      (b: Buffer) => Buffer.from(b.map((x, i) => (i === b.length - 140 ? x ^ 0xff : x))),
    ],
    // The footer cut short: the stream ends before the signature does.
    ['a signature cut short', (b: Buffer) => b.subarray(0, b.length - 7)],
    // Cut in half: with a KMS data key and a signing key, most likely inside the header.
    ['the message cut in half', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2))],
  ])('logs DECRYPT_FAILED for %s, sends nothing and does not retry', async (_what, damage) => {
    const event = await damagedEvent(damage);

    const run = await invokeBundle(env(), [event]);

    expect(run.results).toEqual([{ threw: false }]);
    expect(sendgrid.accepted).toEqual([]);
    expect(outcomes(run)).toEqual([
      expect.objectContaining({ event: 'email_failed', code: 'DECRYPT_FAILED', retryable: false }),
    ]);
  });
});

describe('KMS faults', () => {
  it.each(['AccessDeniedException', 'DisabledException', 'NotFoundException'] as const)(
    'treats %s as a configuration error naming the key, without retry',
    async (error) => {
      const made = await makeEvent('Authentication', { kms, email: 'ana@example.com' });
      kms.fault({ error });

      const run = await invokeBundle(env(), [made.event]);

      expect(run.results).toEqual([{ threw: false }]);
      expect(sendgrid.accepted).toEqual([]);
      const [line] = outcomes(run);
      expect(line).toMatchObject({ event: 'email_failed', code: 'KMS_CONFIG', retryable: false });
      expect(String(line?.reason)).toContain(kms.keyArn);
      expect(String(line?.reason)).toContain(error);
      expect(String(line?.fix)).toContain(kms.keyArn);
    },
  );

  it('throws on throttling so the asynchronous retry can help', async () => {
    const made = await makeEvent('Authentication', { kms, email: 'ana@example.com' });
    kms.fault({ error: 'ThrottlingException' });

    const run = await invokeBundle(env({ AWS_MAX_ATTEMPTS: '1' }), [made.event]);

    expect(run.results).toEqual([
      { threw: true, error: expect.objectContaining({ code: 'KMS_TRANSIENT', retryable: true }) },
    ]);
    expect(sendgrid.accepted).toEqual([]);
    expect(outcomes(run)).toEqual([
      expect.objectContaining({ event: 'email_failed', code: 'KMS_TRANSIENT' }),
    ]);
  });

  it('throws when KMS does not answer within the request timeout', async () => {
    const made = await makeEvent('Authentication', { kms, email: 'ana@example.com' });
    // Far beyond the 3 s request timeout: the outcome does not depend on how fast this machine is.
    kms.fault({ delayMs: 60_000 });

    const run = await invokeBundle(env({ AWS_MAX_ATTEMPTS: '1' }), [made.event]);

    expect(run.results).toEqual([
      { threw: true, error: expect.objectContaining({ code: 'KMS_TRANSIENT', retryable: true }) },
    ]);
    expect(sendgrid.accepted).toEqual([]);
  });
});

describe('provider failures', () => {
  it('throws on a SendGrid 503 and logs it secret-free', async () => {
    const made = await makeEvent('SignUp', { kms, email: 'ana@example.com' });
    sendgrid.fail({ status: 503 });

    const run = await invokeBundle(env(), [made.event]);

    expect(run.results).toEqual([
      { threw: true, error: expect.objectContaining({ code: 'DELIVERY_FAILED' }) },
    ]);
    expect(outcomes(run)).toEqual([
      expect.objectContaining({
        event: 'email_failed',
        code: 'DELIVERY_FAILED',
        retryable: true,
        provider: 'sendgrid',
      }),
    ]);
    expect(leaks(run.output, [made.plaintext, API_KEY])).toEqual([]);
  });

  it('logs a rejected message (400) without throwing', async () => {
    const made = await makeEvent('SignUp', { kms, email: 'ana@example.com' });
    sendgrid.fail({ status: 400 });

    const run = await invokeBundle(env(), [made.event]);

    expect(run.results).toEqual([{ threw: false }]);
    expect(outcomes(run)).toEqual([
      expect.objectContaining({ event: 'email_failed', code: 'DELIVERY_FAILED', retryable: false }),
    ]);
  });

  it('turns on SendGrid sandbox mode with EMAIL_SANDBOX=true', async () => {
    const made = await makeEvent('SignUp', { kms, email: 'ana@example.com' });

    const run = await invokeBundle(env({ EMAIL_SANDBOX: 'true' }), [made.event]);

    expect(run.results).toEqual([{ threw: false }]);
    expect(sendgrid.accepted.map((m) => m.sandbox)).toEqual([true]);
  });
});

describe('outbox provider', () => {
  let dir: string;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the email as .eml with secret-free .json metadata', async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailroom-bundle-outbox-'));
    const made = await makeEvent('ForgotPassword', { kms, email: 'ana@example.com' });

    const run = await invokeBundle(env({ EMAIL_PROVIDER: 'outbox', OUTBOX_DIR: dir }), [made.event]);

    expect(run.results).toEqual([{ threw: false }]);
    const files = (await readdir(dir)).sort();
    expect(files.map((f) => f.split('.').pop())).toEqual(['eml', 'json']);
    const eml = await readFile(join(dir, files[0] ?? ''), 'utf8');
    const meta = JSON.parse(await readFile(join(dir, files[1] ?? ''), 'utf8'));
    expect(eml).toMatch(/^To: ana@example\.com$/m);
    expect(eml).toContain(made.plaintext);
    expect(meta).toMatchObject({
      trigger: 'ForgotPassword',
      template: 'forgot-password',
      to: ['ana@example.com'],
    });
    expect(JSON.stringify(meta)).not.toContain(made.plaintext);
    expect(outcomes(run)).toEqual([expect.objectContaining({ event: 'email_sent', provider: 'outbox' })]);
  });
});
