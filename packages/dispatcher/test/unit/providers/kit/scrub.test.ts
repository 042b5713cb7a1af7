/**
 * One scrub for every adapter's failure reason (src/providers/kit/scrub.ts): a reason is logged even with
 * LOG_PII=false, so no recipient address may reach it, whichever SDK produced the error.
 */
import { describe, expect, it } from 'vitest';
import * as brevo from '../../../../src/providers/brevo.js';
import { scrubReason } from '../../../../src/providers/kit/scrub.js';
import * as mailgun from '../../../../src/providers/mailgun.js';
import * as sendgrid from '../../../../src/providers/sendgrid.js';
import * as ses from '../../../../src/providers/ses.js';
import * as smtp from '../../../../src/providers/smtp.js';
import type { FailureClass } from '../../../../src/providers/types.js';

const ADDRESS = 'ana.souza+signup@example.com';

/** Each adapter's classifier, fed an error shaped like its SDK's, with the recipient in the provider's text. */
const CASES: [string, () => FailureClass][] = [
  [
    'sendgrid (API errors of a 400)',
    () =>
      sendgrid.classify(
        Object.assign(new Error('Bad Request'), {
          code: 400,
          response: {
            headers: {},
            body: { errors: [{ field: 'personalizations.0.to', message: `Invalid email: ${ADDRESS}` }] },
          },
        }),
      ),
  ],
  [
    'sendgrid (a failure without an HTTP answer)',
    () => sendgrid.classify(Object.assign(new Error(`cannot deliver to ${ADDRESS}`), { name: ADDRESS })),
  ],
  [
    'mailgun',
    () =>
      mailgun.classify(
        Object.assign(new Error('Bad Request'), {
          type: 'MailgunAPIError',
          status: 400,
          details: `to: ${ADDRESS} is invalid`,
        }),
      ),
  ],
  [
    'brevo',
    () =>
      brevo.classify(
        Object.assign(new Error('brevo'), {
          name: 'BadRequestError',
          statusCode: 400,
          body: { code: 'invalid_parameter', message: `email is not valid: ${ADDRESS}` },
          rawResponse: { headers: new Headers() },
        }),
      ),
  ],
  [
    'ses',
    () =>
      ses.classify(
        Object.assign(new Error(`Email address is not verified: ${ADDRESS}`), {
          name: 'MessageRejected',
          $metadata: { httpStatusCode: 400 },
        }),
      ),
  ],
  [
    'smtp',
    () =>
      smtp.classify(
        Object.assign(new Error('rejected'), {
          code: 'EENVELOPE',
          responseCode: 550,
          response: `550 5.1.1 <${ADDRESS}>: Recipient address rejected`,
          command: 'RCPT TO',
        }),
      ),
  ],
];

describe('failure reasons of every adapter', () => {
  // Regression: SendGrid's reasons were not scrubbed, so an address reached the logs with LOG_PII=false.
  it.each(CASES)('%s: keeps the recipient address out of the reason', (_adapter, classify) => {
    const failure = classify();

    expect(failure.reason).not.toContain(ADDRESS);
    expect(failure.reason).not.toContain('example.com');
    expect(failure.reason).toContain('<address>');
  });
});

describe('scrubReason', () => {
  it('replaces every address-like token and keeps the rest', () => {
    expect(scrubReason('to: ana@example.com, "Bo" <bo@x.co>; cc=c@d')).toBe(
      'to: <address>, "Bo" <<address>>; <address>',
    );
  });

  it('cuts the result to the given length', () => {
    expect(scrubReason('x'.repeat(500))).toHaveLength(200);
    expect(scrubReason('x'.repeat(500), 300)).toHaveLength(300);
  });

  it('runs in linear time on a long text without delimiters', () => {
    const text = `${'a'.repeat(200_000)}@example.com`;

    expect(scrubReason(text)).toBe('<address>');
  });
});
