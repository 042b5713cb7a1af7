import { FileSystem } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DISPATCHER_DIST,
  FALLBACK_FILTER_PATTERN,
  SENT_FILTER_PATTERN,
} from '../../src/mailroom-stack.js';
import { actionsOf, build, iamStatements, logicalId, only } from '../support/stacks.js';

// The CDK bootstrap's CloudFormation execution role, as an Fn::Sub string.
const CFN_EXEC_ROLE =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation placeholders, not a JS template.
  'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-cfn-exec-role-${AWS::AccountId}-${AWS::Region}';

// One synthesized stack for the whole file: synth is the slow part, the assertions are cheap.
const { stack, template } = build();
const keyId = logicalId(stack, stack.key);
const roleId = logicalId(stack, stack.role);
const fnId = logicalId(stack, stack.function);
const poolId = only(template, 'AWS::Cognito::UserPool').id;
const queueId = logicalId(stack, stack.failureQueue);
const logGroupId = logicalId(stack, stack.logGroup);

describe('KMS key', () => {
  it('is a symmetric key with rotation on', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeySpec: Match.absent(),
    });
  });

  it('keeps the account-root statement as its only broad allow', () => {
    const { resource } = only(template, 'AWS::KMS::Key');
    const allows = (resource.Properties.KeyPolicy.Statement as Record<string, unknown>[]).filter(
      (s) => s.Effect === 'Allow',
    );

    expect(allows).toHaveLength(2);
    expect(allows.filter((s) => s.Action === 'kms:*')).toEqual([
      expect.objectContaining({
        Principal: {
          AWS: {
            'Fn::Join': [
              '',
              ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root'],
            ],
          },
        },
      }),
    ]);
  });

  it('lets the deploying CloudFormation role create grants for user pools of this region only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowPoolAdminToCreateCognitoGrant',
            Effect: 'Allow',
            Action: 'kms:CreateGrant',
            Principal: {
              AWS: { 'Fn::Sub': CFN_EXEC_ROLE },
            },
            Resource: '*',
            Condition: {
              StringLike: {
                'kms:EncryptionContext:userpool-id': { 'Fn::Join': ['', [{ Ref: 'AWS::Region' }, '_*']] },
              },
            },
          },
        ]),
      },
    });
  });

  it('denies kms:Decrypt and kms:ReEncrypt* to every principal except the dispatcher role', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'DenyDecryptAndReEncryptExceptDispatcher',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            // ReEncrypt decrypts inside KMS: open, a kms:* holder could move a code under their own key.
            Action: ['kms:Decrypt', 'kms:ReEncrypt*'],
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [roleId, 'Arn'] } } },
          },
        ]),
      },
    });
  });

  it('survives a stack delete so parked ciphertexts stay decryptable, but not a failed first create', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('user pool', () => {
  it('sends every email through the dispatcher with this key', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: {
        CustomEmailSender: { LambdaArn: { 'Fn::GetAtt': [fnId, 'Arn'] }, LambdaVersion: 'V1_0' },
        KMSKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] },
      },
    });
  });

  it('signs in by email, recovers by email and keeps self sign-up off by default', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      DeletionProtection: 'ACTIVE',
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
    });
    template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
  });

  it('lets only this pool in this account invoke the function', () => {
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [poolId, 'Arn'] },
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });
});

describe('function', () => {
  it('runs the dispatcher bundle on nodejs22.x arm64', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 1024,
      Role: { 'Fn::GetAtt': [roleId, 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: logGroupId } },
    });
  });

  it('deploys exactly the contents of packages/dispatcher/dist', () => {
    const hash = FileSystem.fingerprint(DEFAULT_DISPATCHER_DIST);

    template.hasResourceProperties('AWS::Lambda::Function', {
      Code: { S3Key: `${hash}.zip` },
    });
  });

  it('times out only after every provider in the chain had its full attempt', () => {
    // 15 s fixed (init, secret, KMS, lookup) + 2 providers × 10 s + 5 s margin.
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 40 });
  });

  it('gets its configuration from typed props, using the contract names', () => {
    const table = only(template, 'AWS::DynamoDB::Table').id;
    const secret = only(template, 'AWS::SecretsManager::Secret').id;

    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          // Node refuses --optimize-for-size in NODE_OPTIONS and Lambda's own heap flags win (issue 12).
          NODE_OPTIONS: Match.absent(),
          EMAIL_PROVIDER: 'sendgrid,ses',
          EMAIL_FROM: 'Acme <no-reply@acme.example>',
          APP_URL: 'https://app.acme.example',
          DEFAULT_LOCALE: 'en',
          KMS_KEY_ARN: { 'Fn::GetAtt': [keyId, 'Arn'] },
          EMAIL_SECRETS_ARN: { Ref: secret },
          IDEMPOTENCY_TABLE: { Ref: table },
          LOG_LEVEL: 'info',
        },
      },
    });
  });

  it('keeps provider credentials out of the environment and the template', () => {
    const { resource } = only(template, 'AWS::Lambda::Function');
    const names = Object.keys(resource.Properties.Environment.Variables as object);

    for (const credential of ['SENDGRID_API_KEY', 'MAILGUN_API_KEY', 'BREVO_API_KEY', 'SMTP_URL']) {
      expect(names).not.toContain(credential);
    }
    template.hasResourceProperties('AWS::SecretsManager::Secret', { SecretString: '{}' });
  });

  it('holds nothing shaped like a provider credential anywhere in the template', () => {
    const text = JSON.stringify(template.toJSON());

    // SendGrid keys, Brevo keys, Mailgun keys, and SMTP URLs with a password.
    expect(text).not.toMatch(/SG\.[\w-]{10,}|xkeysib-|key-[0-9a-f]{20,}|smtps?:\/\/[^"/]*:[^"/]*@/);
  });

  it('writes to its own log group with retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('asynchronous invocation', () => {
  it('retries twice within ten minutes, then parks the event in the failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
  });

  it('encrypts the failure queue and refuses non-TLS access to it', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});

describe('alarms', () => {
  it('alarms on any function error', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('alarms as soon as the failure queue holds a message', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('alarms on throttles', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('counts the dispatcher’s fallback log line and alarms on it', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logGroupId },
      FilterPattern: '{ $.event = "provider_fallback" }',
      MetricTransformations: [
        { MetricNamespace: 'Mailroom/Mailroom', MetricName: 'ProviderFallback', MetricValue: '1' },
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Mailroom/Mailroom',
      MetricName: 'ProviderFallback',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(FALLBACK_FILTER_PATTERN).toBe('{ $.event = "provider_fallback" }');
  });

  it('counts delivered emails from the outcome line', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: SENT_FILTER_PATTERN,
      MetricTransformations: [
        { MetricNamespace: 'Mailroom/Mailroom', MetricName: 'EmailSent', MetricValue: '1' },
      ],
    });
  });

  it('alarms on the outcome line of an email the dispatcher gave up on, retried or not', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logGroupId },
      FilterPattern: '{ $.event = "email_failed" }',
      MetricTransformations: [
        { MetricNamespace: 'Mailroom/Mailroom', MetricName: 'EmailFailed', MetricValue: '1' },
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Mailroom/Mailroom',
      MetricName: 'EmailFailed',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('has exactly five alarms, without actions when no topic is given', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));

    expect(alarms).toHaveLength(5);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toBeUndefined();
  });
});

describe('least privilege', () => {
  const statements = iamStatements(template);
  const scoped = ['kms:', 'ses:', 'cognito-idp:', 'dynamodb:', 'secretsmanager:', 'sqs:', 'logs:'];

  it('grants no wildcard actions and no wildcard resources', () => {
    expect(statements.length).toBeGreaterThanOrEqual(7);
    for (const { statement } of statements) {
      for (const action of actionsOf(statement)) {
        expect(action).not.toMatch(/\*/);
        expect(scoped.some((prefix) => action.startsWith(prefix))).toBe(true);
      }
      expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"|:\*"/);
    }
  });

  it('attaches no managed policies to the function role', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      },
      ManagedPolicyArns: Match.absent(),
    });
  });

  it('allows kms:Decrypt on this key only, for ciphertexts of this pool only', () => {
    const decrypts = statements.filter(({ statement }) => actionsOf(statement).includes('kms:Decrypt'));

    expect(decrypts.map(({ statement }) => statement)).toEqual([
      {
        Sid: 'DecryptThisPoolsCodes',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
        Condition: { StringEquals: { 'kms:EncryptionContext:userpool-id': { Ref: poolId } } },
      },
    ]);
  });

  it('keeps pool-scoped permissions out of the default policy (no dependency cycle)', () => {
    const decrypt = statements.find(({ statement }) => actionsOf(statement).includes('kms:Decrypt'));

    expect(decrypt?.policy).not.toMatch(/DefaultPolicy/);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'LookUpRecipientInThisPool',
            Effect: 'Allow',
            Action: 'cognito-idp:AdminGetUser',
            Resource: { 'Fn::GetAtt': [poolId, 'Arn'] },
          },
        ]),
      },
    });
  });

  it('allows ses:SendEmail as the sender’s domain identity only', () => {
    const ses = statements.filter(({ statement }) => actionsOf(statement).some((a) => a.startsWith('ses:')));

    expect(ses.map(({ statement }) => statement)).toEqual([
      {
        Sid: 'SesSendAsIdentity',
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':ses:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':identity/acme.example',
            ],
          ],
        },
      },
    ]);
  });

  it('lets only the dispatcher read the provider secret', () => {
    const secret = only(template, 'AWS::SecretsManager::Secret').id;

    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Resource: { Ref: secret },
          },
        ]),
      },
    });
    template.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', {
      SecretId: { Ref: secret },
      ResourcePolicy: {
        Statement: [
          {
            Sid: 'DenyReadExceptDispatcher',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'secretsmanager:GetSecretValue',
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [roleId, 'Arn'] } } },
          },
        ],
      },
    });
  });
});

describe('idempotency table', () => {
  it('uses the Powertools schema with TTL on', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('is reachable with exactly the four item operations Powertools uses', () => {
    const table = only(template, 'AWS::DynamoDB::Table').id;
    const dynamo = iamStatements(template).filter(({ statement }) =>
      actionsOf(statement).some((a) => a.startsWith('dynamodb:')),
    );

    expect(dynamo.map(({ statement }) => statement)).toEqual([
      {
        Sid: 'IdempotencyRecords',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        Resource: { 'Fn::GetAtt': [table, 'Arn'] },
      },
    ]);
  });
});
