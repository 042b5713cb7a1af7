/**
 * The existing-pool update (src/attach-existing-pool.ts, bin/attach-existing-pool.ts) through the real
 * Cognito SDK against testkit's Cognito stand-in, which resets every UpdateUserPool member a request leaves
 * out, as Cognito does. The pool is a fixture in DescribeUserPool's documented response shape.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CognitoIdentityProviderClient,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { type CognitoStandIn, startCognitoStandIn, UPDATE_USER_POOL_MEMBERS } from '@mailroom/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildUpdateRequest,
  diffJson,
  formatDiff,
  UPDATE_FROM_DESCRIBE,
  updatePool,
} from '../../src/attach-existing-pool.js';

const run = promisify(execFile);
const PKG = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = JSON.parse(
  readFileSync(join(PKG, 'test', 'fixtures', 'describe-user-pool.json'), 'utf8'),
) as { UserPool: Record<string, unknown> & { Id: string; LambdaConfig: Record<string, unknown> } };
const POOL_ID = FIXTURE.UserPool.Id;
const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:111122223333:function:Mailroom-Dispatcher';
const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ATTACH = { action: 'attach', functionArn: FUNCTION_ARN, keyArn: KEY_ARN } as const;
const withoutDate = (pool: Record<string, unknown> | undefined) => ({ ...pool, LastModifiedDate: undefined });

describe('attaching Mailroom to an existing pool', () => {
  let cognito: CognitoStandIn;
  let client: CognitoIdentityProviderClient;

  beforeAll(async () => {
    cognito = await startCognitoStandIn();
    client = new CognitoIdentityProviderClient({
      endpoint: cognito.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });

  beforeEach(() => {
    cognito.putUserPool(FIXTURE.UserPool);
    cognito.calls.length = 0;
  });

  afterAll(async () => {
    client?.destroy();
    await cognito?.close();
  });

  it('covers exactly the members the API reference lists for UpdateUserPool', () => {
    expect(Object.keys(UPDATE_FROM_DESCRIBE).sort()).toEqual(
      ['UserPoolId', ...UPDATE_USER_POOL_MEMBERS].sort(),
    );
  });

  it('shows why: a request with only LambdaConfig resets the rest of the pool', async () => {
    await client.send(
      new UpdateUserPoolCommand({ UserPoolId: POOL_ID, LambdaConfig: { KMSKeyID: KEY_ARN } }),
    );

    const lost = diffJson(withoutDate(FIXTURE.UserPool), withoutDate(cognito.userPool(POOL_ID))).map(
      (l) => l.path,
    );
    expect(lost).toEqual(
      expect.arrayContaining(['MfaConfiguration', 'EmailConfiguration', 'Name', 'LambdaConfig.PreSignUp']),
    );
  });

  it('attaches the sender and its key and leaves every other setting as it was', async () => {
    const outcome = await updatePool(client, POOL_ID, ATTACH, { dryRun: false });

    const changed = diffJson(withoutDate(FIXTURE.UserPool), withoutDate(cognito.userPool(POOL_ID)));
    expect(changed).toEqual([
      {
        path: 'LambdaConfig.CustomEmailSender',
        before: undefined,
        after: { LambdaVersion: 'V1_0', LambdaArn: FUNCTION_ARN },
      },
      { path: 'LambdaConfig.KMSKeyID', before: undefined, after: KEY_ARN },
    ]);
    expect(outcome.applied).toBe(true);
    expect(outcome.observed?.map((l) => l.path)).toEqual([
      'LambdaConfig.CustomEmailSender',
      'LambdaConfig.KMSKeyID',
    ]);
    // Name travels as PoolName, and the deprecated mirror is not sent next to its replacement.
    const sent = cognito.calls.find((c) => c.target.endsWith('UpdateUserPool'))?.input as Record<
      string,
      unknown
    >;
    expect(sent.PoolName).toBe('acme-users');
    expect(sent.AdminCreateUserConfig).not.toHaveProperty('UnusedAccountValidityDays');
  });

  it('prints the planned diff on a dry run and sends no update', async () => {
    const outcome = await updatePool(client, POOL_ID, ATTACH, { dryRun: true });

    expect(formatDiff(outcome.planned)).toBe(
      `+ LambdaConfig.CustomEmailSender: {"LambdaVersion":"V1_0","LambdaArn":"${FUNCTION_ARN}"}\n+ LambdaConfig.KMSKeyID: "${KEY_ARN}"`,
    );
    expect(outcome.applied).toBe(false);
    expect(cognito.calls.map((c) => c.target.split('.')[1])).toEqual(['DescribeUserPool']);
    expect(cognito.userPool(POOL_ID)).toEqual(FIXTURE.UserPool);
  });

  it('refuses to replace a KMSKeyID another custom sender decrypts with', async () => {
    const otherKey = 'arn:aws:kms:eu-west-1:111122223333:key/99999999-aaaa-bbbb-cccc-dddddddddddd';
    cognito.putUserPool({
      ...FIXTURE.UserPool,
      LambdaConfig: {
        ...FIXTURE.UserPool.LambdaConfig,
        CustomSMSSender: {
          LambdaVersion: 'V1_0',
          LambdaArn: 'arn:aws:lambda:eu-west-1:111122223333:function:sms',
        },
        KMSKeyID: otherKey,
      },
    });

    await expect(updatePool(client, POOL_ID, ATTACH, { dryRun: false })).rejects.toMatchObject({
      code: 'POOL_UPDATE_REFUSED',
      message: expect.stringContaining(`already names KMS key ${otherKey}`),
    });
    expect(cognito.calls.map((c) => c.target.split('.')[1])).toEqual(['DescribeUserPool']);
  });

  it('detaches again, restoring the pool’s own LambdaConfig', async () => {
    await updatePool(client, POOL_ID, ATTACH, { dryRun: false });

    await updatePool(client, POOL_ID, { action: 'detach' }, { dryRun: false });

    expect(diffJson(withoutDate(FIXTURE.UserPool), withoutDate(cognito.userPool(POOL_ID)))).toEqual([]);
  });

  it('keeps the key on detach while a custom SMS sender still uses it', () => {
    const sms = {
      LambdaVersion: 'V1_0',
      LambdaArn: 'arn:aws:lambda:eu-west-1:111122223333:function:sms',
    } as const;
    const request = buildUpdateRequest(
      {
        Id: POOL_ID,
        LambdaConfig: {
          CustomSMSSender: sms,
          CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: FUNCTION_ARN },
          KMSKeyID: KEY_ARN,
        },
      },
      { action: 'detach' },
    );

    expect(request.LambdaConfig).toEqual({ CustomSMSSender: sms, KMSKeyID: KEY_ARN });
  });

  it('runs from the command line: --dry-run prints the diff and the request', async () => {
    const lambdaConfig = JSON.stringify({
      CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: FUNCTION_ARN },
      KMSKeyID: KEY_ARN,
    });

    const { stdout } = await run(
      join(PKG, 'node_modules', '.bin', 'tsx'),
      ['bin/attach-existing-pool.ts', '--pool', POOL_ID, '--lambda-config', lambdaConfig, '--dry-run'],
      {
        cwd: PKG,
        env: {
          PATH: process.env.PATH ?? '',
          AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.url,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
      },
    );

    expect(stdout).toContain(`Would change ${POOL_ID}`);
    expect(stdout).toContain(`+ LambdaConfig.KMSKeyID: "${KEY_ARN}"`);
    expect(stdout).toContain('"PoolName": "acme-users"');
    expect(cognito.userPool(POOL_ID)).toEqual(FIXTURE.UserPool);
  });
});
