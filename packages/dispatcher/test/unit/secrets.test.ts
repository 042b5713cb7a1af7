import { describe, expect, it } from 'vitest';
import { loadSecrets, parseSecretString } from '../../src/secrets.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:mailroom/providers-AbCdEf';
const SECRET_VALUE = 'SG.do-not-print-me-8d1f';

describe('secrets', () => {
  it('reads nothing without EMAIL_SECRETS_ARN (plain environment variables are the source)', async () => {
    await expect(loadSecrets({ SENDGRID_API_KEY: 'SG.local' })).resolves.toEqual({});
  });

  it('parses a JSON object of variable names, turning numbers and booleans into strings', () => {
    expect(
      parseSecretString(
        ARN,
        JSON.stringify({ SENDGRID_API_KEY: SECRET_VALUE, SMTP_POOL_MAX_CONNECTIONS: 2, X: true }),
      ),
    ).toEqual({ SENDGRID_API_KEY: SECRET_VALUE, SMTP_POOL_MAX_CONNECTIONS: '2', X: 'true' });
  });

  it.each([
    ['invalid JSON', `{"SENDGRID_API_KEY": "${SECRET_VALUE}"`, 'SecretString is not valid JSON'],
    ['an array', `["${SECRET_VALUE}"]`, 'must be a JSON object'],
    [
      'a nested value',
      JSON.stringify({ SENDGRID_API_KEY: { value: SECRET_VALUE } }),
      'keys SENDGRID_API_KEY must hold strings',
    ],
    ['an empty string', '', 'has no SecretString'],
  ])('names the secret but never its contents when it holds %s', (_what, secretString, expected) => {
    let error: unknown;
    try {
      parseSecretString(ARN, secretString);
    } catch (err) {
      error = err;
    }

    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect((error as Error).message).toContain(ARN);
    expect((error as Error).message).toContain(expected);
    expect((error as Error).message).not.toContain(SECRET_VALUE);
  });
});
