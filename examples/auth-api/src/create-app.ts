/**
 * The example API: sign-up, verification, sign-in and password reset against a Cognito user pool, and one
 * route protected by the access token. Every answer is JSON; errors are `{ error, message }` with Cognito's
 * exception name where Cognito refused, never a stack trace.
 */
import { isEmailAddress } from '@mailroom/shared-types';
import { Hono } from 'hono';
import { createUserPool, type UserPool } from './cognito.js';
import type { AuthApiConfig } from './config.js';
import { ApiError } from './errors.js';
import { type AccessTokenVerifier, createAccessTokenVerifier } from './verifier.js';

export interface CreateAppOptions {
  config: AuthApiConfig;
  /** Defaults to the SDK client for `config` (tests pass nothing: they run a real local pool). */
  pool?: UserPool;
  verifyAccessToken?: AccessTokenVerifier;
}

/** Request bodies are small JSON objects: anything bigger is not a sign-up form. */
const MAX_BODY_BYTES = 16 * 1024;

type Body = Record<string, unknown>;

async function readBody(req: Request): Promise<Body> {
  if (!(req.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    throw new ApiError(415, 'UnsupportedMediaType', 'send a JSON body with Content-Type: application/json');
  }
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) throw new ApiError(413, 'PayloadTooLarge', 'the body is over 16 KB');
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Body;
  } catch {
    // answered below
  }
  throw new ApiError(400, 'ValidationError', 'the body is not a JSON object');
}

/** A required string field (trimmed unless it is a password). */
function required(body: Body, name: string, { trim = true } = {}): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ApiError(400, 'ValidationError', `"${name}" is required (a non-empty string)`);
  }
  return trim ? value.trim() : value;
}

/** The tree's one address check, so the API never registers an address the dispatcher would refuse to send to. */
function email(body: Body): string {
  const value = required(body, 'email').toLowerCase();
  if (!isEmailAddress(value)) {
    throw new ApiError(400, 'ValidationError', '"email" is not an email address');
  }
  return value;
}

function bearer(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) {
    throw new ApiError(
      401,
      'Unauthorized',
      'send the access token from /auth/login as Authorization: Bearer <token>',
    );
  }
  return match[1];
}

/** Sign-up: register, confirm by code (JSON or the email's button), resend the code. */
function addSignUpRoutes(app: Hono, pool: UserPool): void {
  app.post('/auth/register', async (c) => {
    const body = await readBody(c.req.raw);
    const result = await pool.signUp(email(body), required(body, 'password', { trim: false }));
    return c.json(
      {
        userSub: result.userSub,
        confirmed: result.confirmed,
        codeDelivery: result.delivery,
        next: 'POST /auth/verify with { email, code } from the email',
      },
      201,
    );
  });

  app.post('/auth/verify', async (c) => {
    const body = await readBody(c.req.raw);
    await pool.confirmSignUp(email(body), required(body, 'code'));
    return c.json({ confirmed: true, next: 'POST /auth/login with { email, password }' });
  });

  // The sign-up email's button: `${APP_URL}/verify?username=<user name>&code=<code>` (the template's link).
  app.get('/verify', async (c) => {
    const username = c.req.query('username')?.trim();
    const code = c.req.query('code')?.trim();
    if (!username || !code) {
      throw new ApiError(400, 'ValidationError', 'the link needs username and code query parameters');
    }
    await pool.confirmSignUp(username, code);
    return c.json({ confirmed: true, next: 'POST /auth/login with { email, password }' });
  });

  app.post('/auth/resend', async (c) => {
    const body = await readBody(c.req.raw);
    return c.json({ codeDelivery: await pool.resendCode(email(body)) });
  });
}

/** Sign-in: password login (or the invitation's challenge), first new password, forgotten password. */
function addSignInRoutes(app: Hono, pool: UserPool): void {
  app.post('/auth/login', async (c) => {
    const body = await readBody(c.req.raw);
    const address = email(body);
    const out = await pool.signIn(address, required(body, 'password', { trim: false }));
    if (out.ChallengeName) {
      // NEW_PASSWORD_REQUIRED after AdminCreateUser: answer it with /auth/new-password.
      return c.json({ challenge: out.ChallengeName, session: out.Session ?? null });
    }
    const tokens = out.AuthenticationResult;
    if (!tokens?.AccessToken) throw new ApiError(502, 'UserPoolError', 'the user pool returned no tokens');
    return c.json({
      accessToken: tokens.AccessToken,
      idToken: tokens.IdToken ?? null,
      refreshToken: tokens.RefreshToken ?? null,
      expiresIn: tokens.ExpiresIn ?? null,
      tokenType: tokens.TokenType ?? 'Bearer',
    });
  });

  app.post('/auth/new-password', async (c) => {
    const body = await readBody(c.req.raw);
    const out = await pool.completeNewPassword(
      email(body),
      required(body, 'session'),
      required(body, 'newPassword', { trim: false }),
    );
    const tokens = out.AuthenticationResult;
    if (!tokens?.AccessToken) throw new ApiError(502, 'UserPoolError', 'the user pool returned no tokens');
    return c.json({ accessToken: tokens.AccessToken, idToken: tokens.IdToken ?? null });
  });

  app.post('/auth/forgot', async (c) => {
    const body = await readBody(c.req.raw);
    return c.json({
      codeDelivery: await pool.forgotPassword(email(body)),
      next: 'POST /auth/reset with { email, code, password }',
    });
  });

  app.post('/auth/reset', async (c) => {
    const body = await readBody(c.req.raw);
    await pool.confirmForgotPassword(
      email(body),
      required(body, 'code'),
      required(body, 'password', { trim: false }),
    );
    return c.json({ reset: true, next: 'POST /auth/login with the new password' });
  });
}

/** The protected route: the caller's claims from a valid access token of this pool and app client. */
function addMeRoute(app: Hono, verifyAccessToken: AccessTokenVerifier): void {
  app.get('/me', async (c) => {
    const token = bearer(c.req.header('authorization'));
    let claims: Awaited<ReturnType<AccessTokenVerifier>>;
    try {
      claims = await verifyAccessToken(token);
    } catch {
      // Why the token failed (expired, signature, issuer) is for our logs, not for whoever holds it.
      throw new ApiError(
        401,
        'Unauthorized',
        'the access token is not valid for this user pool and app client',
      );
    }
    return c.json({
      sub: claims.sub ?? null,
      username: claims.username ?? null,
      clientId: claims.client_id ?? null,
      scope: claims.scope ?? null,
      tokenUse: claims.token_use ?? null,
      issuedAt: claims.iat ?? null,
      expiresAt: claims.exp ?? null,
    });
  });
}

/**
 * Builds the Hono app for a configuration: the same app runs under `@hono/node-server` (src/server.ts) and as a
 * Lambda behind an API Gateway HTTP API (src/lambda.ts).
 * @example
 * const app = createApp({ config: loadConfig() });
 * serve({ fetch: app.fetch, port: 8787 });
 */
export function createApp(options: CreateAppOptions): Hono {
  const pool = options.pool ?? createUserPool(options.config);
  const verifyAccessToken = options.verifyAccessToken ?? createAccessTokenVerifier(options.config);
  const app = new Hono();
  addSignUpRoutes(app, pool);
  addSignInRoutes(app, pool);
  addMeRoute(app, verifyAccessToken);
  app.get('/health', (c) => c.json({ ok: true }));

  app.notFound((c) => c.json({ error: 'NotFound', message: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    if (error instanceof ApiError)
      return c.json({ error: error.error, message: error.message }, error.status);
    console.error(JSON.stringify({ event: 'unhandled_error', name: (error as Error).name }));
    return c.json({ error: 'InternalError', message: 'something went wrong on our side' }, 500);
  });
  return app;
}
