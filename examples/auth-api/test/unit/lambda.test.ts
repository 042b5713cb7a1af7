import { beforeAll, describe, expect, it } from 'vitest';
import { httpApiEvent, lambdaContext } from '../support/http-api-event.js';

type Handler = typeof import('../../src/lambda.js').handler;
let handler: Handler;

beforeAll(async () => {
  // What the example stack puts in the function's environment; AWS_REGION is the Lambda runtime's own.
  process.env.USER_POOL_ID = 'eu-west-1_AbC123xyz';
  process.env.USER_POOL_CLIENT_ID = '1example23456789';
  process.env.AWS_REGION = 'eu-west-1';
  delete process.env.COGNITO_ENDPOINT;
  ({ handler } = await import('../../src/lambda.js'));
});

const json = (body: string | undefined) => JSON.parse(body ?? 'null') as Record<string, unknown>;

describe('the Lambda entry (API Gateway HTTP API, payload 2.0)', () => {
  it('answers a GET with the status, JSON headers and body of the app', async () => {
    const result = await handler(httpApiEvent({ method: 'GET', path: '/health' }), lambdaContext());

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    expect(json(result.body)).toEqual({ ok: true });
  });

  it('reads a base64-encoded JSON body and answers the app’s field-precise 400', async () => {
    const event = httpApiEvent({
      method: 'POST',
      path: '/auth/login',
      body: { email: 'ada@example.com' },
      base64: true,
    });

    const result = await handler(event, lambdaContext());

    expect(result.statusCode).toBe(400);
    expect(json(result.body)).toEqual({
      error: 'ValidationError',
      message: '"password" is required (a non-empty string)',
    });
  });

  it('passes the query string through to the route (the email button’s /verify link)', async () => {
    const result = await handler(
      httpApiEvent({ method: 'GET', path: '/verify?username=ada%40example.com' }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(400);
    expect(json(result.body)).toMatchObject({ message: 'the link needs username and code query parameters' });
  });

  it('refuses a body that is not JSON with 415', async () => {
    const result = await handler(
      httpApiEvent({
        method: 'POST',
        path: '/auth/register',
        body: 'email=ada@example.com',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      lambdaContext(),
    );

    expect(result.statusCode).toBe(415);
    expect(json(result.body)).toMatchObject({ error: 'UnsupportedMediaType' });
  });

  it('answers /me 401 without a token and with one that is not a JWT, without a stack trace', async () => {
    const [none, garbage] = await Promise.all([
      handler(httpApiEvent({ method: 'GET', path: '/me', routeKey: 'GET /me' }), lambdaContext()),
      handler(
        httpApiEvent({
          method: 'GET',
          path: '/me',
          routeKey: 'GET /me',
          headers: { authorization: 'Bearer not-a-jwt' },
        }),
        lambdaContext(),
      ),
    ]);

    expect([none.statusCode, garbage.statusCode]).toEqual([401, 401]);
    expect(json(none.body)).toMatchObject({ error: 'Unauthorized' });
    expect(json(garbage.body)).toEqual({
      error: 'Unauthorized',
      message: 'the access token is not valid for this user pool and app client',
    });
  });

  it('answers an unknown route 404 as JSON', async () => {
    const result = await handler(httpApiEvent({ method: 'GET', path: '/admin' }), lambdaContext());

    expect(result.statusCode).toBe(404);
    expect(json(result.body)).toEqual({ error: 'NotFound', message: 'no route GET /admin' });
  });
});
