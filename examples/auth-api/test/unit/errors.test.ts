import { describe, expect, it } from 'vitest';
import { createApp, fromCognito, loadConfig } from '../../src/index.js';

const config = loadConfig({
  USER_POOL_ID: 'local_Ab12Cd34',
  USER_POOL_CLIENT_ID: 'client',
  AWS_REGION: 'us-east-1',
  COGNITO_ENDPOINT: 'http://127.0.0.1:9',
});

describe('fromCognito', () => {
  it("keeps Cognito's exception name and message for what the caller can fix", () => {
    const error = fromCognito(
      Object.assign(new Error('User already exists'), { name: 'UsernameExistsException' }),
    );

    expect(error).toMatchObject({
      status: 409,
      error: 'UsernameExistsException',
      message: 'User already exists',
    });
  });

  it('answers 502 without internals for anything else', () => {
    const error = fromCognito(
      Object.assign(new Error('socket hang up at 10.0.0.1'), { name: 'InternalErrorException' }),
    );

    expect(error).toMatchObject({ status: 502, error: 'UserPoolError' });
    expect(error.message).not.toContain('10.0.0.1');
  });
});

describe('request checks (answered before any user pool call)', () => {
  const app = createApp({ config });
  const post = (path: string, body: string, type = 'application/json') =>
    app.request(path, { method: 'POST', headers: { 'content-type': type }, body });

  it('refuses a body that is not JSON, a missing field and a malformed address with 4xx JSON', async () => {
    const notJson = await post('/auth/register', 'email=a', 'application/x-www-form-urlencoded');
    const missing = await post('/auth/register', '{"email":"ada@example.com"}');
    const badEmail = await post('/auth/login', '{"email":"ada","password":"x"}');

    expect(notJson.status).toBe(415);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      error: 'ValidationError',
      message: '"password" is required (a non-empty string)',
    });
    expect(badEmail.status).toBe(400);
  });

  // Regression: the API had its own looser pattern and registered addresses the dispatcher then refused.
  it.each(['ada@example', 'ada,eve@example.com', 'ada(x)@example.com'])(
    'refuses %s, which the dispatcher could not deliver to, before any user pool call',
    async (address) => {
      const res = await post('/auth/register', JSON.stringify({ email: address, password: 'Passw0rd!' }));

      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: 'ValidationError',
        message: '"email" is not an email address',
      });
    },
  );

  it('refuses a verification link without its username or code', async () => {
    const res = await app.request('/verify?username=u-1');

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'ValidationError' });
  });

  it('answers 401 for /me without a bearer token and 404 JSON for an unknown route', async () => {
    const me = await app.request('/me');
    const unknown = await app.request('/nope');

    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ error: 'Unauthorized' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'NotFound', message: 'no route GET /nope' });
  });
});
