import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { InfraError } from '../../src/errors.js';
import { MailroomStack } from '../../src/mailroom-stack.js';
import { actionsOf, BASE, build, iamStatements } from '../support/stacks.js';
import { tempDir, testApp } from '../support/temp-dirs.js';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:mailroom/providers-AbCdEf';
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:mailroom-alarms';

// Every optional prop flipped away from its default in one stack.
const { template } = build({
  emailProvider: ['mailgun', 'brevo', 'smtp'],
  emailReplyTo: 'Support <help@acme.example>',
  defaultLocale: 'de',
  logLevel: 'debug',
  selfSignUpEnabled: true,
  providerSecretArn: SECRET_ARN,
  idempotency: false,
  alarmTopicArn: TOPIC_ARN,
  emailSandbox: true,
  disabledTriggers: ['AccountTakeOverNotification'],
  providerAttemptTimeout: Duration.seconds(8),
});

describe('stack options', () => {
  it('leaves the idempotency table out when the prop is off', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    const variables = Object.values(template.findResources('AWS::Lambda::Function'))[0]?.Properties
      .Environment.Variables as Record<string, unknown>;

    expect(variables.IDEMPOTENCY_TABLE).toBeUndefined();
    expect(iamStatements(template).flatMap(({ statement }) => actionsOf(statement))).not.toContainEqual(
      expect.stringMatching(/^dynamodb:/),
    );
  });

  it('grants no SES permission when ses is not in the chain', () => {
    const actions = iamStatements(template).flatMap(({ statement }) => actionsOf(statement));

    expect(actions.filter((a) => a.startsWith('ses:'))).toEqual([]);
  });

  it('reads an imported secret by its complete ARN and creates none', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Resource: SECRET_ARN,
          },
        ]),
      },
    });
  });

  it('passes the optional variables under their contract names', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      // 15 s fixed + 3 providers × 8 s + 5 s margin.
      Timeout: 44,
      Environment: {
        Variables: {
          // Node refuses --optimize-for-size in NODE_OPTIONS and Lambda's own heap flags win (issue 12).
          NODE_OPTIONS: Match.absent(),
          EMAIL_PROVIDER: 'mailgun,brevo,smtp',
          EMAIL_FROM: 'Acme <no-reply@acme.example>',
          EMAIL_REPLY_TO: 'Support <help@acme.example>',
          APP_URL: 'https://app.acme.example',
          DEFAULT_LOCALE: 'de',
          KMS_KEY_ARN: Match.anyValue(),
          EMAIL_SECRETS_ARN: SECRET_ARN,
          LOG_LEVEL: 'debug',
          EMAIL_SANDBOX: 'true',
          DISABLED_TRIGGERS: 'AccountTakeOverNotification',
          // The same cap the timeout above was sized with, so the function really applies it.
          PROVIDER_ATTEMPT_TIMEOUT_MS: '8000',
        },
      },
    });
  });

  it('opens self sign-up when asked', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
    });
  });

  it('notifies the alarm topic on ALARM and on OK for all five alarms', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));

    expect(alarms).toHaveLength(5);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([TOPIC_ARN]);
      expect(alarm.Properties.OKActions).toEqual([TOPIC_ARN]);
    }
  });
});

describe('stack guards', () => {
  it('fails with the build command when the dispatcher bundle is missing', () => {
    const empty = tempDir('mailroom-no-bundle-');

    const attempt = () => new MailroomStack(testApp(), 'Mailroom', { ...BASE, dispatcherCodePath: empty });

    expect(attempt).toThrow(InfraError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'DISPATCHER_BUNDLE_MISSING' }));
    expect(attempt).toThrow(/run pnpm --filter @mailroom\/dispatcher build/);
  });

  it('refuses a chain whose attempts cannot fit in Lambda’s 15 minutes', () => {
    const attempt = () =>
      new MailroomStack(testApp(), 'Mailroom', {
        ...BASE,
        emailProvider: 'sendgrid,mailgun,brevo',
        providerAttemptTimeout: Duration.minutes(5),
      });

    expect(attempt).toThrow(/providerAttemptTimeout: 300 s × 3 providers exceeds Lambda's 900 s limit/);
  });

  it('refuses a memory size Lambda does not offer', () => {
    const attempt = () => new MailroomStack(testApp(), 'Mailroom', { ...BASE, memorySize: 64 });

    expect(attempt).toThrow(/memorySize: expected whole megabytes between 128 and 10240, got 64/);
  });

  it('validates props before building anything', () => {
    const attempt = () => new MailroomStack(testApp(), 'Mailroom', { ...BASE, emailProvider: 'outbox' });

    expect(attempt).toThrow(/emailProvider: "outbox" is the local dev sink/);
  });
});
