import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StandIn } from '../../../src/standins/core.js';
import { startSendGridStandIn } from '../../../src/standins/sendgrid.js';
import { rejectionOf, SAMPLE } from '../../support/standins.js';

const API_KEY = 'SG.test-key';

interface SendGridResponseError {
  code: number;
  message: string;
  response: {
    headers: Record<string, string>;
    body: { errors: { message: string; field: string | null }[] };
  };
}

function sendGridClient(url: string, apiKey = API_KEY): Client {
  const client = new Client();
  // setApiKey() resets baseUrl to api.sendgrid.com, so the override must come after it (design.md).
  client.setApiKey(apiKey);
  client.setDefaultRequest('baseUrl', url);
  return client;
}

function mailService(url: string, opts: { timeoutMs?: number; apiKey?: string } = {}): MailService {
  const service = new MailService();
  service.setClient(sendGridClient(url, opts.apiKey));
  // MailService.setTimeout writes the axios `timeout` into the client's default request.
  if (opts.timeoutMs !== undefined) service.setTimeout(opts.timeoutMs);
  return service;
}

const message = {
  to: 'user@example.com',
  from: { email: 'no-reply@mailroom.test', name: 'Mailroom' },
  replyTo: SAMPLE.replyTo,
  subject: SAMPLE.subject,
  text: SAMPLE.text,
  html: SAMPLE.html,
  headers: SAMPLE.headers,
  categories: SAMPLE.tags,
  customArgs: SAMPLE.metadata,
};

describe('SendGrid stand-in with @sendgrid/mail', () => {
  let sg: StandIn;
  beforeEach(async () => {
    sg = await startSendGridStandIn({ apiKey: API_KEY });
  });
  afterEach(async () => {
    await sg.close();
  });

  it('accepts a v3 send, answers 202 with X-Message-Id and records the message', async () => {
    const [response] = await mailService(sg.url).send(message);

    expect(response.statusCode).toBe(202);
    const messageId = response.headers['x-message-id'];
    expect(sg.accepted).toHaveLength(1);
    expect(sg.accepted[0]).toMatchObject({
      messageId,
      from: 'Mailroom <no-reply@mailroom.test>',
      to: ['user@example.com'],
      ...SAMPLE,
      sandbox: false,
    });
    expect(sg.requestCount).toBe(1);
  });

  it('answers 200 in sandbox mode and records the message as not delivered', async () => {
    const [response] = await mailService(sg.url).send({
      ...message,
      mailSettings: { sandboxMode: { enable: true } },
    });

    expect(response.statusCode).toBe(200);
    expect(sg.accepted[0]?.sandbox).toBe(true);
  });

  it('records a dynamic template id with its data', async () => {
    await mailService(sg.url).send({
      to: 'user@example.com',
      from: 'no-reply@mailroom.test',
      templateId: 'd-0123456789abcdef',
      dynamicTemplateData: { code: '123456', username: 'ana' },
    });

    expect(sg.accepted[0]?.template).toEqual({
      id: 'd-0123456789abcdef',
      data: { code: '123456', username: 'ana' },
    });
    expect(sg.accepted[0]).not.toHaveProperty('subject');
  });

  it('rejects a wrong API key with 401 and SendGrid’s error body', async () => {
    const error = (await rejectionOf(
      mailService(sg.url, { apiKey: 'SG.wrong' }).send(message),
    )) as SendGridResponseError;

    expect(error.code).toBe(401);
    expect(error.response.body.errors[0]?.message).toMatch(/authorization grant is invalid/);
    expect(sg.accepted).toHaveLength(0);
    expect(sg.rejected[0]?.status).toBe(401);
  });

  it('rejects an invalid recipient with 400 naming the field', async () => {
    const error = (await rejectionOf(
      mailService(sg.url).send({ ...message, to: 'not-an-address' }),
    )) as SendGridResponseError;

    expect(error.code).toBe(400);
    expect(error.response.body.errors).toContainEqual(
      expect.objectContaining({
        field: 'personalizations.0.to.0.email',
        message: 'Does not contain a valid address.',
      }),
    );
    expect(sg.accepted).toHaveLength(0);
  });

  it('rejects reserved and multi-line headers, html before text, and more than 10 categories', async () => {
    const error = (await rejectionOf(
      sendGridClient(sg.url).request({
        method: 'POST',
        url: '/v3/mail/send',
        body: {
          personalizations: [{ to: [{ email: 'user@example.com' }] }],
          from: { email: 'no-reply@mailroom.test' },
          subject: 'Hi',
          content: [
            { type: 'text/html', value: '<p>hi</p>' },
            { type: 'text/plain', value: 'hi' },
          ],
          headers: { 'Reply-To': 'x@example.com', 'X-Evil': 'a\r\nBcc: victim@example.com' },
          categories: Array.from({ length: 11 }, (_, i) => `c${i}`),
        },
      }),
    )) as SendGridResponseError;

    const fields = error.response.body.errors.map((e) => e.field);
    expect(error.code).toBe(400);
    expect(fields).toEqual(
      expect.arrayContaining(['content', 'headers.Reply-To', 'headers.X-Evil', 'categories']),
    );
  });

  it('requires a subject unless a template id is given, and content with at least one block', async () => {
    const error = (await rejectionOf(
      sendGridClient(sg.url).request({
        method: 'POST',
        url: '/v3/mail/send',
        body: { personalizations: [{ to: [{ email: 'user@example.com' }] }], from: { email: 'a@b.co' } },
      }),
    )) as SendGridResponseError;

    expect(error.response.body.errors.map((e) => e.field)).toEqual(['subject', 'content']);
  });

  it.each([429, 500, 503])(
    'surfaces an injected %i with Retry-After on the error’s response headers',
    async (status) => {
      sg.fail({ status, retryAfter: 7, times: 1 });

      const error = (await rejectionOf(mailService(sg.url).send(message))) as SendGridResponseError;

      expect(error.code).toBe(status);
      expect(error.response.headers['retry-after']).toBe('7');
      expect(Array.isArray(error.response.body.errors)).toBe(true);
      expect(sg.rejected).toEqual([{ status, reason: `fault: injected ${status}` }]);
    },
  );

  it('lets the next request through once `times` is used up', async () => {
    sg.fail({ status: 503, times: 1 });

    await rejectionOf(mailService(sg.url).send(message));
    const [response] = await mailService(sg.url).send(message);

    expect(response.statusCode).toBe(202);
    expect(sg.requestCount).toBe(2);
    expect(sg.accepted).toHaveLength(1);
  });

  it('delays past the client timeout: axios ECONNABORTED, nothing accepted', async () => {
    sg.fail({ delayMs: 30_000 });

    const error = (await rejectionOf(mailService(sg.url, { timeoutMs: 100 }).send(message))) as {
      code: string;
      response?: unknown;
    };

    expect(error.code).toBe('ECONNABORTED');
    expect(error.response).toBeUndefined();
    expect(sg.accepted).toHaveLength(0);
  });

  it('resets the connection: raw axios ECONNRESET without a response', async () => {
    sg.fail({ reset: true });

    const error = (await rejectionOf(mailService(sg.url).send(message))) as {
      code: string;
      message: string;
      response?: unknown;
    };

    expect(error.code).toBe('ECONNRESET');
    expect(error.response).toBeUndefined();
    expect(sg.rejected).toEqual([{ status: 0, reason: 'fault: connection reset' }]);
  });

  it('answers a malformed 202 body, which the SDK passes through as text', async () => {
    sg.fail({ malformed: true, times: 1 });

    const [response, body] = await mailService(sg.url).send(message);

    expect(response.statusCode).toBe(202);
    expect(typeof body).toBe('string');
    expect(sg.accepted).toHaveLength(0);
  });

  it('closes quickly while a delayed request is still parked', async () => {
    sg.fail({ delayMs: 60_000 });
    const pending = rejectionOf(mailService(sg.url).send(message));
    await expect.poll(() => sg.requestCount).toBe(1);

    await sg.close();

    expect(await pending).toBeInstanceOf(Error);
  });
});
