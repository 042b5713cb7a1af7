/**
 * The SendGrid adapter with the real @sendgrid/mail against the SendGrid stand-in: request mapping, the
 * attempt's AbortSignal reaching axios, and classification of the errors the SDK really throws.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmailMessage } from '@mailroom/shared-types';
import type { StandIn } from '@mailroom/testkit';
import { startSendGridStandIn } from '@mailroom/testkit';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classify, create } from '../../src/providers/sendgrid.js';

const KEY = 'SG.adapter-test-key';
const logger = pino({ level: 'silent' });
const message: EmailMessage = {
  from: { name: 'Acme', address: 'no-reply@acme.test' },
  to: [{ address: 'ana@example.com' }],
  replyTo: { address: 'help@acme.test' },
  subject: 'Your code',
  html: '<p>123456</p>',
  text: '123456',
  headers: { 'X-Mailroom-Trigger': 'SignUp' },
  tags: ['SignUp', 'sign-up'],
  metadata: { trigger: 'SignUp', locale: 'en' },
};

let sendgrid: StandIn;
beforeAll(async () => {
  sendgrid = await startSendGridStandIn({ apiKey: KEY });
});
afterEach(() => {
  sendgrid.fail(null);
  sendgrid.accepted.length = 0;
});
afterAll(async () => {
  await sendgrid?.close();
});

function provider(apiKey = KEY) {
  return create({ apiKey, apiUrl: sendgrid.url }, { logger, sandbox: false });
}

async function failure(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeDefined();
  return classify(err);
}

describe('sendgrid adapter', () => {
  it('maps the message to the v3 body and returns the X-Message-Id', async () => {
    const result = await provider().send(message, AbortSignal.timeout(10_000));

    expect(result.provider).toBe('sendgrid');
    expect(sendgrid.accepted).toHaveLength(1);
    expect(sendgrid.accepted[0]).toMatchObject({
      messageId: result.messageId,
      from: 'Acme <no-reply@acme.test>',
      to: ['ana@example.com'],
      replyTo: 'help@acme.test',
      subject: 'Your code',
      html: '<p>123456</p>',
      text: '123456',
      headers: { 'X-Mailroom-Trigger': 'SignUp' },
      tags: ['SignUp', 'sign-up'],
      metadata: { trigger: 'SignUp', locale: 'en' },
      sandbox: false,
    });
  });

  it('aborts a hanging request when the attempt signal fires', async () => {
    sendgrid.fail({ delayMs: 60_000 });
    const controller = new AbortController();

    const pending = provider().send(message, controller.signal);
    controller.abort();

    expect(await failure(pending)).toMatchObject({ kind: 'transient' });
    expect(sendgrid.accepted).toEqual([]);
  });

  it('gives each of two concurrent sends on one client its own attempt signal', async () => {
    sendgrid.fail({ delayMs: 60_000 });
    const shared = provider();
    const first = new AbortController();
    const second = new AbortController();
    const settled = { first: false, second: false };
    const sendFirst = shared.send(message, first.signal).finally(() => {
      settled.first = true;
    });
    const sendSecond = shared.send({ ...message, subject: 'Second' }, second.signal).finally(() => {
      settled.second = true;
    });

    first.abort();
    expect(await failure(sendFirst)).toMatchObject({ kind: 'transient' });
    // A few turns of the event loop: had the second request taken the first signal, it would be gone too.
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toEqual({ first: true, second: false });

    second.abort();
    expect(await failure(sendSecond)).toMatchObject({ kind: 'transient' });
    expect(sendgrid.accepted).toEqual([]);
  });

  it('keeps a 202 without X-Message-Id as sent, with a made-up id and a warning (no sandbox prefix)', async () => {
    // A bare server answering as SendGrid would if it ever dropped the header: 202, empty body.
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(202).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const lines: Record<string, unknown>[] = [];
    const capture = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    try {
      const adapter = create(
        { apiKey: KEY, apiUrl: `http://127.0.0.1:${port}` },
        { logger: capture, sandbox: false },
      );
      const result = await adapter.send(message, AbortSignal.timeout(10_000));
      expect(result.messageId).toMatch(/^no-id-[0-9a-f-]{36}$/);
      expect(lines).toEqual([
        expect.objectContaining({
          level: 40,
          provider: 'sendgrid',
          status: 202,
          messageId: result.messageId,
        }),
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('classifies a 429 with Retry-After from the real SDK error', async () => {
    sendgrid.fail({ status: 429, retryAfter: 3 });

    expect(await failure(provider().send(message, AbortSignal.timeout(10_000)))).toMatchObject({
      kind: 'transient',
      status: 429,
      retryAfterMs: 3000,
    });
  });

  it('classifies a wrong API key as provider-auth without echoing it', async () => {
    const result = await failure(provider('SG.wrong-key').send(message, AbortSignal.timeout(10_000)));

    expect(result).toMatchObject({ kind: 'provider-auth', status: 401 });
    expect(JSON.stringify(result)).not.toContain('SG.wrong-key');
  });

  it('classifies a connection reset as transient', async () => {
    sendgrid.fail({ reset: true });

    expect(await failure(provider().send(message, AbortSignal.timeout(10_000)))).toMatchObject({
      kind: 'transient',
      reason: 'SendGrid request failed: ECONNRESET',
    });
  });

  it('classifies a 400 as a rejected message', async () => {
    sendgrid.fail({ status: 400 });

    expect(await failure(provider().send(message, AbortSignal.timeout(10_000)))).toMatchObject({
      kind: 'rejected',
      status: 400,
    });
  });
});
