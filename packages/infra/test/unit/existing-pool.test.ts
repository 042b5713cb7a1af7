import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { actionsOf, build, EXISTING_POOL_ID, iamStatements, logicalId, only } from '../support/stacks.js';

const POOL_ARN = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':cognito-idp:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:userpool/${EXISTING_POOL_ID}`,
    ],
  ],
};
const POOL_ADMIN = 'arn:aws:iam::111122223333:role/pool-admin';

// Two stacks for the file: the plain existing-pool mode, and the same with a named grant creator.
const plain = build({ existingUserPoolId: EXISTING_POOL_ID });
const withAdmin = build({
  existingUserPoolId: EXISTING_POOL_ID,
  grantCreatorArn: POOL_ADMIN,
  emailProvider: 'ses',
  sesIdentity: 'no-reply@acme.example',
  sesConfigurationSet: 'mailroom-events',
});

describe('existing user pool', () => {
  const { stack, template } = plain;
  const fnId = logicalId(stack, stack.function);
  const keyId = logicalId(stack, stack.key);

  it('creates no user pool of its own', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
  });

  it('lets only that pool in this account invoke the function', () => {
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: POOL_ARN,
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });

  it('outputs the LambdaConfig to merge into the pool with update-user-pool', () => {
    const outputs = template.findOutputs('ExistingPoolLambdaConfig');
    const value = JSON.stringify(outputs.ExistingPoolLambdaConfig?.Value);

    expect(value).toContain('"CustomEmailSender');
    expect(value).toContain('"LambdaVersion');
    expect(value).toContain('V1_0');
    expect(value).toContain('"KMSKeyID');
    expect(value).toContain(`"${keyId}","Arn"`);
    expect(value).toContain(`"${fnId}","Arn"`);
  });

  it('pins the dispatcher to the pool id, which is known here without a cycle', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ USER_POOL_ID: EXISTING_POOL_ID }) },
    });
  });

  it('scopes kms:Decrypt to this key and the pool’s encryption context', () => {
    const decrypts = iamStatements(template).filter(({ statement }) =>
      actionsOf(statement).includes('kms:Decrypt'),
    );

    expect(decrypts.map(({ statement }) => statement)).toEqual([
      {
        Sid: 'DecryptThisPoolsCodes',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
        Condition: { StringEquals: { 'kms:EncryptionContext:userpool-id': EXISTING_POOL_ID } },
      },
    ]);
  });

  it('allows AdminGetUser on that pool only', () => {
    const lookups = iamStatements(template).filter(({ statement }) =>
      actionsOf(statement).some((a) => a.startsWith('cognito-idp:')),
    );

    expect(lookups.map(({ statement }) => statement)).toEqual([
      {
        Sid: 'LookUpRecipientInThisPool',
        Effect: 'Allow',
        Action: 'cognito-idp:AdminGetUser',
        Resource: POOL_ARN,
      },
    ]);
  });

  it('names no grant creator unless told who updates the pool', () => {
    const { resource } = only(template, 'AWS::KMS::Key');
    const actions = (resource.Properties.KeyPolicy.Statement as Record<string, unknown>[]).map(
      (s) => s.Action,
    );

    expect(actions).toEqual(['kms:*', ['kms:Decrypt', 'kms:ReEncrypt*']]);
  });

  it('makes CloudFormation refuse a deploy outside the pool’s region (region unknown at synth)', () => {
    expect(template.toJSON().Rules.ExistingPoolInDeployRegion).toEqual({
      Assertions: [
        {
          Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] },
          AssertDescription: expect.stringContaining('deploy this stack to eu-west-1'),
        },
      ],
    });
  });
});

describe('existing user pool, stack region known at synth', () => {
  it('refuses a pool of another region', () => {
    const attempt = () =>
      build({ existingUserPoolId: EXISTING_POOL_ID, env: { account: '111122223333', region: 'us-east-1' } });

    expect(attempt).toThrow(
      /existingUserPoolId: eu-west-1_AbC123xyz is in eu-west-1, but this stack deploys to us-east-1/,
    );
  });

  it('needs no deploy-time rule when the regions match', () => {
    const { template } = build({
      existingUserPoolId: EXISTING_POOL_ID,
      env: { account: '111122223333', region: 'eu-west-1' },
    });

    expect(template.toJSON().Rules?.ExistingPoolInDeployRegion).toBeUndefined();
  });
});

describe('existing user pool with a named pool administrator', () => {
  const { template } = withAdmin;

  it('lets that administrator create grants for exactly this pool', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowPoolAdminToCreateCognitoGrant',
            Effect: 'Allow',
            Action: 'kms:CreateGrant',
            Principal: { AWS: POOL_ADMIN },
            Resource: '*',
            Condition: { StringEquals: { 'kms:EncryptionContext:userpool-id': EXISTING_POOL_ID } },
          },
        ]),
      },
    });
  });

  it('scopes ses:SendEmail to the named identity and configuration set', () => {
    const ses = iamStatements(template).filter(({ statement }) =>
      actionsOf(statement).some((a) => a.startsWith('ses:')),
    );
    const arn = (suffix: string) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':ses:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          suffix,
        ],
      ],
    });

    expect(ses.map(({ statement }) => statement)).toEqual([
      {
        Sid: 'SesSendAsIdentity',
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: [arn(':identity/no-reply@acme.example'), arn(':configuration-set/mailroom-events')],
      },
    ]);
  });

  it('passes the configuration set and a one-provider chain to the function', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      // 15 s fixed + 1 provider × 10 s + 5 s margin.
      Timeout: 30,
      Environment: {
        Variables: Match.objectLike({ EMAIL_PROVIDER: 'ses', SES_CONFIGURATION_SET: 'mailroom-events' }),
      },
    });
  });
});
