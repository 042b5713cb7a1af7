import { describe, expect, it } from 'vitest';
import { resolveMailroomConfig } from '../../src/config.js';
import { InfraError } from '../../src/errors.js';

const VALID = {
  emailProvider: 'sendgrid,ses',
  emailFrom: 'Acme <no-reply@acme.example>',
  appUrl: 'https://app.acme.example',
};

function problemsOf(raw: Record<string, unknown>): string {
  try {
    resolveMailroomConfig(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(InfraError);
    expect((err as InfraError).code).toBe('INVALID_CONFIG');
    return (err as InfraError).message;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('resolveMailroomConfig', () => {
  it('reads a comma list as the failover chain and fills the defaults', () => {
    const config = resolveMailroomConfig(VALID);

    expect(config).toMatchObject({
      emailProvider: ['sendgrid', 'ses'],
      fromAddress: 'no-reply@acme.example',
      defaultLocale: 'en',
      logLevel: 'info',
      idempotency: true,
      selfSignUpEnabled: false,
      emailSandbox: false,
      sesIdentity: 'acme.example',
      existingUserPoolId: undefined,
    });
  });

  it('accepts booleans as the strings -c flags deliver', () => {
    const config = resolveMailroomConfig({ ...VALID, idempotency: 'false', selfSignUpEnabled: 'true' });

    expect(config.idempotency).toBe(false);
    expect(config.selfSignUpEnabled).toBe(true);
  });

  it('lists every problem in one message, each naming its field', () => {
    const message = problemsOf({
      emailProvider: 'sendgrid,postmark',
      emailFrom: 'not an address',
      appUrl: 'http://app.acme.example',
      logLevel: 'loud',
      existingUserPoolId: 'pool-1',
      idempotency: 'yes',
    });

    expect(message).toContain('emailProvider: unknown provider "postmark"');
    expect(message).toContain('emailFrom: expected "Name <address>"');
    expect(message).toContain('appUrl: links in emails must use https');
    expect(message).toContain('logLevel: expected one of fatal, error, warn, info, debug, trace, silent');
    expect(message).toContain('existingUserPoolId: expected a user pool id like "eu-west-1_AbC123xyz"');
    expect(message).toContain('idempotency: expected true or false, got "yes"');
    expect(message).toContain('cdk.json "context" or with -c key=value');
  });

  it('rejects the local outbox sink and duplicate providers', () => {
    expect(problemsOf({ ...VALID, emailProvider: 'outbox' })).toContain('"outbox" is the local dev sink');
    expect(problemsOf({ ...VALID, emailProvider: 'ses,ses' })).toContain('"ses" appears twice in the chain');
  });

  it('requires the provider chain, the sender and the app URL', () => {
    const message = problemsOf({});

    expect(message).toContain('emailProvider: expected a provider or a comma list');
    expect(message).toContain('emailFrom: expected a sender');
    expect(message).toContain('appUrl: expected the https base URL');
  });

  it('rejects a sender with a line break (header injection)', () => {
    expect(
      problemsOf({ ...VALID, emailFrom: 'Acme <no-reply@acme.example>\r\nBcc: x@evil.example' }),
    ).toContain('emailFrom:');
  });

  it('rejects SES settings when ses is not in the chain', () => {
    const message = problemsOf({
      ...VALID,
      emailProvider: 'sendgrid',
      sesIdentity: 'acme.example',
      sesConfigurationSet: 'x',
    });

    expect(message).toContain('sesIdentity: set, but "ses" is not in emailProvider');
    expect(message).toContain('sesConfigurationSet: set, but "ses" is not in emailProvider');
  });

  it('requires the complete secret ARN so IAM can scope to it', () => {
    const message = problemsOf({
      ...VALID,
      providerSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:mailroom/providers',
    });

    expect(message).toContain(
      'providerSecretArn: expected the complete secret ARN including its 6-character suffix',
    );
  });

  it('rejects self sign-up settings for a pool it does not create', () => {
    const message = problemsOf({
      ...VALID,
      existingUserPoolId: 'eu-west-1_AbC123xyz',
      selfSignUpEnabled: true,
    });

    expect(message).toContain('selfSignUpEnabled: only applies to a pool this stack creates');
  });

  it('knows the trigger names DISABLED_TRIGGERS accepts', () => {
    expect(
      resolveMailroomConfig({ ...VALID, disabledTriggers: 'AccountTakeOverNotification' }).disabledTriggers,
    ).toEqual(['AccountTakeOverNotification']);
    expect(problemsOf({ ...VALID, disabledTriggers: 'SignUpp' })).toContain(
      'disabledTriggers: unknown trigger "SignUpp"',
    );
  });
});
