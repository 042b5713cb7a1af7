/**
 * AWS JSON 1.1 plumbing shared by the Cognito and Secrets Manager stand-ins: `POST /` with
 * `X-Amz-Target: <Service>.<Operation>`, a SigV4 `Authorization` header (presence only: the stand-ins do not
 * verify signatures), errors as `{ __type, message }` plus the `x-amzn-ErrorType` header, which is what the
 * AWS SDK v3 reads to pick the exception class.
 */
import { randomUUID } from 'node:crypto';
import type { HttpExchange, HttpReply, HttpStandInDefinition } from './core.js';
import { header, isRecord, parseJson } from './core.js';

/** Content type of the AWS JSON 1.1 protocol (Cognito, Secrets Manager, KMS). */
export const AWS_JSON_1_1 = 'application/x-amz-json-1.1';
/** Content type of the AWS JSON 1.0 protocol (DynamoDB). */
export const AWS_JSON_1_0 = 'application/x-amz-json-1.0';
const CONTENT_TYPE = AWS_JSON_1_1;

/** An AWS-shaped error answer. */
export function awsJsonError(status: number, type: string, message: string): HttpReply {
  return {
    status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-errortype': type, 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify({ __type: type, message }),
    reason: `${type}: ${message}`,
  };
}

/** A successful AWS JSON 1.1 answer. */
export function awsJsonOk(body: unknown): HttpReply {
  return {
    status: 200,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify(body),
  };
}

/** Operation handlers of one JSON 1.1 service, keyed by operation name (`AdminGetUser`). */
export type AwsJsonOperations = Record<string, (input: Record<string, unknown>) => HttpReply>;

/** What a JSON 1.1 stand-in records per call. */
export interface AwsJsonCall {
  /** The full `X-Amz-Target`, e.g. `secretsmanager.GetSecretValue`. */
  target: string;
  input: Record<string, unknown>;
}

/**
 * Builds a stand-in definition for a JSON 1.1 service.
 * @example
 * const def = awsJsonService('secretsmanager', { GetSecretValue: (input) => awsJsonOk({}) }, calls, {
 *   429: 'ThrottlingException',
 * });
 */
export function awsJsonService(
  targetPrefix: string,
  operations: AwsJsonOperations,
  calls: AwsJsonCall[],
  faultTypes: Record<number, string>,
): HttpStandInDefinition {
  return {
    route: (exchange: HttpExchange) => {
      if (exchange.method !== 'POST' || exchange.path !== '/') {
        return awsJsonError(
          404,
          'UnknownOperationException',
          `no route for ${exchange.method} ${exchange.path}`,
        );
      }
      const authorization = header(exchange.headers, 'authorization') ?? '';
      if (!authorization.startsWith('AWS4-HMAC-SHA256 ')) {
        return awsJsonError(
          400,
          'MissingAuthenticationTokenException',
          'Request is missing Authentication Token (expected a SigV4 Authorization header)',
        );
      }
      const target = header(exchange.headers, 'x-amz-target') ?? '';
      const [prefix, operation = ''] = target.split('.');
      const handler = prefix === targetPrefix ? operations[operation] : undefined;
      if (handler === undefined) {
        return awsJsonError(400, 'UnknownOperationException', `unsupported X-Amz-Target "${target}"`);
      }
      const input = parseJson(exchange.body);
      if (!isRecord(input)) {
        return awsJsonError(400, 'SerializationException', 'request body is not a JSON object');
      }
      calls.push({ target, input });
      return handler(input);
    },
    faultReply: (status, body) => {
      if (body !== undefined) {
        const type = isRecord(body) && typeof body.__type === 'string' ? body.__type : 'InternalFailure';
        const reply = awsJsonError(status, type, '');
        reply.body = JSON.stringify(body);
        return reply;
      }
      const type = faultTypes[status] ?? (status >= 500 ? 'InternalFailure' : 'ValidationException');
      return awsJsonError(status, type, `injected ${status}`);
    },
    malformedReply: () => ({
      status: 200,
      headers: { 'content-type': CONTENT_TYPE },
      body: '{"UserAttributes": [ <html>',
    }),
  };
}
