/**
 * Cognito user pools stand-in (AWS JSON 1.1): `AdminGetUser`, for the dispatcher's "no email attribute → look
 * the user up" path, and `DescribeUserPool` / `UpdateUserPool`, for infra's pool-update script. Point the SDK
 * at it with `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=<url>` (or `endpoint: url`) and dummy credentials.
 *
 * Pools: `putUserPool` stores a `DescribeUserPool` `UserPool` object as the wire carries it (dates as epoch
 * seconds). `UpdateUserPool` behaves as the API reference warns: "If you don't provide a value for an
 * attribute, Amazon Cognito sets it to its default value" — every updatable member the request leaves out
 * is reset (here: removed, so a lost setting shows), `PoolName` sets `Name`, and `LastModifiedDate` moves.
 * Describe-only members (`Id`, `Arn`, `SchemaAttributes`, `Domain`, …) are kept.
 *
 * Lookup: by username, or by the user's `sub` attribute (Cognito accepts both). Unknown pool →
 * `ResourceNotFoundException` 400; unknown user → `UserNotFoundException` 400 `User does not exist.`.
 *
 * How `@aws-sdk/client-cognito-identity-provider` 3.1162.0 surfaces each outcome (checked by
 * test/integration/standins/cognito.test.ts; the same for every AWS SDK v3 client, see secrets-manager.ts):
 * - error status: a modelled exception class (`UserNotFoundException`, `TooManyRequestsException`,
 *   `InternalErrorException`, …; unknown types become `CognitoIdentityProviderServiceException`) with
 *   `name` = the type, `$fault` 'client' | 'server', `$metadata.httpStatusCode`, and the raw response on
 *   `$response` (`$response.headers['retry-after']` readable). The SDK retries throttling and 5xx answers
 *   (3 attempts by default, `maxAttempts: 1` to own retries); `$metadata.attempts` says how many it made.
 * - timeout (`requestHandler: { requestTimeout, throwOnRequestTimeout: true }`): a plain Error with
 *   `name: 'TimeoutError'`, `code: 'ETIMEDOUT'`, no `$fault`, no `$metadata.httpStatusCode`.
 * - connection reset: the Node error `socket hang up`, `code: 'ECONNRESET'`, but renamed
 *   `name: 'TimeoutError'` by @smithy/node-http-handler (it lumps ECONNRESET/EPIPE/ETIMEDOUT together):
 *   tell timeout from reset by `code`. `$metadata` has `attempts`, no `httpStatusCode`.
 * - malformed 200 body: a `SyntaxError` (deserialisation), with `$response.statusCode: 200`.
 */
import { randomUUID } from 'node:crypto';
import type { AwsJsonCall } from './aws-json.js';
import { awsJsonError, awsJsonOk, awsJsonService } from './aws-json.js';
import type { BaseStandIn, HttpReply } from './core.js';
import { exposeStandIn, startHttpStandIn } from './core.js';

/** A user in the stand-in's table. */
export interface CognitoUser {
  username: string;
  attributes: Record<string, string>;
  enabled: boolean;
  status: string;
}

/** The Cognito stand-in: a user table plus the common fault/recording surface. */
export interface CognitoStandIn extends BaseStandIn {
  /** Every recognised call, in order (`target` is `AWSCognitoIdentityProviderService.AdminGetUser`). */
  calls: AwsJsonCall[];
  /**
   * Adds (or replaces) a user. A `sub` attribute is generated when missing.
   * @example cognito.addUser('eu-west-1_abc', 'ana', { email: 'ana@example.com' })
   */
  addUser(
    poolId: string,
    username: string,
    attributes?: Record<string, string>,
    opts?: { enabled?: boolean; status?: string },
  ): CognitoUser;
  /**
   * Stores (or replaces) a pool as `DescribeUserPool` returns it (`UserPool`, wire form).
   * @example cognito.putUserPool({ Id: 'eu-west-1_abc', Name: 'users', LambdaConfig: {} })
   */
  putUserPool(pool: Record<string, unknown> & { Id: string }): void;
  /** The stored pool (a copy), as `DescribeUserPool` would return it now. */
  userPool(poolId: string): Record<string, unknown> | undefined;
}

/**
 * `UpdateUserPool` request members (API reference, 2016-04-18) besides `UserPoolId`: each one left out is
 * reset to its default. `PoolName` updates the pool's `Name`.
 */
export const UPDATE_USER_POOL_MEMBERS = [
  'Policies',
  'DeletionProtection',
  'LambdaConfig',
  'AutoVerifiedAttributes',
  'SmsVerificationMessage',
  'EmailVerificationMessage',
  'EmailVerificationSubject',
  'VerificationMessageTemplate',
  'SmsAuthenticationMessage',
  'UserAttributeUpdateSettings',
  'MfaConfiguration',
  'DeviceConfiguration',
  'EmailConfiguration',
  'SmsConfiguration',
  'UserPoolTags',
  'AdminCreateUserConfig',
  'UserPoolAddOns',
  'AccountRecoverySetting',
  'PoolName',
  'UserPoolTier',
  'KeyConfiguration',
  'IssuerConfiguration',
  'AcrConfiguration',
] as const;

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService';

type Users = Map<string, Map<string, CognitoUser & { created: number }>>;
type PoolConfigs = Map<string, Record<string, unknown>>;
const copy = <T>(value: T): T => structuredClone(value);

function adminGetUser(pools: Users, input: Record<string, unknown>): HttpReply {
  const poolId = input.UserPoolId;
  const username = input.Username;
  if (typeof poolId !== 'string' || typeof username !== 'string' || username === '') {
    return awsJsonError(
      400,
      'InvalidParameterException',
      'UserPoolId and Username are required strings (got ' +
        `${typeof poolId === 'string' ? 'UserPoolId' : 'no UserPoolId'}, ${typeof username === 'string' ? 'Username' : 'no Username'})`,
    );
  }
  const pool = pools.get(poolId);
  if (pool === undefined) {
    return awsJsonError(400, 'ResourceNotFoundException', `User pool ${poolId} does not exist.`);
  }
  const user =
    pool.get(username) ?? [...pool.values()].find((u) => u.attributes.sub === username) ?? undefined;
  if (user === undefined) return awsJsonError(400, 'UserNotFoundException', 'User does not exist.');
  return awsJsonOk({
    Username: user.username,
    UserAttributes: Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
    UserCreateDate: user.created,
    UserLastModifiedDate: user.created,
    Enabled: user.enabled,
    UserStatus: user.status,
  });
}

function describeUserPool(poolConfigs: PoolConfigs, input: Record<string, unknown>): HttpReply {
  const pool = typeof input.UserPoolId === 'string' ? poolConfigs.get(input.UserPoolId) : undefined;
  if (pool === undefined) {
    return awsJsonError(
      400,
      'ResourceNotFoundException',
      `User pool ${String(input.UserPoolId)} does not exist.`,
    );
  }
  return awsJsonOk({ UserPool: copy(pool) });
}

/** Every updatable member the request leaves out is reset to its default, as Cognito does. */
function updateUserPool(poolConfigs: PoolConfigs, input: Record<string, unknown>): HttpReply {
  const id = input.UserPoolId;
  const pool = typeof id === 'string' ? poolConfigs.get(id) : undefined;
  if (pool === undefined) {
    return awsJsonError(400, 'ResourceNotFoundException', `User pool ${String(id)} does not exist.`);
  }
  const next: Record<string, unknown> = copy(pool);
  for (const member of UPDATE_USER_POOL_MEMBERS) {
    const target = member === 'PoolName' ? 'Name' : member;
    if (input[member] === undefined) delete next[target];
    else next[target] = copy(input[member]);
  }
  // DescribeUserPool keeps answering the deprecated AdminCreateUserConfig.UnusedAccountValidityDays
  // as a mirror of its replacement, Policies.PasswordPolicy.TemporaryPasswordValidityDays.
  const temporaryDays = (next.Policies as { PasswordPolicy?: { TemporaryPasswordValidityDays?: number } })
    ?.PasswordPolicy?.TemporaryPasswordValidityDays;
  const adminCreate = next.AdminCreateUserConfig as Record<string, unknown> | undefined;
  if (temporaryDays !== undefined && adminCreate !== undefined) {
    adminCreate.UnusedAccountValidityDays = temporaryDays;
  }
  next.LastModifiedDate = Date.now() / 1000;
  poolConfigs.set(id as string, next);
  return awsJsonOk({});
}

function addUser(
  pools: Users,
  poolId: string,
  username: string,
  attributes: Record<string, string>,
  opts: { enabled?: boolean; status?: string },
): CognitoUser {
  let pool = pools.get(poolId);
  if (pool === undefined) {
    pool = new Map();
    pools.set(poolId, pool);
  }
  const user = {
    username,
    attributes: { sub: randomUUID(), ...attributes },
    enabled: opts.enabled ?? true,
    status: opts.status ?? 'CONFIRMED',
    created: Math.floor(Date.now() / 1000),
  };
  pool.set(username, user);
  const { created: _created, ...publicUser } = user;
  return publicUser;
}

/**
 * Starts a Cognito `AdminGetUser` stand-in on a random loopback port.
 * @example
 * const cognito = await startCognitoStandIn();
 * cognito.addUser('eu-west-1_abc', 'ana', { email: 'ana@example.com' });
 * const client = new CognitoIdentityProviderClient({ endpoint: cognito.url, region: 'eu-west-1' });
 */
export async function startCognitoStandIn(): Promise<CognitoStandIn> {
  const pools: Users = new Map();
  const poolConfigs: PoolConfigs = new Map();
  const calls: AwsJsonCall[] = [];
  const operations = {
    AdminGetUser: (input: Record<string, unknown>) => adminGetUser(pools, input),
    DescribeUserPool: (input: Record<string, unknown>) => describeUserPool(poolConfigs, input),
    UpdateUserPool: (input: Record<string, unknown>) => updateUserPool(poolConfigs, input),
  };
  const server = await startHttpStandIn(
    awsJsonService(TARGET_PREFIX, operations, calls, {
      400: 'InvalidParameterException',
      403: 'NotAuthorizedException',
      429: 'TooManyRequestsException',
      500: 'InternalErrorException',
    }),
  );
  return exposeStandIn<CognitoStandIn>(server, server.origin, {
    calls,
    addUser: (poolId, username, attributes = {}, opts = {}) =>
      addUser(pools, poolId, username, attributes, opts),
    putUserPool: (pool) => {
      poolConfigs.set(pool.Id, copy(pool));
    },
    userPool: (poolId) => {
      const pool = poolConfigs.get(poolId);
      return pool === undefined ? undefined : copy(pool);
    },
  });
}
