import { Duration } from 'aws-cdk-lib';
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
    expect(message).toContain('existingUserPoolId: expected a pool id like eu-west-1_AbC123, got "pool-1"');
    expect(message).toContain('idempotency: expected true or false, got "yes"');
    expect(message).toContain('cdk.json "context" or with -c key=value');
  });

  it('rejects the local outbox sink and duplicate providers', () => {
    expect(problemsOf({ ...VALID, emailProvider: 'outbox' })).toContain('"outbox" is the local dev sink');
    expect(problemsOf({ ...VALID, emailProvider: 'ses,ses' })).toContain(
      'emailProvider: provider "ses" is listed twice',
    );
  });

  it('requires the provider chain, the sender and the app URL', () => {
    const message = problemsOf({});

    expect(message).toContain(
      'emailProvider is required: one of sendgrid, mailgun, brevo, ses, smtp, or a comma list (failover order)',
    );
    expect(message).toContain('emailFrom is required, e.g. "Acme <no-reply@acme.com>"');
    expect(message).toContain('appUrl is required: the https base URL used in email links');
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

  // Regression: infra validated the env contract with its own, looser rules than the dispatcher (issue 15).
  it('refuses what the dispatcher would refuse at cold start: the one shared schema', () => {
    const message = problemsOf({
      ...VALID,
      emailFrom: 'Acme <no-reply@localhost>',
      emailReplyTo: 'help desk',
      defaultLocale: 'en_US',
      emailProvider: ['sendgrid', 'SES'],
      providerAttemptTimeout: 50,
      sesConfigurationSet: 'bad name',
    });

    expect(message).toContain(
      'emailFrom: expected "Name <address>" or "address", got "Acme <no-reply@localhost>"',
    );
    expect(message).toContain('emailReplyTo: expected "Name <address>" or "address", got "help desk"');
    expect(message).toContain('defaultLocale: expected a BCP 47 tag like "en" or "pt-BR", got "en_US"');
    expect(message).toContain(
      'providerAttemptTimeout: expected whole milliseconds from 100 to 300000, got "50"',
    );
    expect(message).toContain('sesConfigurationSet: expected a configuration set name');
    expect(message).not.toContain('emailProvider');
  });

  it('reads the per-attempt timeout from a Duration or milliseconds', () => {
    expect(resolveMailroomConfig(VALID)).toMatchObject({
      providerAttemptTimeoutMs: undefined,
      attemptTimeoutMs: 10_000,
    });
    expect(
      resolveMailroomConfig({ ...VALID, providerAttemptTimeout: Duration.seconds(4) }).attemptTimeoutMs,
    ).toBe(4_000);
    expect(resolveMailroomConfig({ ...VALID, providerAttemptTimeout: 2_500 }).providerAttemptTimeoutMs).toBe(
      2_500,
    );
  });

  it('names a context value of the wrong type', () => {
    expect(problemsOf({ ...VALID, emailFrom: 42 })).toContain('emailFrom: expected a string, got 42');
  });
});
