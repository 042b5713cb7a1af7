/**
 * Error classification of the Mailgun, Brevo, SES and SMTP adapters. The error shapes are the ones each
 * SDK produces against the testkit stand-ins (documented in each stand-in's header and checked there by
 * testkit's integration tests); the fault matrix drives the same paths end to end.
 */
import { describe, expect, it } from 'vitest';
import * as brevo from '../../../src/providers/brevo.js';
import * as mailgun from '../../../src/providers/mailgun.js';
import * as ses from '../../../src/providers/ses.js';
import * as smtp from '../../../src/providers/smtp.js';

/** mailgun.js 14's error: `type`, `status`, `message` (status text or error code), `details`. */
const mailgunError = (status: number, message: string, details: string) =>
  Object.assign(new Error(message), { type: 'MailgunAPIError', status, details });

describe('mailgun classify', () => {
  it.each([
    [401, 'Unauthorized', 'Forbidden', 'provider-auth'],
    [403, 'Forbidden', 'Forbidden', 'provider-auth'],
    [404, 'Not Found', 'Domain not found: mg.example.com', 'provider-auth'],
    [429, 'Too Many Requests', 'rate limited', 'transient'],
    [500, 'Internal Server Error', 'oops', 'transient'],
    [503, 'Service Unavailable', 'down', 'transient'],
    [400, 'Bad Request', "'to' parameter is not a valid address. please check documentation", 'rejected'],
  ] as const)('treats HTTP %i as %s', (status, message, details, kind) => {
    expect(mailgun.classify(mailgunError(status, message, details))).toMatchObject({ kind, status });
  });

  // Regression: mailgun.js reports timeouts and resets as status 400, which must not read as "rejected".
  it.each([
    ['ECONNABORTED', 'timeout of 300ms exceeded'],
    ['ECONNRESET', 'socket hang up'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'],
  ])('treats a network failure reported as 400 (%s) as transient', (message, details) => {
    const failure = mailgun.classify(mailgunError(400, message, details));

    expect(failure.kind).toBe('transient');
    expect(failure.status).toBeUndefined();
    expect(failure.reason).toContain(message);
  });

  it('keeps recipient addresses out of the reason', () => {
    const failure = mailgun.classify(mailgunError(400, 'Bad Request', 'to: ana@example.com is invalid'));

    expect(failure.reason).not.toContain('ana@example.com');
    expect(failure.reason).toContain('<address>');
  });

  it('treats an abort as transient', () => {
    const abort = Object.assign(new Error('attempt timed out after 300 ms'), { name: 'TimeoutError' });

    expect(mailgun.classify(abort).kind).toBe('transient');
  });
});

/** @getbrevo/brevo v6's error: `statusCode`, `body`, `rawResponse.headers.get()`. */
const brevoError = (
  statusCode: number | undefined,
  body: unknown = {},
  headers: Record<string, string> = {},
) =>
  Object.assign(new Error('brevo'), {
    name: statusCode === 400 ? 'BadRequestError' : 'BrevoError',
    statusCode,
    body,
    rawResponse: { headers: new Headers(headers) },
  });

describe('brevo classify', () => {
  it.each([
    [401, 'provider-auth'],
    [402, 'provider-auth'],
    [403, 'provider-auth'],
    [408, 'transient'],
    [429, 'transient'],
    [500, 'transient'],
    [503, 'transient'],
    [404, 'rejected'],
  ] as const)('treats HTTP %i as %s', (status, kind) => {
    expect(brevo.classify(brevoError(status))).toMatchObject({ kind, status });
  });

  it('treats a BadRequestError as rejected and keeps Brevo’s code and message', () => {
    const failure = brevo.classify(
      brevoError(400, { code: 'invalid_parameter', message: 'email is not valid' }),
    );

    expect(failure).toEqual({
      kind: 'rejected',
      status: 400,
      reason: 'Brevo answered HTTP 400: invalid_parameter: email is not valid',
    });
  });

  it('reads Retry-After from the raw response headers', () => {
    expect(brevo.classify(brevoError(429, {}, { 'retry-after': '3' }))).toMatchObject({
      kind: 'transient',
      retryAfterMs: 3_000,
    });
  });

  it.each(['"timeout"', 'The user aborted a request', 'fetch failed'])(
    'treats a failure without a status (%s) as transient',
    (message) => {
      const err = Object.assign(new Error(message), { name: 'BrevoError' });

      expect(brevo.classify(err)).toMatchObject({ kind: 'transient' });
      expect(brevo.classify(err).status).toBeUndefined();
    },
  );
});

/** AWS SDK v3 service exception shape. */
const awsError = (name: string, status: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`${name} happened`), {
    name,
    $metadata: { httpStatusCode: status },
    $response: { headers },
  });

describe('ses classify', () => {
  it.each([
    ['TooManyRequestsException', 429, 'transient'],
    ['Throttling', 400, 'transient'],
    ['LimitExceededException', 400, 'transient'],
    ['InternalFailure', 500, 'transient'],
    ['ServiceUnavailable', 503, 'transient'],
    ['AccessDeniedException', 403, 'provider-auth'],
    ['InvalidClientTokenId', 403, 'provider-auth'],
    ['SignatureDoesNotMatch', 403, 'provider-auth'],
    ['AccountSuspendedException', 400, 'provider-auth'],
    ['NotFoundException', 404, 'provider-auth'],
    ['MessageRejected', 400, 'rejected'],
    ['MailFromDomainNotVerifiedException', 400, 'rejected'],
    ['BadRequestException', 400, 'rejected'],
    ['SomethingNew', 502, 'transient'],
    ['SomethingElse', 401, 'provider-auth'],
    ['YetAnother', 400, 'rejected'],
  ] as const)('treats %s (HTTP %i) as %s', (name, status, kind) => {
    expect(ses.classify(awsError(name, status))).toMatchObject({ kind, status });
  });

  it('reads Retry-After from $response.headers', () => {
    expect(ses.classify(awsError('TooManyRequestsException', 429, { 'retry-after': '1' }))).toMatchObject({
      retryAfterMs: 1_000,
    });
  });

  it('tells a reset from a timeout by code, both transient', () => {
    const reset = Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' });
    const timeout = Object.assign(new Error('Request timed out'), {
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
    });

    expect(ses.classify(reset)).toMatchObject({ kind: 'transient' });
    expect(ses.classify(reset).reason).toContain('ECONNRESET');
    expect(ses.classify(timeout).reason).toContain('ETIMEDOUT');
  });

  // Regression: a malformed 2xx (SyntaxError from deserialisation) was classified "rejected" by status.
  it('treats an unreadable 2xx answer as transient', () => {
    const malformed = Object.assign(new SyntaxError('Unexpected token <'), {
      $metadata: { httpStatusCode: 200 },
    });

    expect(ses.classify(malformed)).toMatchObject({ kind: 'transient', status: 200 });
  });

  it('sanitises EmailTags to SES’s alphabet and length', () => {
    expect(ses.sesTag('pt-BR / acme.com')).toBe('pt-BR___acme_com');
    expect(ses.sesTag('x'.repeat(300))).toHaveLength(256);
  });
});

/** nodemailer's error shape. */
const smtpError = (code: string, responseCode?: number, response?: string) =>
  Object.assign(new Error(response ?? code), { code, responseCode, response, command: 'MAIL FROM' });

describe('smtp classify', () => {
  it.each([
    [421, 'transient'],
    [450, 'transient'],
    [451, 'transient'],
    [452, 'transient'],
    [530, 'provider-auth'],
    [535, 'provider-auth'],
    [550, 'rejected'],
    [553, 'rejected'],
    [554, 'rejected'],
  ] as const)('treats reply %i as %s', (status, kind) => {
    expect(smtp.classify(smtpError('EENVELOPE', status, `${status} 5.0.0 no`))).toMatchObject({
      kind,
      status,
    });
  });

  it.each(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ETLS', 'EABORT'])('treats %s as transient', (code) => {
    expect(smtp.classify(smtpError(code))).toMatchObject({ kind: 'transient' });
  });

  it('treats EAUTH without a reply code as provider-auth', () => {
    expect(smtp.classify(smtpError('EAUTH'))).toMatchObject({ kind: 'provider-auth' });
  });

  it('treats an envelope nodemailer refuses itself as rejected', () => {
    expect(smtp.classify(smtpError('EENVELOPE'))).toMatchObject({ kind: 'rejected' });
  });

  it('keeps the refused address out of the reason', () => {
    const failure = smtp.classify(
      smtpError('EENVELOPE', 553, '553 5.1.3 Bad recipient address syntax <ana@x>'),
    );

    expect(failure.reason).not.toContain('ana@x');
  });
});
