import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SecretsManagerStandIn } from '../../../src/standins/secrets-manager.js';
import { startSecretsManagerStandIn } from '../../../src/standins/secrets-manager.js';
import type { AwsSdkError } from '../../support/standins.js';
import { awsClientConfig, rejectionOf } from '../../support/standins.js';

describe('Secrets Manager GetSecretValue stand-in with @aws-sdk/client-secrets-manager', () => {
  let secrets: SecretsManagerStandIn;
  beforeEach(async () => {
    secrets = await startSecretsManagerStandIn({ region: 'eu-west-1', accountId: '123456789012' });
  });
  afterEach(async () => {
    await secrets.close();
  });

  const getSecret = (id: string, opts: { timeoutMs?: number } = {}) =>
    new SecretsManagerClient(awsClientConfig(secrets.url, opts)).send(
      new GetSecretValueCommand({ SecretId: id }),
    );

  it('returns a stored secret by ARN and by name, and records every call', async () => {
    const value = JSON.stringify({ SENDGRID_API_KEY: 'SG.from-secret' });
    const arn = secrets.putSecret('mailroom/providers', value);

    const byArn = await getSecret(arn);
    const byName = await getSecret('mailroom/providers');

    expect(arn).toMatch(
      /^arn:aws:secretsmanager:eu-west-1:123456789012:secret:mailroom\/providers-[0-9a-f]{6}$/,
    );
    expect(byArn.SecretString).toBe(value);
    expect(byArn.ARN).toBe(arn);
    expect(byName.Name).toBe('mailroom/providers');
    expect(secrets.calls).toHaveLength(2);
    expect(secrets.calls[0]).toEqual({ target: 'secretsmanager.GetSecretValue', input: { SecretId: arn } });
  });

  it('keeps a given ARN as it is and derives the name without its suffix', async () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/mailroom-AbC123';
    secrets.putSecret(arn, 'v1');
    secrets.putSecret(arn, 'v2');

    const result = await getSecret('prod/mailroom');

    expect(result.ARN).toBe(arn);
    expect(result.SecretString).toBe('v2');
  });

  it('throws ResourceNotFoundException for an unknown secret', async () => {
    const error = (await rejectionOf(getSecret('missing'))) as AwsSdkError;

    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(secrets.rejected[0]?.reason).toMatch(/^ResourceNotFoundException/);
  });

  it('surfaces an injected 500 as InternalServiceError with $fault server', async () => {
    secrets.fail({ status: 500, times: 1 });

    const error = (await rejectionOf(getSecret('any'))) as AwsSdkError;

    expect(error.name).toBe('InternalServiceError');
    expect(error.$fault).toBe('server');
    expect(error.$metadata.httpStatusCode).toBe(500);
  });

  it('surfaces a custom error body’s __type as the exception name', async () => {
    secrets.fail({ status: 400, body: { __type: 'DecryptionFailure', message: 'cannot decrypt' } });

    const error = (await rejectionOf(getSecret('any'))) as AwsSdkError;

    expect(error.name).toBe('DecryptionFailure');
    expect(error.message).toBe('cannot decrypt');
  });

  it('times out and resets like any AWS SDK v3 client', async () => {
    secrets.fail({ delayMs: 30_000, times: 1 });
    const timeout = (await rejectionOf(getSecret('any', { timeoutMs: 100 }))) as AwsSdkError;
    secrets.fail({ reset: true, times: 1 });
    const reset = (await rejectionOf(getSecret('any'))) as AwsSdkError;

    expect(timeout.name).toBe('TimeoutError');
    expect(reset.code).toBe('ECONNRESET');
    await expect.poll(() => secrets.rejected.map((r) => r.status)).toEqual([0, 0]);
  });
});
