/**
 * Secrets Manager stand-in, just `secretsmanager.GetSecretValue` (AWS JSON 1.1), for the dispatcher's
 * "one GetSecretValue per cold start" rule: `calls` lets a test count the reads. Point the SDK at it with
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER=<url>` (or `endpoint: url`) and dummy credentials.
 *
 * Lookup: by full ARN or by name (Secrets Manager accepts both). Unknown → `ResourceNotFoundException` 400
 * `Secrets Manager can't find the specified secret.`.
 *
 * How `@aws-sdk/client-secrets-manager` 3.1162.0 surfaces each outcome (checked by
 * test/integration/standins/secrets-manager.test.ts):
 * - error status: a modelled exception (`ResourceNotFoundException`, `InternalServiceError`, …; unknown
 *   types become `SecretsManagerServiceException`) with `name` = the type, `$fault`,
 *   `$metadata.httpStatusCode`, `$metadata.attempts`, and `$response.headers` (Retry-After readable). The
 *   SDK retries throttling and 5xx (3 attempts by default); `maxAttempts: 1` turns that off.
 * - timeout (`requestHandler: { requestTimeout, throwOnRequestTimeout: true }`): a plain Error,
 *   `name: 'TimeoutError'`, `code: 'ETIMEDOUT'`, no `$metadata.httpStatusCode`.
 * - connection reset: `socket hang up`, `code: 'ECONNRESET'`, but `name: 'TimeoutError'` (smithy renames
 *   it), no `$metadata.httpStatusCode`: use `code` to tell a reset from a timeout.
 * - malformed 200 body: `SyntaxError` from deserialisation, `$response.statusCode: 200`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AwsJsonCall } from './aws-json.js';
import { awsJsonError, awsJsonOk, awsJsonService } from './aws-json.js';
import type { BaseStandIn } from './core.js';
import { exposeStandIn, startHttpStandIn } from './core.js';

/** Options for {@link startSecretsManagerStandIn}. */
export interface SecretsManagerStandInOptions {
  region?: string;
  accountId?: string;
}

/** The Secrets Manager stand-in. */
export interface SecretsManagerStandIn extends BaseStandIn {
  /** Every recognised call, in order (`target` is `secretsmanager.GetSecretValue`). */
  calls: AwsJsonCall[];
  /**
   * Stores (or replaces) a secret string. `arnOrName` may be a full ARN or a bare name (an ARN with the
   * usual 6-character suffix is made up for it). Returns the ARN.
   * @example const arn = secrets.putSecret('mailroom/providers', JSON.stringify({ SENDGRID_API_KEY: 'SG.x' }))
   */
  putSecret(arnOrName: string, secretString: string): string;
}

interface StoredSecret {
  arn: string;
  name: string;
  value: string;
  versionId: string;
  created: number;
}

const ARN_PATTERN = /^arn:aws[\w-]*:secretsmanager:[\w-]+:\d{12}:secret:(.+)$/;

/**
 * Starts a Secrets Manager `GetSecretValue` stand-in on a random loopback port.
 * @example
 * const secrets = await startSecretsManagerStandIn();
 * const arn = secrets.putSecret('mailroom/providers', '{"SENDGRID_API_KEY":"SG.test-key"}');
 * process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secrets.url;
 */
export async function startSecretsManagerStandIn(
  opts: SecretsManagerStandInOptions = {},
): Promise<SecretsManagerStandIn> {
  const region = opts.region ?? 'us-east-1';
  const accountId = opts.accountId ?? '111122223333';
  const secrets: StoredSecret[] = [];
  const calls: AwsJsonCall[] = [];

  const server = await startHttpStandIn(
    awsJsonService(
      'secretsmanager',
      {
        GetSecretValue: (input) => {
          const id = input.SecretId;
          if (typeof id !== 'string' || id === '') {
            return awsJsonError(400, 'InvalidParameterException', 'SecretId is required (an ARN or a name).');
          }
          const secret = secrets.find((s) => s.arn === id || s.name === id);
          if (secret === undefined) {
            return awsJsonError(
              400,
              'ResourceNotFoundException',
              "Secrets Manager can't find the specified secret.",
            );
          }
          return awsJsonOk({
            ARN: secret.arn,
            Name: secret.name,
            VersionId: secret.versionId,
            SecretString: secret.value,
            VersionStages: ['AWSCURRENT'],
            CreatedDate: secret.created,
          });
        },
      },
      calls,
      { 400: 'InvalidRequestException', 429: 'ThrottlingException', 500: 'InternalServiceError' },
    ),
  );

  return exposeStandIn<SecretsManagerStandIn>(server, server.origin, {
    calls,
    putSecret: (arnOrName, secretString) => {
      const match = ARN_PATTERN.exec(arnOrName);
      // Real ARNs end in `-` plus 6 random characters that are not part of the name.
      const name = match ? (match[1] as string).replace(/-[A-Za-z0-9]{6}$/, '') : arnOrName;
      const arn = match
        ? arnOrName
        : `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${randomBytes(3).toString('hex')}`;
      const existing = secrets.findIndex((s) => s.arn === arn);
      const secret = { arn, name, value: secretString, versionId: randomUUID(), created: Date.now() / 1000 };
      if (existing >= 0) secrets[existing] = secret;
      else secrets.push(secret);
      return arn;
    },
  });
}
