import type { BrevoError } from '@getbrevo/brevo';
import { TransactionalEmailsClient } from '@getbrevo/brevo/transactionalEmails';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBrevoStandIn } from '../../../src/standins/brevo.js';
import type { StandIn } from '../../../src/standins/core.js';
import { rejectionOf, SAMPLE } from '../../support/standins.js';

const KEY = 'xkeysib-test';

const message = {
  sender: { name: 'Mailroom', email: 'no-reply@mailroom.test' },
  to: [{ email: 'ana@example.com', name: 'Ana' }],
  replyTo: { email: SAMPLE.replyTo },
  subject: SAMPLE.subject,
  htmlContent: SAMPLE.html,
  textContent: SAMPLE.text,
  // Brevo carries webhook metadata as a JSON string in X-Mailin-custom.
  headers: { ...SAMPLE.headers, 'X-Mailin-custom': JSON.stringify(SAMPLE.metadata) },
  tags: SAMPLE.tags,
};

describe('Brevo stand-in with @getbrevo/brevo v6 (transactionalEmails subpath)', () => {
  let brevo: StandIn;
  beforeEach(async () => {
    brevo = await startBrevoStandIn({ apiKey: KEY });
  });
  afterEach(async () => {
    await brevo.close();
  });

  const client = (opts: { apiKey?: string; timeoutInSeconds?: number } = {}) =>
    new TransactionalEmailsClient({
      apiKey: opts.apiKey ?? KEY,
      baseUrl: brevo.url,
      // The SDK retries 408/429/5xx twice by default; the dispatcher owns retries (design.md).
      maxRetries: 0,
      ...(opts.timeoutInSeconds !== undefined && { timeoutInSeconds: opts.timeoutInSeconds }),
    });

  it('accepts a send, answers 201 with a messageId and records it', async () => {
    const result = await client().sendTransacEmail(message);

    expect(result.messageId).toMatch(/^<\d{12}\.[0-9a-f]+@smtp-relay\.mailin\.fr>$/);
    expect(brevo.accepted).toHaveLength(1);
    expect(brevo.accepted[0]).toMatchObject({
      messageId: result.messageId,
      from: 'Mailroom <no-reply@mailroom.test>',
      to: ['ana@example.com'],
      ...SAMPLE,
      sandbox: false,
    });
  });

  it('records X-Sib-Sandbox: drop as a sandbox send', async () => {
    await client().sendTransacEmail({ ...message, headers: { 'X-Sib-Sandbox': 'drop' } });

    expect(brevo.accepted[0]?.sandbox).toBe(true);
  });

  // Regression: the stand-in de-duplicated on an `Idempotency-Key` header Brevo does not document, which
  // proved nothing about Brevo. Brevo documents `headers.idempotencyKey` (a UUID, TTL 15–30 minutes) and a
  // `duplicate_parameter` error for a repeat.
  it('refuses a repeated headers.idempotencyKey with duplicate_parameter and records one message', async () => {
    const send = { ...message, headers: { idempotencyKey: '3b241101-e2bb-4255-8caf-4136c566a962' } };

    await client().sendTransacEmail(send);
    const error = (await rejectionOf(client().sendTransacEmail(send))) as BrevoError;

    expect(error).toMatchObject({
      name: 'BadRequestError',
      statusCode: 400,
      body: { code: 'duplicate_parameter' },
    });
    expect(brevo.accepted).toHaveLength(1);
    expect(brevo.accepted[0]?.headers.idempotencyKey).toBe('3b241101-e2bb-4255-8caf-4136c566a962');
  });

  it('refuses an idempotencyKey that is not a UUID', async () => {
    const send = { ...message, headers: { idempotencyKey: 'evt-1' } };

    const error = (await rejectionOf(client().sendTransacEmail(send))) as BrevoError;

    expect(error).toMatchObject({ statusCode: 400, body: { code: 'invalid_parameter' } });
    expect(brevo.accepted).toEqual([]);
  });

  it('accepts the same idempotencyKey again once its time-to-live has passed', async () => {
    const shortLived = await startBrevoStandIn({ apiKey: KEY, idempotencyTtlMs: 0 });
    try {
      const send = { ...message, headers: { idempotencyKey: '0e1d5b8a-7a44-5b8e-9a4f-2f6a2b1c9d10' } };
      const sender = new TransactionalEmailsClient({ apiKey: KEY, baseUrl: shortLived.url, maxRetries: 0 });

      await sender.sendTransacEmail(send);
      await sender.sendTransacEmail(send);

      expect(shortLived.accepted).toHaveLength(2);
    } finally {
      await shortLived.close();
    }
  });

  it('gives an undocumented Idempotency-Key header no meaning: both sends are delivered', async () => {
    const send = { ...message, headers: { 'Idempotency-Key': 'evt-1' } };

    await client().sendTransacEmail(send);
    await client().sendTransacEmail(send);

    expect(brevo.accepted).toHaveLength(2);
  });

  it('records a hosted template with its params', async () => {
    await client().sendTransacEmail({
      to: [{ email: 'ana@example.com' }],
      templateId: 12,
      params: { code: '1' },
    });

    expect(brevo.accepted[0]?.template).toEqual({ id: '12', data: { code: '1' } });
  });

  it('rejects a wrong key with 401 as a BrevoError', async () => {
    const error = (await rejectionOf(client({ apiKey: 'nope' }).sendTransacEmail(message))) as BrevoError;

    expect(error.name).toBe('BrevoError');
    expect(error.statusCode).toBe(401);
    expect(error.body).toEqual({ code: 'unauthorized', message: 'Key not found' });
  });

  it.each([
    ['an invalid recipient', { to: [{ email: 'not-an-address' }] }, 'email is not valid in to'],
    ['no sender', { sender: undefined }, 'sender is missing'],
    ['no content', { htmlContent: undefined, textContent: undefined }, 'htmlContent is missing'],
    [
      'a multi-line header',
      { headers: { 'X-Evil': 'a\r\nBcc: v@example.com' } },
      'header X-Evil must be a single line',
    ],
  ])('rejects %s with a 400 BadRequestError', async (_name, override, expected) => {
    const error = (await rejectionOf(client().sendTransacEmail({ ...message, ...override }))) as BrevoError;

    expect(error.name).toBe('BadRequestError');
    expect(error.statusCode).toBe(400);
    expect((error.body as { message: string }).message).toBe(expected);
    expect(brevo.accepted).toHaveLength(0);
  });

  it.each([429, 500, 503])(
    'surfaces an injected %i with Retry-After readable from rawResponse',
    async (status) => {
      brevo.fail({ status, retryAfter: 4, times: 1 });

      const error = (await rejectionOf(client().sendTransacEmail(message))) as BrevoError;

      expect(error.name).toBe('BrevoError');
      expect(error.statusCode).toBe(status);
      expect(error.rawResponse?.headers.get('retry-after')).toBe('4');
      expect(brevo.requestCount).toBe(1);
    },
  );

  it('times out as a BrevoError without statusCode whose cause is the string "timeout"', async () => {
    brevo.fail({ delayMs: 30_000 });

    const error = (await rejectionOf(
      client({ timeoutInSeconds: 0.1 }).sendTransacEmail(message),
    )) as BrevoError;

    expect(error.name).toBe('BrevoError');
    expect(error.statusCode).toBeUndefined();
    expect(error.cause).toBe('timeout');
    expect(brevo.accepted).toHaveLength(0);
  });

  it('surfaces a connection reset as BrevoError "fetch failed" with undici’s socket error as cause', async () => {
    brevo.fail({ reset: true });

    const error = (await rejectionOf(client().sendTransacEmail(message))) as BrevoError & {
      cause: { cause?: { code?: string } };
    };

    expect(error.statusCode).toBeUndefined();
    expect(error.message).toBe('fetch failed');
    expect(error.cause.cause?.code).toMatch(/^(UND_ERR_SOCKET|ECONNRESET)$/);
  });

  it('answers a malformed body, which the SDK resolves without a messageId', async () => {
    brevo.fail({ malformed: true });

    const result = await client().sendTransacEmail(message);

    expect(result.messageId).toBeUndefined();
    expect(brevo.rejected).toEqual([{ status: 201, reason: 'fault: malformed body' }]);
  });
});
