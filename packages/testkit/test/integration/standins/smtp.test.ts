import { X509Certificate } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import type { SmtpStandIn, SmtpStandInOptions } from '../../../src/standins/smtp.js';
import { startSmtpStandIn } from '../../../src/standins/smtp.js';
import { rejectionOf } from '../../support/standins.js';

interface SmtpError extends Error {
  code: string;
  responseCode?: number;
  response?: string;
  command?: string;
  rejected?: string[];
}

const AUTH = { user: 'mailroom', pass: 'p@ss word' };

const message = {
  from: 'Mailroom <no-reply@mailroom.test>',
  to: 'Ana <ana@example.com>',
  replyTo: 'help@mailroom.test',
  subject: 'Café code',
  text: 'Your code is 123456 — café',
  html: '<p>Your code is <b>123456</b> — café</p>',
  headers: { 'X-Mailroom-Trigger': 'SignUp' },
};

describe('SMTP stand-in with nodemailer', () => {
  let smtp: SmtpStandIn;
  afterEach(async () => {
    await smtp.close();
  });

  const start = async (opts: SmtpStandInOptions = { auth: AUTH }) => {
    smtp = await startSmtpStandIn(opts);
  };
  const transport = (opts: { url?: string; socketTimeout?: number; pool?: boolean } = {}) => {
    const options = {
      url: opts.url ?? smtp.url,
      // Pin the stand-in's self-signed certificate: STARTTLS is verified, not skipped.
      tls: { ca: smtp.cert === undefined ? [] : [smtp.cert] },
      socketTimeout: opts.socketTimeout ?? 5_000,
    };
    return opts.pool
      ? nodemailer.createTransport({ ...options, pool: true })
      : nodemailer.createTransport(options);
  };

  it('accepts a message over STARTTLS with AUTH and records it', async () => {
    await start();

    const info = await transport().sendMail(message);

    expect(smtp.url).toMatch(/^smtp:\/\/mailroom:p%40ss%20word@127\.0\.0\.1:\d+$/);
    expect(info.response).toMatch(/^250 2\.0\.0 Ok: queued as [0-9a-f]+$/);
    expect(smtp.accepted).toHaveLength(1);
    expect(smtp.accepted[0]).toMatchObject({
      messageId: info.messageId,
      from: 'Mailroom <no-reply@mailroom.test>',
      to: ['ana@example.com'],
      replyTo: 'help@mailroom.test',
      subject: 'Café code',
      text: 'Your code is 123456 — café',
      html: '<p>Your code is <b>123456</b> — café</p>',
      tags: [],
      metadata: {},
      sandbox: false,
    });
    expect(smtp.accepted[0]?.headers['X-Mailroom-Trigger']).toBe('SignUp');
  });

  it('presents a fresh certificate for localhost and 127.0.0.1', async () => {
    await start();

    const cert = new X509Certificate(smtp.cert as string);

    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(Date.parse(cert.validTo)).toBeGreaterThan(Date.now());
  });

  it('speaks plain SMTP without AUTH when told to', async () => {
    await start({ tls: false });

    await transport().sendMail(message);

    expect(smtp.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    expect(smtp.cert).toBeUndefined();
    expect(smtp.accepted[0]?.to).toEqual(['ana@example.com']);
  });

  it('reuses one pooled connection for several messages', async () => {
    await start();
    const pooled = transport({ pool: true });

    await pooled.sendMail(message);
    await pooled.sendMail({ ...message, to: 'bob@example.com' });
    pooled.close();

    expect(smtp.accepted.map((m) => m.to)).toEqual([['ana@example.com'], ['bob@example.com']]);
    expect(smtp.requestCount).toBe(2);
  });

  it('refuses wrong credentials with EAUTH 535', async () => {
    await start();

    const error = (await rejectionOf(
      transport({ url: smtp.url.replace('p%40ss', 'wrong') }).sendMail(message),
    )) as SmtpError;

    expect(error.code).toBe('EAUTH');
    expect(error.responseCode).toBe(535);
    expect(smtp.accepted).toHaveLength(0);
  });

  it('refuses an unpinned self-signed certificate with ESOCKET before sending', async () => {
    await start();

    const error = (await rejectionOf(nodemailer.createTransport(smtp.url).sendMail(message))) as SmtpError;

    expect(error.code).toBe('ESOCKET');
    expect(error.message).toContain('self-signed certificate');
    expect(smtp.requestCount).toBe(0);
  });

  it('rejects a recipient with bad syntax at RCPT TO with 553', async () => {
    await start();

    const error = (await rejectionOf(transport().sendMail({ ...message, to: 'ana@localhost' }))) as SmtpError;

    expect(error.code).toBe('EENVELOPE');
    expect(error.responseCode).toBe(553);
    expect(error.command).toBe('RCPT TO');
    expect(error.rejected).toEqual(['ana@localhost']);
  });

  it.each([421, 450, 550])(
    'surfaces an injected %i at MAIL FROM as EENVELOPE with responseCode',
    async (code) => {
      await start();
      smtp.fail({ status: code, times: 1 });

      const error = (await rejectionOf(transport().sendMail(message))) as SmtpError;

      expect(error.code).toBe('EENVELOPE');
      expect(error.responseCode).toBe(code);
      expect(error.command).toBe('MAIL FROM');
      expect(smtp.rejected).toEqual([{ status: code, reason: `fault: injected ${code}` }]);
    },
  );

  it('refuses a fault status that is not an SMTP reply code', async () => {
    await start();

    expect(() => smtp.fail({ status: 200 })).toThrow(/4xx\/5xx reply code/);
  });

  it('holds its reply past the client timeout: ETIMEDOUT, nothing accepted', async () => {
    await start();
    smtp.fail({ delayMs: 30_000 });

    const error = (await rejectionOf(transport({ socketTimeout: 100 }).sendMail(message))) as SmtpError;

    expect(error.code).toBe('ETIMEDOUT');
    expect(error.responseCode).toBeUndefined();
    expect(smtp.accepted).toHaveLength(0);
  });

  it('drops the connection: ECONNECTION', async () => {
    await start();
    smtp.fail({ reset: true });

    const error = (await rejectionOf(transport().sendMail(message))) as SmtpError;

    expect(error.code).toBe('ECONNECTION');
    expect(error.responseCode).toBeUndefined();
  });

  it('answers with a malformed reply, which nodemailer reports as a closed connection', async () => {
    await start();
    smtp.fail({ malformed: true, times: 1 });

    const error = (await rejectionOf(transport().sendMail(message))) as SmtpError;
    const info = await transport().sendMail(message);

    expect(error.code).toBe('ECONNECTION');
    expect(info.accepted).toEqual(['ana@example.com']);
  });

  it('reads nodemailer’s nested multipart with an attachment and a long non-ASCII subject', async () => {
    await start();
    const subject = `Ihr Bestätigungscode für Mailroom — ${'ü'.repeat(60)}`;

    await transport().sendMail({
      ...message,
      subject,
      text: `Zeile 1\n${'lang '.repeat(40)}Ende`,
      attachments: [{ filename: 'a.txt', content: 'attachment body' }],
    });

    expect(smtp.accepted[0]?.subject).toBe(subject);
    expect(smtp.accepted[0]?.text).toBe(`Zeile 1\n${'lang '.repeat(40)}Ende`);
    expect(smtp.accepted[0]?.html).toBe(message.html);
  });
});
