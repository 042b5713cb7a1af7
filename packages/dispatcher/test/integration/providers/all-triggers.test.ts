/**
 * The deployable bundle with each of Mailgun, Brevo, SES and SMTP, all 8 trigger sources, real ciphertexts
 * (KMS stand-in) and the real SDKs against the testkit stand-ins; then a failover chain through the bundle,
 * where the handler's throw / no-throw decision is what Lambda's asynchronous retry sees.
 * One fresh process (cold start) per run handles all its events (warm reuse), like the SendGrid suite.
 */

import { TRIGGERS, type TriggerInfo } from '@mailroom/shared-types';
import type { KmsStandIn, MadeEvent } from '@mailroom/testkit';
import { makeEvent, startKmsStandIn } from '@mailroom/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaks } from '../helpers/env.js';
import { type BundleRun, invokeBundle, outcomes } from '../helpers/invoke-bundle.js';
import { type Rig, SECRETS, startRig } from './rig.js';

const REGION = 'eu-west-1';
const FROM = 'Mailroom Test <no-reply@mailroom.test>';

interface Case {
  trigger: TriggerInfo;
  made: MadeEvent;
  email: string;
}

let kms: KmsStandIn;
let rig: Rig;
const cases: Case[] = [];

beforeAll(async () => {
  [kms, rig] = await Promise.all([startKmsStandIn({ region: REGION }), startRig()]);
  for (const trigger of TRIGGERS) {
    const email = `user-${trigger.name.toLowerCase()}@example.com`;
    const made = await makeEvent(trigger.name, { kms, email, userAttributes: { given_name: 'Ana' } });
    cases.push({ trigger, made, email });
  }
});
afterAll(async () => {
  await Promise.all([kms?.close(), rig?.close()]);
});

/** Runs every event through a fresh bundle process with the rig's provider settings. */
function runBundle(providers: string, events = cases.map((c) => c.made.event)): Promise<BundleRun> {
  return invokeBundle(
    {
      ...rig.env,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_KMS: kms.url,
      KMS_KEY_ARN: kms.keyArn,
      EMAIL_PROVIDER: providers,
      EMAIL_FROM: FROM,
      EMAIL_REPLY_TO: 'help@mailroom.test',
      APP_URL: 'https://app.mailroom.test',
    },
    events,
  );
}

/** What the user must find in both parts: the code, or for account take-over the sign-in details. */
function expectedContent(c: Case): string {
  return c.made.plaintext ?? '203.0.113.42';
}

/** Handlebars' escaping (what the templates apply once). */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};
const htmlEscape = (value: string) => value.replace(/[&<>"'`=]/g, (ch) => ESCAPES[ch] ?? ch);

describe.each(['mailgun', 'brevo', 'ses', 'smtp'] as const)(
  'the bundle with %s, for every trigger',
  (provider) => {
    let run: BundleRun;
    beforeAll(async () => {
      rig.reset();
      run = await runBundle(provider);
    });

    it('initialises, handles all 8 events without throwing and logs one email_sent line each', () => {
      expect(run.initError).toBeUndefined();
      expect(run.results).toEqual(cases.map(() => ({ threw: false })));
      expect(outcomes(run).map((l) => [l.event, l.provider])).toEqual(
        cases.map(() => ['email_sent', provider]),
      );
    });

    it('delivers each email once, to the right address, with the code in HTML and text', () => {
      const accepted = rig.standIns[provider].accepted;
      expect(rig.accepted()).toHaveLength(cases.length);
      for (const c of cases) {
        const sent = accepted.filter((m) => m.to.includes(c.email));
        expect(sent, c.trigger.name).toHaveLength(1);
        const [message] = sent;
        const content = expectedContent(c);
        const html = message?.html ?? '';
        expect(message?.from).toContain('no-reply@mailroom.test');
        expect(message?.subject?.length).toBeGreaterThan(0);
        expect(html.includes(content) || html.includes(htmlEscape(content))).toBe(true);
        expect(message?.text).toContain(content);
        expect(message?.headers['X-Mailroom-Trigger']).toBe(c.trigger.name);
      }
    });

    it('never logs a code, a temporary password, a credential or a full address', () => {
      const secrets = [
        ...Object.values(SECRETS),
        ...cases.map((c) => c.made.plaintext),
        ...cases.map((c) => c.email),
      ];

      expect(leaks(run.output, secrets)).toEqual([]);
    });
  },
);

describe('the bundle with a failover chain', () => {
  it('delivers through the second provider while the first is down, without throwing', async () => {
    rig.reset();
    rig.standIns.mailgun.fail({ status: 503 });
    // Fresh events: Brevo would (rightly) swallow a repeat of an idempotency key it has already accepted.
    const made = await Promise.all(
      ['SignUp', 'ForgotPassword'].map((t) => makeEvent(t as 'SignUp', { kms })),
    );
    const events = made.map((m) => m.event);

    const run = await runBundle('mailgun,brevo', events);

    expect(run.results).toEqual([{ threw: false }, { threw: false }]);
    expect(rig.accepted().map((a) => a.provider)).toEqual(['brevo', 'brevo']);
    expect(run.logs.filter((l) => l.event === 'provider_fallback')).toEqual([
      expect.objectContaining({ provider: 'mailgun', next: 'brevo', kind: 'transient', status: 503 }),
      expect.objectContaining({ provider: 'mailgun', next: 'brevo', kind: 'transient', status: 503 }),
    ]);
    expect(outcomes(run).map((l) => l.provider)).toEqual(['brevo', 'brevo']);
    expect(leaks(run.output, [...Object.values(SECRETS), ...made.map((m) => m.plaintext)])).toEqual([]);
  });

  it('throws (so Lambda retries) when every provider fails transiently', async () => {
    rig.reset();
    rig.standIns.ses.fail({ status: 500 });
    rig.standIns.smtp.fail({ status: 421 });

    const { event, plaintext } = await makeEvent('SignUp', { kms });

    const run = await runBundle('ses,smtp', [event]);

    expect(run.results).toEqual([
      { threw: true, error: expect.objectContaining({ code: 'DELIVERY_FAILED' }) },
    ]);
    expect(rig.accepted()).toHaveLength(0);
    expect(outcomes(run)).toEqual([expect.objectContaining({ event: 'email_failed', retryable: true })]);
    expect(leaks(run.output, [...Object.values(SECRETS), plaintext])).toEqual([]);
  });

  it('does not throw when the recipient is rejected: a retry cannot help', async () => {
    rig.reset();
    rig.standIns.brevo.fail({
      status: 400,
      body: { code: 'invalid_parameter', message: 'email is not valid' },
    });
    const { event } = await makeEvent('SignUp', { kms });

    const run = await runBundle('brevo,ses', [event]);

    expect(run.results).toEqual([{ threw: false }]);
    expect(rig.requests('ses')).toBe(0);
    expect(outcomes(run)).toEqual([
      expect.objectContaining({ event: 'email_failed', code: 'DELIVERY_FAILED', retryable: false }),
    ]);
  });
});

describe('the bundle with provider-hosted templates', () => {
  it('sends the hosted template with the decrypted code where configured, and our HTML elsewhere', async () => {
    rig.reset();
    const forgot = await makeEvent('ForgotPassword', { kms, email: 'hosted@example.com' });
    const signUp = await makeEvent('SignUp', { kms, email: 'ours@example.com' });

    const run = await invokeBundle(
      {
        ...rig.env,
        AWS_REGION: REGION,
        AWS_ENDPOINT_URL_KMS: kms.url,
        KMS_KEY_ARN: kms.keyArn,
        EMAIL_PROVIDER: 'mailgun',
        EMAIL_FROM: FROM,
        PROVIDER_TEMPLATES: JSON.stringify({ mailgun: { ForgotPassword: 'forgot-password-v3' } }),
      },
      [forgot.event, signUp.event],
    );

    expect(run.results).toEqual([{ threw: false }, { threw: false }]);
    const [hosted, ours] = rig.standIns.mailgun.accepted;
    expect(hosted?.to).toEqual(['hosted@example.com']);
    expect(hosted?.template).toEqual({
      id: 'forgot-password-v3',
      data: expect.objectContaining({
        code: forgot.plaintext,
        codeKind: 'code',
        email: 'hosted@example.com',
        trigger: 'ForgotPassword',
      }),
    });
    expect(ours?.template).toBeUndefined();
    expect(ours?.text).toContain(signUp.plaintext);
    expect(leaks(run.output, [forgot.plaintext, signUp.plaintext, SECRETS.mailgun])).toEqual([]);
  });
});
