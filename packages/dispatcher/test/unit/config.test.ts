import { PROVIDER_ATTEMPT_CAP_MS } from '@mailroom/shared-types';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseBaseConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import * as outbox from '../../src/providers/outbox.js';
import * as sendgrid from '../../src/providers/sendgrid.js';
import type { ProviderModule } from '../../src/providers/types.js';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const modules: Record<string, ProviderModule> = { sendgrid, outbox };
const deps = {
  loadProvider: async (name: string) => {
    const mod = modules[name];
    if (!mod) throw new Error(`not in this test: ${name}`);
    return mod;
  },
  loadSecrets: async () => ({}),
};

describe('parseBaseConfig', () => {
  it('accepts a minimal SendGrid configuration', () => {
    // Arrange
    const env = { EMAIL_PROVIDER: 'sendgrid', EMAIL_FROM: 'Acme <no-reply@acme.test>', KMS_KEY_ARN: KEY };

    // Act
    const { config, problems } = parseBaseConfig(env);

    // Assert
    expect(problems).toEqual([]);
    expect(config.providers).toEqual(['sendgrid']);
    expect(config.from).toEqual({ name: 'Acme', address: 'no-reply@acme.test' });
    expect(config.kmsKeyArns).toEqual([KEY]);
    expect(config.attemptTimeoutMs).toBe(PROVIDER_ATTEMPT_CAP_MS);
  });

  it('lists every problem at once, each naming its variable', () => {
    const { problems } = parseBaseConfig({
      EMAIL_PROVIDER: 'sendgrid,postmark,sendgrid',
      EMAIL_FROM: 'not an address',
      EMAIL_REPLY_TO: 'also <bad>',
      KMS_KEY_ARN: 'arn:aws:kms:eu-west-1:123456789012:alias/cognito',
      USER_POOL_ID: 'pool',
      APP_URL: 'ftp://x',
      DISABLED_TRIGGERS: 'SignUp,Welcome',
      LOG_LEVEL: 'loud',
      EMAIL_SANDBOX: 'yes',
      LOG_PII: 'maybe',
    });

    expect(problems).toHaveLength(11);
    const text = problems.join('\n');
    for (const name of [
      'EMAIL_PROVIDER: unknown provider "postmark"',
      'EMAIL_PROVIDER: provider "sendgrid" is listed twice',
      'EMAIL_FROM:',
      'EMAIL_REPLY_TO:',
      'KMS_KEY_ARN: "arn:aws:kms:eu-west-1:123456789012:alias/cognito" is not a KMS key ARN (an alias never matches',
      'USER_POOL_ID:',
      'APP_URL:',
      'DISABLED_TRIGGERS: unknown trigger "Welcome"',
      'LOG_LEVEL:',
      'EMAIL_SANDBOX:',
      'LOG_PII:',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('requires EMAIL_PROVIDER, EMAIL_FROM and KMS_KEY_ARN', () => {
    const { problems } = parseBaseConfig({});

    expect(problems).toEqual([
      expect.stringContaining('EMAIL_PROVIDER is required'),
      expect.stringContaining('EMAIL_FROM is required'),
      expect.stringContaining('KMS_KEY_ARN is required'),
    ]);
  });

  it('requires KMS_KEY_ARN outside local (outbox-only) mode', () => {
    const local = parseBaseConfig({ EMAIL_PROVIDER: 'outbox', EMAIL_FROM: 'a@b.test' });
    const remote = parseBaseConfig({ EMAIL_PROVIDER: 'outbox,sendgrid', EMAIL_FROM: 'a@b.test' });

    expect(local.problems).toEqual([]);
    expect(local.config.kmsKeyArns).toEqual([]);
    expect(remote.problems).toEqual([expect.stringContaining('KMS_KEY_ARN is required')]);
  });

  it('reads trigger names case-insensitively, by name or source', () => {
    const { config, problems } = parseBaseConfig({
      EMAIL_PROVIDER: 'outbox',
      EMAIL_FROM: 'a@b.test',
      DISABLED_TRIGGERS: 'accounttakeovernotification, CustomEmailSender_SignUp',
    });

    expect(problems).toEqual([]);
    expect([...config.disabledTriggers]).toEqual(['AccountTakeOverNotification', 'SignUp']);
  });

  it('takes the region from the configured environment only, never from process.env behind it', () => {
    const saved = process.env.AWS_REGION;
    process.env.AWS_REGION = 'us-west-1';
    try {
      const injected = parseBaseConfig({
        EMAIL_PROVIDER: 'outbox',
        EMAIL_FROM: 'a@b.test',
        AWS_REGION: 'eu-west-2',
      });
      const without = parseBaseConfig({ EMAIL_PROVIDER: 'outbox', EMAIL_FROM: 'a@b.test' });
      const fallback = parseBaseConfig({
        EMAIL_PROVIDER: 'outbox',
        EMAIL_FROM: 'a@b.test',
        AWS_DEFAULT_REGION: 'ap-south-1',
      });

      expect(injected.config.region).toBe('eu-west-2');
      expect(without.config.region).toBeUndefined();
      expect(fallback.config.region).toBe('ap-south-1');
    } finally {
      if (saved === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = saved;
    }
  });

  it('reads the per-attempt timeout the failover loop caps each provider call with', () => {
    const { config, problems } = parseBaseConfig({
      EMAIL_PROVIDER: 'outbox',
      EMAIL_FROM: 'a@b.test',
      PROVIDER_ATTEMPT_TIMEOUT_MS: '2500',
    });

    expect(problems).toEqual([]);
    expect(config.attemptTimeoutMs).toBe(2_500);
  });
});

describe('loadConfig', () => {
  it('adds provider requirements to the same single error', async () => {
    const error = await loadConfig({ EMAIL_PROVIDER: 'sendgrid', EMAIL_FROM: 'bad' }, deps).catch((e) => e);

    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.problems).toEqual([
      expect.stringContaining('EMAIL_FROM:'),
      expect.stringContaining('KMS_KEY_ARN is required'),
      'SENDGRID_API_KEY is required for provider sendgrid',
    ]);
    expect(error.message).toMatch(/^invalid Mailroom configuration \(3 problems\):\n- EMAIL_FROM/);
  });

  it('fills provider variables from the secret, letting plain variables win', async () => {
    const env = {
      EMAIL_PROVIDER: 'sendgrid',
      EMAIL_FROM: 'a@b.test',
      KMS_KEY_ARN: KEY,
      EMAIL_SECRETS_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:mailroom',
      SENDGRID_API_URL: 'http://127.0.0.1:1',
    };
    const secrets = { SENDGRID_API_KEY: 'SG.from-secret', SENDGRID_API_URL: 'https://ignored.test' };

    const { config, modules: loaded } = await loadConfig(env, { ...deps, loadSecrets: async () => secrets });

    expect(config.env.SENDGRID_API_KEY).toBe('SG.from-secret');
    expect(config.env.SENDGRID_API_URL).toBe('http://127.0.0.1:1');
    expect(config.providerConfigs.sendgrid).toEqual({
      apiKey: 'SG.from-secret',
      apiUrl: 'http://127.0.0.1:1',
    });
    expect([...loaded.keys()]).toEqual(['sendgrid']);
  });

  it('reports an unreadable secret as a configuration problem', async () => {
    const env = { EMAIL_PROVIDER: 'outbox', EMAIL_FROM: 'a@b.test', EMAIL_SECRETS_ARN: 'arn:x' };
    const failing = {
      ...deps,
      loadSecrets: async () => {
        throw new Error('AccessDeniedException');
      },
    };

    const error = await loadConfig(env, failing).catch((e) => e);

    expect(error.problems).toEqual(['EMAIL_SECRETS_ARN: could not read the secret (AccessDeniedException)']);
  });
});
