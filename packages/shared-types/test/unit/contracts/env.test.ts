import { describe, expect, it } from 'vitest';
import { envFlag, envList, logLevelOf, parseEnvContract } from '../../../src/contracts/env.js';
import { PROVIDER_ATTEMPT_CAP_MS } from '../../../src/contracts/limits.js';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const MINIMAL = { EMAIL_PROVIDER: 'sendgrid', EMAIL_FROM: 'Acme <no-reply@acme.test>', KMS_KEY_ARN: KEY };

const messages = (env: Record<string, string>, deployment = false) =>
  parseEnvContract(env, { deployment }).problems.map((p) => p.message);

describe('parseEnvContract', () => {
  it('parses a minimal configuration and fills the defaults', () => {
    const { contract, problems } = parseEnvContract(MINIMAL);

    expect(problems).toEqual([]);
    expect(contract).toMatchObject({
      providers: ['sendgrid'],
      from: { name: 'Acme', address: 'no-reply@acme.test' },
      kmsKeyArns: [KEY],
      logLevel: 'info',
      sandbox: false,
      logPii: false,
      disabledTriggers: [],
      attemptTimeoutMs: PROVIDER_ATTEMPT_CAP_MS,
    });
  });

  it('reports every problem at once, each naming its variable first', () => {
    const { problems } = parseEnvContract({
      EMAIL_PROVIDER: 'sendgrid,postmark,sendgrid',
      EMAIL_FROM: 'not an address',
      EMAIL_REPLY_TO: 'also <bad>',
      KMS_KEY_ARN: 'arn:aws:kms:eu-west-1:123456789012:alias/cognito',
      USER_POOL_ID: 'pool',
      APP_URL: 'ftp://x',
      DEFAULT_LOCALE: 'english!',
      DISABLED_TRIGGERS: 'SignUp,Welcome',
      LOG_LEVEL: 'loud',
      EMAIL_SANDBOX: 'yes',
      LOG_PII: 'maybe',
      PROVIDER_ATTEMPT_TIMEOUT_MS: '10s',
    });

    expect(problems.map((p) => p.variable)).toEqual([
      'EMAIL_PROVIDER',
      'EMAIL_PROVIDER',
      'EMAIL_FROM',
      'EMAIL_REPLY_TO',
      'KMS_KEY_ARN',
      'USER_POOL_ID',
      'APP_URL',
      'DEFAULT_LOCALE',
      'DISABLED_TRIGGERS',
      'LOG_LEVEL',
      'EMAIL_SANDBOX',
      'LOG_PII',
      'PROVIDER_ATTEMPT_TIMEOUT_MS',
    ]);
    for (const problem of problems) expect(problem.message.startsWith(problem.variable)).toBe(true);
  });

  it('does not ask for KMS_KEY_ARN in local (outbox-only) mode', () => {
    expect(messages({ EMAIL_PROVIDER: 'outbox', EMAIL_FROM: 'a@b.test' })).toEqual([]);
    expect(messages({ EMAIL_PROVIDER: 'outbox,sendgrid', EMAIL_FROM: 'a@b.test' })).toEqual([
      expect.stringContaining('KMS_KEY_ARN is required'),
    ]);
  });

  it('reads trigger names case-insensitively, by name or source, once each', () => {
    const { contract } = parseEnvContract({
      ...MINIMAL,
      DISABLED_TRIGGERS: 'accounttakeovernotification, CustomEmailSender_SignUp, SignUp',
    });

    expect(contract.disabledTriggers).toEqual(['AccountTakeOverNotification', 'SignUp']);
  });

  it('takes a per-attempt timeout in whole milliseconds within bounds', () => {
    expect(
      parseEnvContract({ ...MINIMAL, PROVIDER_ATTEMPT_TIMEOUT_MS: '4000' }).contract.attemptTimeoutMs,
    ).toBe(4_000);
    expect(messages({ ...MINIMAL, PROVIDER_ATTEMPT_TIMEOUT_MS: '50' })).toEqual([
      'PROVIDER_ATTEMPT_TIMEOUT_MS: expected whole milliseconds from 100 to 300000, got "50"',
    ]);
  });

  it('allows http links for localhost previews only', () => {
    expect(messages({ ...MINIMAL, APP_URL: 'http://localhost:3000' })).toEqual([]);
    expect(messages({ ...MINIMAL, APP_URL: 'http://app.acme.test' })).toEqual([
      expect.stringContaining('APP_URL: links must use https'),
    ]);
  });

  describe('for a deployment', () => {
    it('refuses the outbox, requires an https APP_URL and leaves KMS_KEY_ARN to the stack', () => {
      expect(messages({ EMAIL_PROVIDER: 'outbox', EMAIL_FROM: 'a@b.test' }, true)).toEqual([
        'EMAIL_PROVIDER: "outbox" is the local dev sink and cannot deliver from Lambda; use a real provider',
        'APP_URL is required: the https base URL used in email links',
      ]);
      expect(
        messages({ EMAIL_PROVIDER: 'ses', EMAIL_FROM: 'a@b.test', APP_URL: 'http://localhost' }, true),
      ).toEqual(['APP_URL: links in emails must use https, got "http://localhost"']);
    });

    it('lists only deployable providers when the chain is missing', () => {
      expect(messages({ EMAIL_FROM: 'a@b.test', APP_URL: 'https://a.test' }, true)).toEqual([
        'EMAIL_PROVIDER is required: one of sendgrid, mailgun, brevo, ses, smtp, or a comma list (failover order)',
      ]);
    });
  });
});

describe('logLevelOf', () => {
  it('reads LOG_LEVEL leniently for the logger that exists before the configuration', () => {
    expect(logLevelOf({ LOG_LEVEL: ' DEBUG ' })).toBe('debug');
    expect(logLevelOf({ LOG_LEVEL: 'loud' })).toBe('info');
    expect(logLevelOf({})).toBe('info');
  });
});

describe('envFlag and envList', () => {
  it('read booleans and comma lists the one way every package does', () => {
    expect([
      envFlag('TRUE'),
      envFlag('1'),
      envFlag('false'),
      envFlag('0'),
      envFlag('yes'),
      envFlag(undefined),
    ]).toEqual([true, true, false, false, undefined, undefined]);
    expect(envList(' a, b ,,')).toEqual(['a', 'b']);
    expect(envList(undefined)).toEqual([]);
  });
});
