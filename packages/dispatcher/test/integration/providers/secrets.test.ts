/**
 * Provider credentials from Secrets Manager (`EMAIL_SECRETS_ARN`) against the testkit stand-in, through the
 * real `@aws-sdk/client-secrets-manager` and the dispatcher's real `loadConfig`.
 */
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '@mailroom/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { ConfigError } from '../../../src/errors.js';
import { createChain, loadProvider } from '../../../src/providers/registry.js';
import { clearSecretsCache, loadSecrets } from '../../../src/secrets.js';
import { captureLogs, type Rig, SECRETS, sampleMessage, startRig } from './rig.js';

let secrets: SecretsManagerStandIn;
let rig: Rig;
beforeAll(async () => {
  [secrets, rig] = await Promise.all([startSecretsManagerStandIn({ region: 'eu-west-1' }), startRig()]);
});
afterAll(async () => {
  await Promise.all([secrets.close(), rig.close()]);
});
beforeEach(() => {
  clearSecretsCache();
  rig.reset();
});

const base = () => ({
  EMAIL_FROM: 'Mailroom <no-reply@mailroom.test>',
  KMS_KEY_ARN: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  AWS_REGION: 'eu-west-1',
  AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
});

describe('loadSecrets', () => {
  it('reads the secret once per cold start, however often it is asked', async () => {
    const arn = secrets.putSecret('mailroom/once', JSON.stringify({ BREVO_API_KEY: SECRETS.brevo }));
    const before = secrets.calls.length;
    const env = { ...base(), EMAIL_SECRETS_ARN: arn };

    const first = await loadSecrets(env);
    const second = await loadSecrets(env);

    expect(first).toEqual({ BREVO_API_KEY: SECRETS.brevo });
    expect(second).toBe(first);
    expect(secrets.calls.length - before).toBe(1);
  });

  it('names the secret when it does not exist, and retries on the next cold start', async () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:mailroom/later-AbCdEf';
    const env = { ...base(), EMAIL_SECRETS_ARN: arn };

    const error = await loadSecrets(env).catch((err: unknown) => err);
    secrets.putSecret(arn, JSON.stringify({ BREVO_API_KEY: SECRETS.brevo }));

    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect((error as Error).message).toContain(arn);
    expect((error as Error).message).toContain('ResourceNotFoundException');
    await expect(loadSecrets(env)).resolves.toEqual({ BREVO_API_KEY: SECRETS.brevo });
  });
});

describe('configuration with EMAIL_SECRETS_ARN', () => {
  it('takes provider credentials from the secret and delivers with them', async () => {
    const arn = secrets.putSecret(
      'mailroom/providers',
      JSON.stringify({ MAILGUN_API_KEY: SECRETS.mailgun, MAILGUN_DOMAIN: 'mg.mailroom.test' }),
    );
    const env = {
      ...base(),
      EMAIL_PROVIDER: 'mailgun',
      EMAIL_SECRETS_ARN: arn,
      MAILGUN_API_URL: rig.env.MAILGUN_API_URL,
    };

    const { config, modules } = await loadConfig(env, { loadProvider, loadSecrets });
    const [mailgun] = createChain(config.providers, { modules, configs: config.providerConfigs }, () => ({
      logger: captureLogs().logger,
      sandbox: false,
    }));
    const result = await mailgun?.send(sampleMessage(), AbortSignal.timeout(5_000));

    expect(config.env.MAILGUN_API_KEY).toBe(SECRETS.mailgun);
    expect(result?.provider).toBe('mailgun');
    expect(rig.standIns.mailgun.accepted).toHaveLength(1);
  });

  it('lets a plain environment variable override the secret’s key', async () => {
    const arn = secrets.putSecret(
      'mailroom/override',
      JSON.stringify({ BREVO_API_KEY: 'xkeysib-from-secret' }),
    );
    const env = {
      ...base(),
      EMAIL_PROVIDER: 'brevo',
      EMAIL_SECRETS_ARN: arn,
      BREVO_API_KEY: 'xkeysib-local',
    };

    const { config } = await loadConfig(env, { loadProvider, loadSecrets });

    expect(config.env.BREVO_API_KEY).toBe('xkeysib-local');
  });

  it('fails init naming the provider and the variable the secret lacks, without printing values', async () => {
    const arn = secrets.putSecret('mailroom/partial', JSON.stringify({ SENDGRID_API_KEY: SECRETS.sendgrid }));
    const env = { ...base(), EMAIL_PROVIDER: 'sendgrid,brevo', EMAIL_SECRETS_ARN: arn };

    const error = await loadConfig(env, { loadProvider, loadSecrets }).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(['BREVO_API_KEY is required for provider brevo']);
    expect((error as Error).message).not.toContain(SECRETS.sendgrid);
  });
});
