import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import {
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StandIn } from '../../../src/standins/core.js';
import { startSesStandIn } from '../../../src/standins/ses.js';
import type { AwsSdkError } from '../../support/standins.js';
import { awsClientConfig, rejectionOf, SAMPLE } from '../../support/standins.js';

/** SES takes headers and tags as `{ Name, Value }` lists rather than maps. */
const nameValueList = (map: Record<string, string>) =>
  Object.entries(map).map(([Name, Value]) => ({ Name, Value }));

const input: SendEmailCommandInput = {
  FromEmailAddress: 'Mailroom <no-reply@mailroom.test>',
  Destination: { ToAddresses: ['ana@example.com'] },
  ReplyToAddresses: [SAMPLE.replyTo],
  Content: {
    Simple: {
      Subject: { Data: SAMPLE.subject, Charset: 'UTF-8' },
      Body: { Text: { Data: SAMPLE.text }, Html: { Data: SAMPLE.html } },
      Headers: nameValueList(SAMPLE.headers),
    },
  },
  // SES has no tags besides EmailTags, which the stand-in records as metadata.
  EmailTags: nameValueList(SAMPLE.metadata),
  ConfigurationSetName: 'mailroom',
};

describe('SES v2 stand-in with @aws-sdk/client-sesv2', () => {
  let ses: StandIn;
  beforeEach(async () => {
    ses = await startSesStandIn({
      verifiedIdentities: ['mailroom.test'],
      templates: ['sign-up'],
      configurationSets: ['mailroom'],
    });
  });
  afterEach(async () => {
    await ses.close();
  });

  const send = (command: SendEmailCommandInput, opts: { timeoutMs?: number; maxAttempts?: number } = {}) =>
    new SESv2Client(awsClientConfig(ses.url, opts)).send(new SendEmailCommand(command));

  it('accepts a simple send, answers a MessageId and records it', async () => {
    const result = await send(input);

    expect(result.MessageId).toMatch(/^0102[0-9a-f]{16}-/);
    expect(ses.accepted).toHaveLength(1);
    expect(ses.accepted[0]).toMatchObject({
      messageId: result.MessageId,
      from: 'Mailroom <no-reply@mailroom.test>',
      to: ['ana@example.com'],
      ...SAMPLE,
      tags: [],
      sandbox: false,
    });
  });

  it('records a template send with its data', async () => {
    await send({
      ...input,
      Content: { Template: { TemplateName: 'sign-up', TemplateData: JSON.stringify({ code: '123456' }) } },
    });

    expect(ses.accepted[0]?.template).toEqual({ id: 'sign-up', data: { code: '123456' } });
  });

  it('parses a raw MIME message into subject, text and html', async () => {
    const mime = [
      'From: Mailroom <no-reply@mailroom.test>',
      'To: ana@example.com',
      'Subject: =?UTF-8?Q?Caf=C3=A9_code?=',
      'Content-Type: multipart/alternative; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Caf=C3=A9 123456',
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('<p>Café 123456</p>').toString('base64'),
      '--b1--',
      '',
    ].join('\r\n');

    await send({ Content: { Raw: { Data: Buffer.from(mime) } } });

    expect(ses.accepted[0]).toMatchObject({
      to: ['ana@example.com'],
      subject: 'Café code',
      text: 'Café 123456',
      html: '<p>Café 123456</p>',
    });
  });

  it('rejects an unverified sender with MessageRejected', async () => {
    const error = (await rejectionOf(
      send({ ...input, FromEmailAddress: 'x@elsewhere.test' }),
    )) as AwsSdkError;

    expect(error).toBeInstanceOf(MessageRejected);
    expect(error.message).toContain('Email address is not verified');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('rejects an invalid recipient with MessageRejected', async () => {
    const error = (await rejectionOf(
      send({ ...input, Destination: { ToAddresses: ['not-an-address'] } }),
    )) as AwsSdkError;

    expect(error.name).toBe('MessageRejected');
    expect(error.message).toBe('Illegal address: not-an-address');
  });

  it.each([
    ['an email tag with a space', { EmailTags: [{ Name: 'trigger', Value: 'Sign Up' }] }, 'Invalid EmailTag'],
    [
      'a multi-line header',
      {
        Content: {
          Simple: { ...input.Content?.Simple, Headers: [{ Name: 'X-Evil', Value: 'a\r\nBcc: v@x.co' }] },
        },
      },
      'single line',
    ],
    ['no subject', { Content: { Simple: { Body: { Text: { Data: 'x' } } } } }, 'Subject.Data is required'],
  ] as [string, Partial<SendEmailCommandInput>, string][])(
    'rejects %s with BadRequestException',
    async (_n, override, expected) => {
      const error = (await rejectionOf(send({ ...input, ...override }))) as AwsSdkError;

      expect(error.name).toBe('BadRequestException');
      expect(error.message).toContain(expected);
      expect(ses.accepted).toHaveLength(0);
    },
  );

  it('answers NotFoundException for an unknown configuration set or template', async () => {
    const set = (await rejectionOf(send({ ...input, ConfigurationSetName: 'other' }))) as AwsSdkError;
    const template = (await rejectionOf(
      send({ ...input, Content: { Template: { TemplateName: 'nope', TemplateData: '{}' } } }),
    )) as AwsSdkError;

    expect(set.name).toBe('NotFoundException');
    expect(template.$metadata.httpStatusCode).toBe(404);
  });

  it('surfaces an injected 429 as TooManyRequestsException with Retry-After on $response', async () => {
    ses.fail({ status: 429, retryAfter: 2 });

    const error = (await rejectionOf(send(input))) as AwsSdkError;

    expect(error).toBeInstanceOf(TooManyRequestsException);
    expect(error.$response?.headers['retry-after']).toBe('2');
    expect(error.$metadata.attempts).toBe(1);
  });

  it.each([
    [403, 'AccessDeniedException'],
    [403, 'InvalidClientTokenId'],
    [503, 'ServiceUnavailable'],
  ])('surfaces an injected %i %s by name, with its status', async (status, type) => {
    ses.fail({ status, body: { __type: type, message: 'injected' } });

    const error = (await rejectionOf(send(input))) as AwsSdkError;

    expect(error.name).toBe(type);
    expect(error.$metadata.httpStatusCode).toBe(status);
    expect(error.$fault).toBe(status >= 500 ? 'server' : 'client');
  });

  it('retries a 500 itself with the default three attempts', async () => {
    ses.fail({ status: 500, times: 2 });

    const result = await send(input, { maxAttempts: 3 });

    expect(result.MessageId).toBeDefined();
    expect(ses.requestCount).toBe(3);
    expect(ses.accepted).toHaveLength(1);
  });

  it('times out with TimeoutError ETIMEDOUT when throwOnRequestTimeout is set', async () => {
    ses.fail({ delayMs: 30_000 });

    const error = (await rejectionOf(send(input, { timeoutMs: 100 }))) as AwsSdkError;

    expect(error.name).toBe('TimeoutError');
    expect(error.code).toBe('ETIMEDOUT');
    expect(ses.accepted).toHaveLength(0);
  });

  it('surfaces a reset as code ECONNRESET (named TimeoutError by smithy)', async () => {
    ses.fail({ reset: true });

    const error = (await rejectionOf(send(input))) as AwsSdkError;

    expect(error.code).toBe('ECONNRESET');
    expect(error.$metadata.httpStatusCode).toBeUndefined();
  });

  it('answers a malformed body that fails deserialisation', async () => {
    ses.fail({ malformed: true });

    const error = (await rejectionOf(send(input))) as AwsSdkError;

    expect(error.name).toBe('SyntaxError');
    expect(error.$response?.statusCode).toBe(200);
  });

  it('answers 403 InvalidClientTokenId for a request signed with another access key', async () => {
    const strict = await startSesStandIn({ accessKeyId: 'AKIDMAILROOM' });
    try {
      const error = (await rejectionOf(
        new SESv2Client(awsClientConfig(strict.url)).send(new SendEmailCommand(input)),
      )) as AwsSdkError;

      expect(error.name).toBe('InvalidClientTokenId');
      expect(error.$metadata.httpStatusCode).toBe(403);
      expect(strict.accepted).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });
});
