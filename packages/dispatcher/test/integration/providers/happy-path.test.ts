/**
 * Each adapter through its real SDK against its testkit stand-in: every mapped field arrives where the
 * provider's API expects it, sandbox modes are honoured, and provider-hosted templates carry the data.
 */
import { connect, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providerFromEnv } from '../../support/provider-from-env.js';
import { captureLogs, type Rig, SECRETS, sampleMessage, startRig } from './rig.js';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig.close();
});
beforeEach(() => rig.reset());

const send = (name: 'mailgun' | 'brevo' | 'ses' | 'smtp', sandbox = false, overrides = {}) => {
  const logs = captureLogs();
  const provider = rig.provider(name, logs.logger, sandbox);
  return { logs, result: provider.send(sampleMessage(overrides), AbortSignal.timeout(5_000)) };
};

describe('mailgun adapter', () => {
  it('sends every field as Mailgun multipart fields', async () => {
    const { result } = send('mailgun');

    const { provider, messageId } = await result;

    const [accepted] = rig.standIns.mailgun.accepted;
    expect(provider).toBe('mailgun');
    expect(accepted?.messageId).toBe(messageId);
    expect(accepted).toMatchObject({
      from: '"Mailroom" <no-reply@mailroom.test>',
      to: ['ana@example.com'],
      replyTo: 'help@mailroom.test',
      subject: 'Your Mailroom code',
      html: `<p>Your code is <b>${SECRETS.code}</b></p>`,
      text: `Your code is ${SECRETS.code}`,
      tags: ['SignUp', 'sign-up'],
      metadata: { trigger: 'SignUp', locale: 'pt-BR', brand: 'acme' },
      sandbox: false,
    });
    expect(accepted?.headers).toMatchObject({
      'X-Mailroom-Trigger': 'SignUp',
      'X-Mailroom-Template': 'sign-up',
    });
  });

  // Regression: only SES encoded non-ASCII display names; Mailgun sent them raw (issue 15).
  it('sends a non-ASCII display name as RFC 2047 encoded words', async () => {
    const from = { name: 'Zoë Café', address: 'no-reply@mailroom.test' };

    await send('mailgun', false, { from }).result;

    const sent = rig.standIns.mailgun.accepted[0]?.from ?? '';
    expect(sent).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <no-reply@mailroom\.test>$/);
    const word = /^=\?UTF-8\?B\?([^?]+)\?=/.exec(sent)?.[1] ?? '';
    expect(Buffer.from(word, 'base64').toString('utf8')).toBe('Zoë Café');
  });

  it('turns EMAIL_SANDBOX into o:testmode', async () => {
    await send('mailgun', true).result;

    expect(rig.standIns.mailgun.accepted[0]?.sandbox).toBe(true);
  });

  it('sends a hosted template as template + t:variables instead of our HTML', async () => {
    const data = { code: SECRETS.code, username: 'ana', trigger: 'SignUp' };

    await send('mailgun', false, { providerTemplate: { id: 'sign-up-v2', data } }).result;

    const [accepted] = rig.standIns.mailgun.accepted;
    expect(accepted?.template).toEqual({ id: 'sign-up-v2', data });
    expect(accepted?.html).toBeUndefined();
  });
});

describe('brevo adapter', () => {
  it('sends every field in the v3 smtp/email body', async () => {
    const { provider, messageId } = await send('brevo').result;

    const [accepted] = rig.standIns.brevo.accepted;
    expect(provider).toBe('brevo');
    expect(accepted?.messageId).toBe(messageId);
    expect(accepted).toMatchObject({
      to: ['ana@example.com'],
      replyTo: 'help@mailroom.test',
      subject: 'Your Mailroom code',
      html: `<p>Your code is <b>${SECRETS.code}</b></p>`,
      text: `Your code is ${SECRETS.code}`,
      tags: ['SignUp', 'sign-up'],
      metadata: { trigger: 'SignUp', locale: 'pt-BR', brand: 'acme' },
      sandbox: false,
    });
    expect(accepted?.from).toContain('no-reply@mailroom.test');
    expect(accepted?.headers).toMatchObject({ 'X-Mailroom-Trigger': 'SignUp' });
  });

  // Regression: the key went out as an `Idempotency-Key` header, which Brevo does not document (and ignores).
  it("sends Brevo's documented headers.idempotencyKey: a UUID v5 of our key, the same on a retry", async () => {
    const logs = captureLogs();
    const brevo = rig.provider('brevo', logs.logger);
    const message = sampleMessage();

    const first = await brevo.send(message, AbortSignal.timeout(5_000));
    const second = await brevo.send(message, AbortSignal.timeout(5_000));

    // The repeat is refused by Brevo (duplicate_parameter) and reported as already delivered, not as a failure.
    expect(first.messageId).toMatch(/@smtp-relay\.mailin\.fr>$/);
    expect(second).toMatchObject({
      provider: 'brevo',
      messageId: expect.stringMatching(/^brevo-duplicate-/),
    });
    expect(rig.standIns.brevo.accepted).toHaveLength(1);
    const sent = rig.standIns.brevo.accepted[0]?.raw as { headers: Record<string, string> };
    expect(sent.headers.idempotencyKey).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(sent.headers['Idempotency-Key']).toBeUndefined();
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ provider: 'brevo', event: 'provider_duplicate' }),
    );
  });

  it('derives different Brevo keys for different messages', async () => {
    const brevo = rig.provider('brevo', captureLogs().logger);

    await brevo.send(sampleMessage(), AbortSignal.timeout(5_000));
    await brevo.send(sampleMessage(), AbortSignal.timeout(5_000));

    const keys = rig.standIns.brevo.accepted.map(
      (a) => (a.raw as { headers: Record<string, string> }).headers.idempotencyKey,
    );
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
  });

  it('turns EMAIL_SANDBOX into the X-Sib-Sandbox: drop header', async () => {
    await send('brevo', true).result;

    expect(rig.standIns.brevo.accepted[0]?.sandbox).toBe(true);
  });

  it('sends a hosted template as templateId + params', async () => {
    const data = { code: SECRETS.code, username: 'ana' };

    await send('brevo', false, { providerTemplate: { id: '12', data } }).result;

    expect(rig.standIns.brevo.accepted[0]?.template).toEqual({ id: '12', data });
  });
});

describe('ses adapter', () => {
  it('sends every field with SendEmail Content.Simple and sanitised EmailTags', async () => {
    const { provider, messageId } = await send('ses', false, {
      metadata: { trigger: 'SignUp', 'user pool': 'eu-west-1_Ab.C' },
    }).result;

    const [accepted] = rig.standIns.ses.accepted;
    expect(provider).toBe('ses');
    expect(accepted?.messageId).toBe(messageId);
    expect(accepted).toMatchObject({
      to: ['ana@example.com'],
      replyTo: 'help@mailroom.test',
      subject: 'Your Mailroom code',
      html: `<p>Your code is <b>${SECRETS.code}</b></p>`,
      text: `Your code is ${SECRETS.code}`,
      metadata: { trigger: 'SignUp', user_pool: 'eu-west-1_Ab_C' },
    });
    expect(accepted?.from).toContain('no-reply@mailroom.test');
    expect(accepted?.headers).toMatchObject({ 'X-Mailroom-Trigger': 'SignUp' });
  });

  it('sends a hosted template as Content.Template with JSON TemplateData', async () => {
    const data = { code: SECRETS.code, username: 'ana' };

    await send('ses', false, { providerTemplate: { id: 'mailroom-sign-up', data } }).result;

    expect(rig.standIns.ses.accepted[0]?.template).toEqual({ id: 'mailroom-sign-up', data });
  });
});

describe('smtp adapter', () => {
  it('sends every field over STARTTLS with AUTH, tags and metadata as headers', async () => {
    const { provider, messageId } = await send('smtp').result;

    const [accepted] = rig.standIns.smtp.accepted;
    expect(provider).toBe('smtp');
    expect(accepted?.messageId).toBe(messageId);
    expect(accepted).toMatchObject({
      from: 'Mailroom <no-reply@mailroom.test>',
      to: ['ana@example.com'],
      replyTo: 'help@mailroom.test',
      subject: 'Your Mailroom code',
      html: `<p>Your code is <b>${SECRETS.code}</b></p>`,
    });
    expect(accepted?.text?.trim()).toBe(`Your code is ${SECRETS.code}`);
    expect(accepted?.headers).toMatchObject({
      'X-Mailroom-Trigger': 'SignUp',
      'X-Mailroom-Tags': 'SignUp, sign-up',
    });
    expect(JSON.parse(accepted?.headers['X-Mailroom-Metadata'] ?? '{}')).toEqual({
      trigger: 'SignUp',
      locale: 'pt-BR',
      brand: 'acme',
    });
  });

  it('refuses the relay’s self-signed certificate unless it is pinned or explicitly allowed', async () => {
    const logs = captureLogs();
    const runtime = { logger: logs.logger, sandbox: false };
    const unpinned = providerFromEnv(rig.modules.smtp, { ...rig.env, SMTP_TLS_CA: '' }, runtime);
    const allowed = providerFromEnv(
      rig.modules.smtp,
      { ...rig.env, SMTP_TLS_CA: '', SMTP_TLS_REJECT_UNAUTHORIZED: 'false' },
      runtime,
    );

    const refused = await unpinned
      .send(sampleMessage(), AbortSignal.timeout(5_000))
      .catch((err: unknown) => err);
    const sent = await allowed.send(sampleMessage(), AbortSignal.timeout(5_000));

    expect(rig.modules.smtp.classify(refused)).toMatchObject({ kind: 'transient' });
    expect((refused as { code?: string }).code).toBe('ESOCKET');
    expect(sent.provider).toBe('smtp');
    expect(rig.standIns.smtp.accepted).toHaveLength(1);
  });

  it('reuses one pooled connection across warm sends', async () => {
    const proxy = await countingProxy(new URL(rig.standIns.smtp.url));
    const logs = captureLogs();
    const smtp = providerFromEnv(
      rig.modules.smtp,
      { ...rig.env, SMTP_URL: proxy.url },
      { logger: logs.logger, sandbox: false },
    );

    await smtp.send(sampleMessage(), AbortSignal.timeout(5_000));
    await smtp.send(sampleMessage(), AbortSignal.timeout(5_000));
    await smtp.send(sampleMessage(), AbortSignal.timeout(5_000));

    expect(rig.standIns.smtp.accepted).toHaveLength(3);
    expect(proxy.connections()).toBe(1);
    await proxy.close();
  });
});

/** A TCP pass-through that counts client connections (how many SMTP sessions the pool opened). */
async function countingProxy(
  target: URL,
): Promise<{ url: string; connections(): number; close(): Promise<void> }> {
  let count = 0;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    count += 1;
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(target.href);
  url.port = String(port);
  return {
    url: url.href.replace(/\/$/, ''),
    connections: () => count,
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
