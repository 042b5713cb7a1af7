/**
 * API Gateway HTTP API events (payload format 2.0), built the way the service builds them for a Lambda
 * integration: what the example's Lambda entry (src/lambda.ts) receives in AWS.
 */
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';

export interface HttpApiRequest {
  method: 'GET' | 'POST';
  /** Path with an optional query string: `/verify?username=a&code=1`. */
  path: string;
  headers?: Record<string, string>;
  /** A JSON value is sent as `application/json`; a string as is. */
  body?: unknown;
  /** API Gateway base64-encodes bodies it does not treat as text. */
  base64?: boolean;
  /** The route key API Gateway matched (`GET /me`, or `$default`). */
  routeKey?: string;
}

/**
 * One API Gateway v2 event.
 * @example await handler(httpApiEvent({ method: 'GET', path: '/health' }), lambdaContext());
 */
export function httpApiEvent(request: HttpApiRequest): LambdaEvent {
  const [rawPath = '/', rawQueryString = ''] = request.path.split('?');
  const headers: Record<string, string> = {
    host: 'abc123.execute-api.eu-west-1.amazonaws.com',
    ...request.headers,
  };
  let body: string | undefined;
  if (request.body !== undefined) {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    if (typeof request.body !== 'string') headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const routeKey = request.routeKey ?? '$default';
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    headers,
    queryStringParameters: rawQueryString
      ? Object.fromEntries(new URLSearchParams(rawQueryString))
      : undefined,
    requestContext: {
      accountId: '111122223333',
      apiId: 'abc123',
      domainName: headers.host ?? '',
      domainPrefix: 'abc123',
      http: {
        method: request.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'curl/8.5.0',
      },
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '07/Dec/2026:13:00:00 +0000',
      timeEpoch: 1_796_648_400_000,
    },
    body: body !== undefined && request.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: request.base64 ?? false,
  } as LambdaEvent;
}

/**
 * The Lambda context the runtime passes (only what hono reads is meaningful).
 * @example lambdaContext().awsRequestId; // 'test-invocation'
 */
export function lambdaContext(): LambdaContext {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'MailroomExample-AuthApi',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:MailroomExample-AuthApi',
    memoryLimitInMB: '512',
    awsRequestId: 'test-invocation',
    logGroupName: '/aws/lambda/MailroomExample-AuthApi',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 10_000,
  } as LambdaContext;
}
