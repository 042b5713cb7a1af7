import Mailgun from 'mailgun.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StandIn } from '../../../src/standins/core.js';
import { startMailgunStandIn } from '../../../src/standins/mailgun.js';
import { rejectionOf, SAMPLE } from '../../support/standins.js';

const DOMAIN = 'mg.mailroom.test';
const KEY = 'key-test';

interface MailgunError {
  type: string;
  status: number;
  message: string;
  details: string;
}

const message = {
  from: 'Mailroom <no-reply@mg.mailroom.test>',
  to: ['ana@example.com', 'Bob <bob@example.com>'],
  subject: SAMPLE.subject,
  text: SAMPLE.text,
  html: SAMPLE.html,
  'h:Reply-To': SAMPLE.replyTo,
  'h:X-Mailroom-Trigger': SAMPLE.headers['X-Mailroom-Trigger'],
  'o:tag': SAMPLE.tags,
  'v:trigger': SAMPLE.metadata.trigger,
  'v:pool': SAMPLE.metadata.pool,
};

describe('Mailgun stand-in with mailgun.js and Node FormData', () => {
  let mg: StandIn;
  beforeEach(async () => {
    mg = await startMailgunStandIn({ apiKey: KEY, domain: DOMAIN });
  });
  afterEach(async () => {
    await mg.close();
  });

  const client = (opts: { key?: string; timeout?: number } = {}) =>
    new Mailgun(FormData).client({
      username: 'api',
      key: opts.key ?? KEY,
      url: mg.url,
      ...(opts.timeout !== undefined && { timeout: opts.timeout }),
    });

  it('accepts a multipart send with repeated fields and records it', async () => {
    const result = await client().messages.create(DOMAIN, message);

    expect(result.message).toBe('Queued. Thank you.');
    expect(result.id).toMatch(/^<\d{14}\.[0-9a-f]+@mg\.mailroom\.test>$/);
    expect(mg.accepted).toHaveLength(1);
    expect(mg.accepted[0]).toMatchObject({
      messageId: result.id,
      from: 'Mailroom <no-reply@mg.mailroom.test>',
      to: ['ana@example.com', 'bob@example.com'],
      ...SAMPLE,
      sandbox: false,
    });
  });

  it('records o:testmode as a sandbox send', async () => {
    await client().messages.create(DOMAIN, { ...message, 'o:testmode': 'yes' });

    expect(mg.accepted[0]?.sandbox).toBe(true);
  });

  it('records a hosted template with its t:variables', async () => {
    await client().messages.create(DOMAIN, {
      from: 'no-reply@mg.mailroom.test',
      to: ['ana@example.com'],
      template: 'sign-up',
      't:variables': JSON.stringify({ code: '123456' }),
    });

    expect(mg.accepted[0]?.template).toEqual({ id: 'sign-up', data: { code: '123456' } });
  });

  it('rejects a wrong key with 401 Forbidden', async () => {
    const error = (await rejectionOf(
      client({ key: 'wrong' }).messages.create(DOMAIN, message),
    )) as MailgunError;

    expect(error.type).toBe('MailgunAPIError');
    expect(error.status).toBe(401);
    expect(error.details).toBe('Forbidden');
  });

  it('rejects an unknown domain with 404', async () => {
    const error = (await rejectionOf(client().messages.create('other.test', message))) as MailgunError;

    expect(error.status).toBe(404);
    expect(error.details).toBe('Domain not found: other.test');
  });

  it.each([
    ['an invalid recipient', { to: ['not-an-address'] }, 'to parameter is not a valid address'],
    ['a missing body', { text: undefined, html: undefined }, "Need at least one of 'text', 'html'"],
    ['a multi-line header', { 'h:X-Evil': 'a\r\nBcc: victim@example.com' }, "header 'X-Evil'"],
    ['eleven tags', { 'o:tag': Array.from({ length: 11 }, (_, i) => `t${i}`) }, 'too many tags'],
    ['template variables that are not JSON', { template: 't', 't:variables': '{' }, "'t:variables'"],
  ])('rejects %s with 400 and a message', async (_name, override, expected) => {
    const fields = Object.fromEntries(
      Object.entries({ ...message, ...override }).filter(([, v]) => v !== undefined),
    ) as typeof message;

    const error = (await rejectionOf(client().messages.create(DOMAIN, fields))) as MailgunError;

    expect(error.status).toBe(400);
    expect(error.details).toContain(expected);
    expect(mg.accepted).toHaveLength(0);
  });

  it.each([429, 500, 503])('surfaces an injected %i as MailgunAPIError with that status', async (status) => {
    mg.fail({ status, retryAfter: 5, times: 1 });

    const error = (await rejectionOf(client().messages.create(DOMAIN, message))) as MailgunError;

    expect(error.type).toBe('MailgunAPIError');
    expect(error.status).toBe(status);
    // mailgun.js drops response headers: the Retry-After the stand-in sent is not on the error.
    expect(JSON.stringify(error)).not.toContain('retry-after');
    expect(mg.rejected).toEqual([{ status, reason: `fault: injected ${status}` }]);
  });

  it('reports a timeout as status 400 with ECONNABORTED (classify by message)', async () => {
    mg.fail({ delayMs: 30_000 });

    const error = (await rejectionOf(
      client({ timeout: 100 }).messages.create(DOMAIN, message),
    )) as MailgunError;

    expect(error.status).toBe(400);
    expect(error.message).toBe('ECONNABORTED');
    expect(error.details).toBe('timeout of 100ms exceeded');
    expect(mg.accepted).toHaveLength(0);
  });

  it('reports a connection reset as status 400 with ECONNRESET', async () => {
    mg.fail({ reset: true });

    const error = (await rejectionOf(client().messages.create(DOMAIN, message))) as MailgunError;

    expect(error.status).toBe(400);
    expect(error.message).toBe('ECONNRESET');
  });

  it('answers a malformed body that resolves without an id', async () => {
    mg.fail({ malformed: true });

    const result = await client().messages.create(DOMAIN, message);

    expect(result.id).toBeUndefined();
    expect(mg.accepted).toHaveLength(0);
  });
});
