/**
 * The deployable bundle, all 8 trigger sources, real ciphertexts (KMS stand-in) and the real @sendgrid/mail
 * against the SendGrid stand-in: one fresh process (cold start) handles all eight events (warm reuse).
 */

import { TRIGGERS, type TriggerInfo } from '@mailroom/shared-types';
import type { AcceptedMessage, KmsStandIn, MadeEvent, StandIn } from '@mailroom/testkit';
import { makeEvent, startKmsStandIn, startSendGridStandIn } from '@mailroom/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, FROM, leaks, REGION } from './helpers/env.js';
import { type BundleRun, invokeBundle, outcomes } from './helpers/invoke-bundle.js';

/** One locale per trigger, rotating through the catalogs, so locale routing is checked too. */
const LOCALES = ['en', 'de', 'pt', 'ar'] as const;

interface Case {
  trigger: TriggerInfo;
  made: MadeEvent;
  email: string;
  locale: string;
}

let kms: KmsStandIn;
let sendgrid: StandIn;
let run: BundleRun;
/** KMS calls made by the factory (GenerateDataKey) before the bundle ran. */
let factoryCalls = 0;
const cases: Case[] = [];

beforeAll(async () => {
  kms = await startKmsStandIn({ region: REGION });
  sendgrid = await startSendGridStandIn({ apiKey: API_KEY });
  for (const [index, trigger] of TRIGGERS.entries()) {
    const email = `user-${trigger.name.toLowerCase()}@example.com`;
    const locale = LOCALES[index % LOCALES.length] ?? 'en';
    const made = await makeEvent(trigger.name, {
      kms,
      email,
      userAttributes: { locale, given_name: `Ana ${trigger.name}` },
    });
    cases.push({ trigger, made, email, locale });
  }
  factoryCalls = kms.calls.length;
  run = await invokeBundle(
    {
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_KMS: kms.url,
      KMS_KEY_ARN: kms.keyArn,
      EMAIL_PROVIDER: 'sendgrid',
      SENDGRID_API_KEY: API_KEY,
      SENDGRID_API_URL: sendgrid.url,
      EMAIL_FROM: FROM,
      EMAIL_REPLY_TO: 'help@mailroom.test',
      APP_URL: 'https://app.mailroom.test',
    },
    cases.map((c) => c.made.event),
  );
});

afterAll(async () => {
  await Promise.all([kms?.close(), sendgrid?.close()]);
});

describe('the bundle with SendGrid, for every trigger', () => {
  it('initialises and handles every event without throwing', () => {
    expect(run.initError).toBeUndefined();
    expect(run.results).toEqual(cases.map(() => ({ threw: false })));
    expect(sendgrid.accepted).toHaveLength(cases.length);
  });

  it.each(TRIGGERS.map((t) => [t.name, t.templateId]))(
    '%s: sends one email with template %s',
    (name, templateId) => {
      // Arrange
      const c = cases.find((x) => x.trigger.name === name) as Case;
      const sent = sendgrid.accepted.filter((m) => m.to.includes(c.email));

      // Assert: one accepted send to the right address, from EMAIL_FROM
      expect(sent).toHaveLength(1);
      const message = sent[0] as AcceptedMessage;
      expect(message.to).toEqual([c.email]);
      expect(message.from).toBe(FROM);
      expect(message.replyTo).toBe('help@mailroom.test');
      expect(message.sandbox).toBe(false);
      expect(message.headers['X-Mailroom-Trigger']).toBe(name);
      expect(message.headers['X-Mailroom-Template']).toBe(templateId);
      expect(message.metadata).toMatchObject({ trigger: name, templateId, locale: c.locale });
      expect(message.tags).toEqual([name, templateId]);

      // Assert: the secret (or the account-take-over details) in both parts
      const expected = c.made.plaintext === null ? ['203.0.113.42'] : [c.made.plaintext];
      for (const value of expected) {
        const html = message.html ?? '';
        expect(html.includes(value) || html.includes(htmlEscape(value))).toBe(true);
        expect(message.text).toContain(value);
      }

      // Assert: the outcome line
      const line = outcomes(run).find((l) => l.trigger === name);
      expect(line).toMatchObject({
        event: 'email_sent',
        trigger: name,
        userPoolId: c.made.event.userPoolId,
        templateId,
        locale: c.locale,
        brand: 'default',
        provider: 'sendgrid',
        messageId: message.messageId,
        to: `u***@example.com`,
      });
      expect(typeof line?.durationMs).toBe('number');
      expect(line?.requestId).toMatch(/^req-\d$/);
    },
  );

  it('logs exactly one outcome line per invocation', () => {
    expect(outcomes(run).map((l) => l.event)).toEqual(cases.map(() => 'email_sent'));
  });

  it('never logs a code, a temporary password, the API key or a full address', () => {
    const secrets = [API_KEY, ...cases.map((c) => c.made.plaintext), ...cases.map((c) => c.email)];

    expect(leaks(run.output, secrets)).toEqual([]);
  });

  it('calls only kms:Decrypt, once per encrypted code', () => {
    const bundleCalls = kms.calls.slice(factoryCalls);

    expect(bundleCalls.map((c) => c.target)).toEqual(
      cases.filter((c) => c.made.plaintext !== null).map(() => 'Decrypt'),
    );
    expect(new Set(bundleCalls.map((c) => c.keyId))).toEqual(new Set([kms.keyArn]));
  });
});

/** Handlebars' escaping (what the templates apply once). */
function htmlEscape(value: string): string {
  const map: Record<string, string> = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#x27;',
    '`': '&#x60;',
    '=': '&#x3D;',
  };
  return value.replace(/[&<>"'`=]/g, (ch) => map[ch] ?? ch);
}
