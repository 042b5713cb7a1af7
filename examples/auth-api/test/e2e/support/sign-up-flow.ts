/**
 * The sign-up flow, end to end, with real clients only: fetch against the example API, which calls cognito-local
 * through the AWS SDK; cognito-local invokes the bridge, which runs the real dispatcher bundle; the test reads
 * the delivered message (outbox `.eml` or SMTP) with testkit's MIME parser. No step is mocked.
 * One suite per provider (flow-outbox / flow-smtp), each with its own cognito-local.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { type SmtpStandIn, startSmtpStandIn } from '@mailroom/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../local/cognito-local.js';
import { type Flow, startFlow } from '../../../local/flow.js';
import { type RunningApi, startApi } from './api.js';
import {
  codeFrom,
  linkFrom,
  type Mailbox,
  outboxMailbox,
  smtpMailbox,
  temporaryPasswordFrom,
} from './mailbox.js';

/** One line per step for the run's output; codes and passwords masked. */
function step(provider: string, text: string): void {
  process.stdout.write(`  [${provider}] ${text}\n`);
}

const mask = (secret: string) => '*'.repeat(secret.length);

export function describeSignUpFlow(provider: 'outbox' | 'smtp'): void {
  describe(`sign-up flow through cognito-local, the bridge and the ${provider} provider`, () => {
    let dir: string;
    let smtp: SmtpStandIn | undefined;
    let flow: Flow;
    let api: RunningApi;
    let mailbox: Mailbox;
    const ada = `ada.${provider}@example.com`;
    const password = 'Correct-Horse-7';
    let adaSub = '';

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), `mailroom-e2e-${provider}-`));
      // The API's port is chosen first: the emails' links (APP_URL) point at it.
      const apiPort = await freePort();
      const common = {
        EMAIL_FROM: 'Mailroom Example <hello@mailroom.example>',
        APP_URL: `http://127.0.0.1:${apiPort}`,
      };
      if (provider === 'smtp') {
        smtp = await startSmtpStandIn({ tls: false });
        mailbox = smtpMailbox(smtp);
      } else {
        mailbox = outboxMailbox(dir);
      }
      flow = await startFlow({
        functionEnv:
          provider === 'smtp'
            ? { ...common, EMAIL_PROVIDER: 'smtp', SMTP_URL: (smtp as SmtpStandIn).url }
            : { ...common, EMAIL_PROVIDER: 'outbox', OUTBOX_DIR: dir },
      });
      api = await startApi(flow.appEnv, apiPort);
      step(provider, `pool ${flow.cognitoLocal.userPoolId} at ${flow.cognitoLocal.url}, API at ${api.url}`);
    });

    afterAll(async () => {
      await api?.close();
      await flow?.close();
      await smtp?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('registers, emails the code (in the mailbox when the call returns), verifies and refuses a second sign-up', async () => {
      const registered = await api.post('/auth/register', { email: ada, password });
      adaSub = String(registered.body.userSub);
      const email = await mailbox.next(ada);
      const code = codeFrom(email);
      step(
        provider,
        `POST /auth/register → ${registered.status}; "${email.headers.Subject}" → code ${mask(code)}`,
      );
      const wrong = await api.post('/auth/verify', {
        email: ada,
        code: code === '000000' ? '111111' : '000000',
      });
      const verified = await api.post('/auth/verify', { email: ada, code });
      const again = await api.post('/auth/register', { email: ada, password });
      step(
        provider,
        `POST /auth/verify wrong → ${wrong.status} ${wrong.body.error}; right → ${verified.status}`,
      );

      expect(registered).toMatchObject({
        status: 201,
        body: { confirmed: false, codeDelivery: { medium: 'EMAIL' } },
      });
      expect(email.headers.Subject).toBe('Confirm your Mailroom account');
      expect(wrong).toMatchObject({ status: 400, body: { error: 'CodeMismatchException' } });
      expect(verified).toMatchObject({ status: 200, body: { confirmed: true } });
      expect(again).toMatchObject({ status: 409, body: { error: 'UsernameExistsException' } });
      expect(JSON.stringify(again.body)).not.toMatch(/at \w+ \(|node_modules/);
    });

    it('signs in and calls /me with the access token: 200 with it, 401 without it and with a tampered one', async () => {
      const login = await api.post('/auth/login', { email: ada, password });
      const accessToken = String(login.body.accessToken);
      const me = await api.get('/me', { authorization: `Bearer ${accessToken}` });
      const anonymous = await api.get('/me');
      const [header, payload, signature] = accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString('utf8'));
      const forged = Buffer.from(JSON.stringify({ ...claims, username: 'someone-else' })).toString(
        'base64url',
      );
      const tampered = await api.get('/me', { authorization: `Bearer ${header}.${forged}.${signature}` });
      const idToken = await api.get('/me', { authorization: `Bearer ${login.body.idToken}` });
      step(
        provider,
        `POST /auth/login → ${login.status}; GET /me → ${me.status}, no token → ${anonymous.status}, ` +
          `tampered → ${tampered.status}, id token → ${idToken.status}`,
      );

      expect(login.status).toBe(200);
      expect(me).toMatchObject({
        status: 200,
        body: { tokenUse: 'access', clientId: flow.cognitoLocal.clientId, sub: adaSub },
      });
      expect(anonymous).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
      expect(tampered).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
      expect(idToken.status).toBe(401);
    });

    it('resends the confirmation code: a new ResendCode email whose button link confirms the address', async () => {
      const grace = `grace.${provider}@example.com`;
      await api.post('/auth/register', { email: grace, password });
      const first = codeFrom(await mailbox.next(grace));

      const resent = await api.post('/auth/resend', { email: grace });
      const email = await mailbox.next(grace);
      const code = codeFrom(email);
      const link = linkFrom(email, `${api.url}/verify?`);
      const verified = await api.get(link.slice(api.url.length));
      step(
        provider,
        `POST /auth/resend → ${resent.status}; "${email.headers.Subject}" → code ${mask(code)}; ` +
          `GET the email's /verify link → ${verified.status}`,
      );

      expect(resent).toMatchObject({ status: 200, body: { codeDelivery: { medium: 'EMAIL' } } });
      expect(email.headers.Subject).toBe('Your new Mailroom confirmation code');
      expect(new URL(link).searchParams.get('code')).toBe(code);
      expect(verified).toMatchObject({ status: 200, body: { confirmed: true } });
      expect(first).toMatch(/^\d{6}$/);
      const twice = await api.post('/auth/resend', { email: grace });
      expect(twice).toMatchObject({ status: 400, body: { error: 'InvalidParameterException' } });
    });

    it('resets a forgotten password with the emailed code, then signs in with the new one only', async () => {
      const newPassword = 'Battery-Staple-9';

      const forgot = await api.post('/auth/forgot', { email: ada });
      const email = await mailbox.next(ada);
      const code = codeFrom(email);
      const reset = await api.post('/auth/reset', { email: ada, code, password: newPassword });
      const login = await api.post('/auth/login', { email: ada, password: newPassword });
      const oldLogin = await api.post('/auth/login', { email: ada, password });
      step(
        provider,
        `POST /auth/forgot → ${forgot.status}; "${email.headers.Subject}" → code ${mask(code)}; reset → ${reset.status}; ` +
          `login new → ${login.status}, old → ${oldLogin.status} ${oldLogin.body.error}`,
      );

      expect(forgot.status).toBe(200);
      expect(email.headers.Subject).toMatch(/reset/i);
      expect(reset).toMatchObject({ status: 200, body: { reset: true } });
      expect(login.status).toBe(200);
      expect(login.body.accessToken).toEqual(expect.any(String));
      // cognito-local answers InvalidPasswordException (400) where Cognito answers NotAuthorizedException (401).
      expect([400, 401]).toContain(oldLogin.status);
      expect(oldLogin.body).not.toHaveProperty('accessToken');
    });

    it('invites a user with AdminCreateUser: the email shows the temporary password exactly as set, first login asks for a new one', async () => {
      const lin = `lin.${provider}@example.com`;
      const temporaryPassword = `Tmp<1>&"'pass`;

      await flow.cognitoLocal.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: flow.cognitoLocal.userPoolId,
          Username: lin,
          TemporaryPassword: temporaryPassword,
          DesiredDeliveryMediums: ['EMAIL'],
          UserAttributes: [{ Name: 'email', Value: lin }],
        }),
      );
      const email = await mailbox.next(lin);
      const shown = temporaryPasswordFrom(email);
      const first = await api.post('/auth/login', { email: lin, password: shown });
      const chosen = await api.post('/auth/new-password', {
        email: lin,
        session: first.body.session,
        newPassword: 'Own-Password-3',
      });
      const me = await api.get('/me', { authorization: `Bearer ${chosen.body.accessToken}` });
      step(
        provider,
        `AdminCreateUser; "${email.headers.Subject}" → password ${mask(shown)} (as set: ${shown === temporaryPassword}); ` +
          `login → ${first.body.challenge}; new password → ${chosen.status}; GET /me → ${me.status}`,
      );

      expect(shown).toBe(temporaryPassword);
      expect(email.html).toContain('Tmp&lt;1&gt;&amp;');
      expect(email.html).not.toContain('&amp;lt;');
      expect(first).toMatchObject({ status: 200, body: { challenge: 'NEW_PASSWORD_REQUIRED' } });
      expect(chosen.status).toBe(200);
      expect(me.status).toBe(200);
    });

    it('ran every email through the bridge as Cognito would have sent it', () => {
      const triggers = flow.bridge.invocations.map((i) => i.trigger);

      expect(triggers).toEqual([
        'CustomEmailSender_SignUp',
        'CustomEmailSender_SignUp',
        'CustomEmailSender_ResendCode',
        'CustomEmailSender_ForgotPassword',
        'CustomEmailSender_AdminCreateUser',
      ]);
      for (const invocation of flow.bridge.invocations) {
        expect(invocation.error).toBeNull();
        expect(invocation.outcome).toMatchObject({ event: 'email_sent', provider });
        expect(invocation.cognitoLocalMessage).toMatchObject({ suiteId: 0x0578, encryptedDataKeys: 2 });
        expect(invocation.changes.map((c) => c.field)).toEqual(
          expect.arrayContaining(['version', 'region', 'request.code']),
        );
      }
    });
  });
}
