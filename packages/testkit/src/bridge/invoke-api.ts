/**
 * The wire protocol: Lambda's Invoke API (`POST /2015-03-31/functions/{FunctionName}/invocations`), as far as
 * a caller like cognito-local (aws-sdk v2 `Lambda.invoke`, RequestResponse) uses it. Function names may be a
 * name, a full or partial ARN, URL-encoded, with an optional `:qualifier` or `?Qualifier=`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRequestBody } from '../net.js';

/** Lambda's limit for a synchronous request payload. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

/** A parsed Invoke request. */
export interface InvokeRequest {
  functionName: string;
  invocationType: InvocationType;
  payload: Buffer;
}

/** An Invoke API error, answered as Lambda does: status, `x-amzn-ErrorType`, `{ Type, message }`. */
export class InvokeApiError extends Error {
  override readonly name = 'InvokeApiError';
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * The bare function name out of a name or ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]`,
 * `<account>:function:<name>`, `<name>[:qualifier]`).
 * @example functionNameOf('arn:aws:lambda:us-east-1:123456789012:function:mailroom:$LATEST') // 'mailroom'
 */
export function functionNameOf(value: string): string {
  const parts = value.split(':');
  const at = parts.indexOf('function');
  if (at >= 0) return parts[at + 1] ?? '';
  return parts[0] ?? '';
}

/**
 * Reads and checks one Invoke request; throws `InvokeApiError` for anything Lambda would refuse.
 * @example const { functionName, payload } = await readInvokeRequest(req);
 */
export async function readInvokeRequest(req: IncomingMessage): Promise<InvokeRequest> {
  const url = new URL(req.url ?? '/', 'http://bridge');
  const match = INVOKE_PATH.exec(url.pathname);
  if (req.method !== 'POST' || !match) {
    throw new InvokeApiError(
      404,
      'UnknownOperationException',
      `this bridge speaks Lambda's Invoke API only (POST /2015-03-31/functions/<name>/invocations), got ${req.method} ${url.pathname}`,
    );
  }
  const header = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
  if (header !== 'RequestResponse' && header !== 'Event' && header !== 'DryRun') {
    throw new InvokeApiError(
      400,
      'InvalidParameterValueException',
      `X-Amz-Invocation-Type must be RequestResponse, Event or DryRun, got "${header}"`,
    );
  }
  const payload = await readRequestBody(req, {
    bytes: MAX_PAYLOAD_BYTES,
    error: () =>
      new InvokeApiError(
        413,
        'RequestTooLargeException',
        `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`,
      ),
  });
  return {
    functionName: functionNameOf(decodeURIComponent(match[1] ?? '')),
    invocationType: header,
    payload,
  };
}

function writeJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': payload.length,
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(payload);
}

/** Answers an API error (the function did not run). */
export function sendInvokeApiError(res: ServerResponse, error: InvokeApiError): void {
  writeJson(res, error.status, { Type: 'User', message: error.message }, { 'x-amzn-errortype': error.type });
}

/** Answers a finished RequestResponse invocation: the handler's result, or its error as `Unhandled`. */
export function sendInvokeResult(
  res: ServerResponse,
  result: { value: unknown } | { error: { errorType: string; errorMessage: string } },
): void {
  if ('error' in result) {
    writeJson(
      res,
      200,
      { errorType: result.error.errorType, errorMessage: result.error.errorMessage, trace: [] },
      { 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' },
    );
    return;
  }
  writeJson(res, 200, result.value, { 'x-amz-executed-version': '$LATEST' });
}

/** Answers an accepted asynchronous (`Event`, 202) or `DryRun` (204) invocation. */
export function sendAccepted(res: ServerResponse, invocationType: 'Event' | 'DryRun'): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(invocationType === 'Event' ? 202 : 204, {
    'content-length': 0,
    'x-amzn-requestid': randomUUID(),
  });
  res.end();
}
