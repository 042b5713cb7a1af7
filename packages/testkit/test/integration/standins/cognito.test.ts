import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CognitoStandIn } from '../../../src/standins/cognito.js';
import { startCognitoStandIn } from '../../../src/standins/cognito.js';
import type { AwsSdkError } from '../../support/standins.js';
import { awsClientConfig, rejectionOf } from '../../support/standins.js';

const POOL = 'eu-west-1_TestPool';

describe('Cognito AdminGetUser stand-in with @aws-sdk/client-cognito-identity-provider', () => {
  let cognito: CognitoStandIn;
  beforeEach(async () => {
    cognito = await startCognitoStandIn();
  });
  afterEach(async () => {
    await cognito.close();
  });

  const getUser = (username: string, opts: { timeoutMs?: number; maxAttempts?: number } = {}) =>
    new CognitoIdentityProviderClient(awsClientConfig(cognito.url, opts)).send(
      new AdminGetUserCommand({ UserPoolId: POOL, Username: username }),
    );

  it('returns the user’s attributes, found by username or by sub', async () => {
    const user = cognito.addUser(POOL, 'ana', { email: 'ana@example.com', locale: 'pt-BR' });

    const byName = await getUser('ana');
    const bySub = await getUser(user.attributes.sub as string);

    expect(byName.Username).toBe('ana');
    expect(byName.UserAttributes).toContainEqual({ Name: 'email', Value: 'ana@example.com' });
    expect(byName.UserCreateDate).toBeInstanceOf(Date);
    expect(byName.UserStatus).toBe('CONFIRMED');
    expect(bySub.Username).toBe('ana');
    expect(cognito.calls.map((c) => c.target)).toEqual([
      'AWSCognitoIdentityProviderService.AdminGetUser',
      'AWSCognitoIdentityProviderService.AdminGetUser',
    ]);
  });

  it('throws UserNotFoundException for an unknown user', async () => {
    cognito.addUser(POOL, 'ana', { email: 'ana@example.com' });

    const error = (await rejectionOf(getUser('bob'))) as AwsSdkError;

    expect(error).toBeInstanceOf(UserNotFoundException);
    expect(error.message).toBe('User does not exist.');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('throws ResourceNotFoundException for an unknown pool', async () => {
    const error = (await rejectionOf(getUser('ana'))) as AwsSdkError;

    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.message).toContain(POOL);
  });

  it('surfaces an injected 429 as TooManyRequestsException with Retry-After on $response', async () => {
    cognito.fail({ status: 429, retryAfter: 3 });

    const error = (await rejectionOf(getUser('ana'))) as AwsSdkError;

    expect(error.name).toBe('TooManyRequestsException');
    expect(error.$metadata.httpStatusCode).toBe(429);
    expect(error.$response?.headers['retry-after']).toBe('3');
  });

  it('retries a 500 by itself unless maxAttempts is 1', async () => {
    cognito.addUser(POOL, 'ana', { email: 'ana@example.com' });
    cognito.fail({ status: 500, times: 1 });

    const user = await getUser('ana', { maxAttempts: 2 });

    expect(user.Username).toBe('ana');
    expect(cognito.requestCount).toBe(2);
    expect(cognito.rejected).toEqual([{ status: 500, reason: 'fault: injected 500' }]);
  });

  it('times out with TimeoutError when the stand-in delays', async () => {
    cognito.fail({ delayMs: 30_000 });

    const error = (await rejectionOf(getUser('ana', { timeoutMs: 100 }))) as AwsSdkError;

    expect(error.name).toBe('TimeoutError');
    expect(error.code).toBe('ETIMEDOUT');
    expect(error.$metadata.httpStatusCode).toBeUndefined();
  });

  it('surfaces a connection reset as ECONNRESET, which smithy names TimeoutError', async () => {
    cognito.fail({ reset: true });

    const error = (await rejectionOf(getUser('ana'))) as AwsSdkError;

    expect(error.name).toBe('TimeoutError');
    expect(error.code).toBe('ECONNRESET');
    expect(error.$metadata.httpStatusCode).toBeUndefined();
  });

  it('answers a malformed body that the SDK cannot deserialise', async () => {
    cognito.fail({ malformed: true });

    const error = (await rejectionOf(getUser('ana'))) as AwsSdkError;

    expect(error.name).toBe('SyntaxError');
    expect(error.$response?.statusCode).toBe(200);
  });
});

describe('Cognito DescribeUserPool / UpdateUserPool stand-in with @aws-sdk/client-cognito-identity-provider', () => {
  let cognito: CognitoStandIn;
  beforeEach(async () => {
    cognito = await startCognitoStandIn();
  });
  afterEach(async () => {
    await cognito.close();
  });

  const client = () => new CognitoIdentityProviderClient(awsClientConfig(cognito.url));
  const pool = {
    Id: POOL,
    Name: 'users',
    Arn: `arn:aws:cognito-idp:eu-west-1:111122223333:userpool/${POOL}`,
    CreationDate: 1700000000,
    LastModifiedDate: 1700000000,
    MfaConfiguration: 'OPTIONAL',
    LambdaConfig: { PreSignUp: 'arn:aws:lambda:eu-west-1:111122223333:function:pre' },
    Policies: { PasswordPolicy: { MinimumLength: 12, TemporaryPasswordValidityDays: 3 } },
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, UnusedAccountValidityDays: 3 },
  };

  it('describes a stored pool the way the SDK parses DescribeUserPool (dates as Date)', async () => {
    cognito.putUserPool(pool);

    const { UserPool } = await client().send(new DescribeUserPoolCommand({ UserPoolId: POOL }));

    expect(UserPool).toMatchObject({ Id: POOL, Name: 'users', MfaConfiguration: 'OPTIONAL' });
    expect(UserPool?.CreationDate).toEqual(new Date(1700000000 * 1000));
  });

  it('resets every member an UpdateUserPool request leaves out, and PoolName sets Name', async () => {
    cognito.putUserPool(pool);

    await client().send(
      new UpdateUserPoolCommand({ UserPoolId: POOL, PoolName: 'renamed', MfaConfiguration: 'OFF' }),
    );

    const after = cognito.userPool(POOL);
    expect(after).toMatchObject({ Id: POOL, Name: 'renamed', MfaConfiguration: 'OFF', Arn: pool.Arn });
    expect(after).not.toHaveProperty('LambdaConfig');
    expect(after).not.toHaveProperty('Policies');
    expect(after?.LastModifiedDate).not.toBe(pool.LastModifiedDate);
  });

  it('throws ResourceNotFoundException for an unknown pool', async () => {
    const error = (await rejectionOf(
      client().send(new DescribeUserPoolCommand({ UserPoolId: 'eu-west-1_Nope' })),
    )) as AwsSdkError;

    expect(error.name).toBe('ResourceNotFoundException');
  });
});
