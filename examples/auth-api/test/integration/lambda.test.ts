/**
 * The Lambda entry against a real user pool API (cognito-local on a free port): API Gateway v2 events in,
 * the SDK's calls out, Cognito's answers back as the app's JSON. No trigger is configured here (the full
 * flow with emails is test/e2e); this proves the Lambda wiring, not the sender.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CognitoLocal, startCognitoLocal } from '../../local/cognito-local.js';
import { httpApiEvent, lambdaContext } from '../support/http-api-event.js';

type Handler = typeof import('../../src/lambda.js').handler;
let handler: Handler;
let pool: CognitoLocal;

beforeAll(async () => {
  pool = await startCognitoLocal({ config: {} });
  process.env.USER_POOL_ID = pool.userPoolId;
  process.env.USER_POOL_CLIENT_ID = pool.clientId;
  process.env.AWS_REGION = 'eu-west-1';
  process.env.COGNITO_ENDPOINT = pool.url;
  ({ handler } = await import('../../src/lambda.js'));
});

afterAll(async () => {
  await pool?.close();
});

const post = (path: string, body: unknown) =>
  handler(httpApiEvent({ method: 'POST', path, body, base64: true }), lambdaContext());
const json = (body: string | undefined) => JSON.parse(body ?? 'null') as Record<string, unknown>;

describe('the Lambda entry against a user pool', () => {
  it('registers through the pool and answers 201 with the new user', async () => {
    const result = await post('/auth/register', { email: 'lambda@example.com', password: 'Passw0rd!long' });

    expect(result.statusCode).toBe(201);
    expect(json(result.body)).toMatchObject({ userSub: expect.any(String), confirmed: false });
  });

  it('answers Cognito’s refusals with their exception names: a second sign-up, a wrong code', async () => {
    await post('/auth/register', { email: 'twice@example.com', password: 'Passw0rd!long' });

    const [again, wrongCode] = await Promise.all([
      post('/auth/register', { email: 'twice@example.com', password: 'Passw0rd!long' }),
      post('/auth/verify', { email: 'twice@example.com', code: 'not-the-code' }),
    ]);

    expect(again.statusCode).toBe(409);
    expect(json(again.body)).toMatchObject({ error: 'UsernameExistsException' });
    expect(wrongCode.statusCode).toBe(400);
    expect(json(wrongCode.body)).toMatchObject({ error: 'CodeMismatchException' });
  });
});
