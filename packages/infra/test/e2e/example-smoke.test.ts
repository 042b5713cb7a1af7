/**
 * The example stack's function as Lambda runs it: its asset (examples/auth-api's bundle) copied out of the
 * repository and started under the pinned Node 22 with the bootstrap's flags, the template's environment and
 * NODE_PATH as the runtime sets it, then invoked with API Gateway v2 events. Routes that need no user pool
 * round trip prove the bundle, the handler string and the environment; the flow against a pool is
 * examples/auth-api's own tests (no AWS account is reachable here).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FUNCTION_RUNTIME } from '../../src/runtime.js';
import {
  lambdaSandbox,
  resolveVariables,
  runAsLambda,
  synthesizedFunction,
} from '../support/lambda-runtime.js';
import { buildWithExample, EXISTING_POOL_ID, logicalId } from '../support/stacks.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const CLIENT_ID = 'example2client3id4';

/** An API Gateway HTTP API event (payload 2.0) as the service sends it to a Lambda integration. */
function httpApiEvent(
  method: string,
  path: string,
  init: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const body =
    init.body === undefined ? undefined : Buffer.from(JSON.stringify(init.body)).toString('base64');
  return {
    version: '2.0',
    routeKey: path === '/me' ? 'GET /me' : '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    requestContext: {
      accountId: '111122223333',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'curl/8.5.0' },
      requestId: 'smoke',
      routeKey: '$default',
      stage: '$default',
      time: '07/Dec/2026:13:00:00 +0000',
      timeEpoch: 1_796_648_400_000,
    },
    body,
    isBase64Encoded: body !== undefined,
  };
}

describe('the example function, run as the nodejs22.x runtime runs it', () => {
  // Existing-pool mode: the pool id is a literal in the template, the client id a Ref to resolve.
  const built = buildWithExample({ existingUserPoolId: EXISTING_POOL_ID, emailProvider: 'ses' });
  const fn = synthesizedFunction(
    built.app,
    built.example,
    built.exampleTemplate,
    logicalId(built.example, built.example.function),
  );
  const environment = resolveVariables(fn.variables, built.exampleTemplate, {
    'AWS::Cognito::UserPoolClient': CLIENT_ID,
  });

  it('deploys only the bundle, for Node 22, with no NODE_OPTIONS', () => {
    expect(fn.runtime).toBe(FUNCTION_RUNTIME);
    expect(fn.handler).toBe('index.handler');
    expect(readdirSync(fn.assetDir)).toEqual(['index.mjs']);
    expect(fn.assetDir.startsWith(REPO)).toBe(false);
    expect(environment).toEqual({ USER_POOL_ID: EXISTING_POOL_ID, USER_POOL_CLIENT_ID: CLIENT_ID });
  });

  it('answers API Gateway v2 events from the copied bundle alone', async () => {
    const root = lambdaSandbox(fn.assetDir);

    const run = await runAsLambda(root, fn, {
      functionName: 'MailroomExample-AuthApi',
      environment,
      events: [
        httpApiEvent('GET', '/health'),
        httpApiEvent('POST', '/auth/login', { body: { email: 'ada@example.com' } }),
        httpApiEvent('GET', '/me', { headers: { authorization: 'Bearer not-a-jwt' } }),
      ],
    });

    expect(run.stderr).not.toMatch(/NODE_OPTIONS|Error/);
    expect(run.exitCode).toBe(0);
    expect(run.report?.initError).toBeUndefined();
    const answers = (run.report?.results ?? []).map((r) => r.result as { statusCode: number; body: string });
    expect(answers.map((a) => a.statusCode)).toEqual([200, 400, 401]);
    expect(JSON.parse(answers[0]?.body ?? '')).toEqual({ ok: true });
    expect(JSON.parse(answers[1]?.body ?? '')).toMatchObject({ error: 'ValidationError' });
    expect(JSON.parse(answers[2]?.body ?? '')).toMatchObject({ error: 'Unauthorized' });
  });

  it('fails its init phase naming every missing variable when the environment is empty', async () => {
    const root = lambdaSandbox(fn.assetDir);

    const run = await runAsLambda(root, fn, {
      functionName: 'MailroomExample-AuthApi',
      environment: {},
      events: [],
    });

    expect(run.report?.initError?.errorMessage).toContain('USER_POOL_ID is not set');
    expect(run.report?.initError?.errorMessage).toContain('USER_POOL_CLIENT_ID is not set');
  });
});
