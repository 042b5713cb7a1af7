/**
 * Cognito user pools stand-in, just `AWSCognitoIdentityProviderService.AdminGetUser` (AWS JSON 1.1), for the
 * dispatcher's "no email attribute → look the user up" path. Point the SDK at it with
 * `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=<url>` (or `endpoint: url`) and dummy credentials.
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
import type { BaseStandIn } from './core.js';
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
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService';

/**
 * Starts a Cognito `AdminGetUser` stand-in on a random loopback port.
 * @example
 * const cognito = await startCognitoStandIn();
 * cognito.addUser('eu-west-1_abc', 'ana', { email: 'ana@example.com' });
 * const client = new CognitoIdentityProviderClient({ endpoint: cognito.url, region: 'eu-west-1' });
 */
export async function startCognitoStandIn(): Promise<CognitoStandIn> {
  const pools = new Map<string, Map<string, CognitoUser & { created: number }>>();
  const calls: AwsJsonCall[] = [];

  const server = await startHttpStandIn(
    awsJsonService(
      TARGET_PREFIX,
      {
        AdminGetUser: (input) => {
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
        },
      },
      calls,
      {
        400: 'InvalidParameterException',
        403: 'NotAuthorizedException',
        429: 'TooManyRequestsException',
        500: 'InternalErrorException',
      },
    ),
  );

  return exposeStandIn<CognitoStandIn>(server, server.origin, {
    calls,
    addUser: (poolId, username, attributes = {}, opts = {}) => {
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
    },
  });
}
