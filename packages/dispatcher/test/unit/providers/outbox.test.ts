import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmailMessage } from '@mailroom/shared-types';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classify, create } from '../../../src/providers/outbox.js';

const CODE = '735921';
const message: EmailMessage = {
  from: { name: 'Acme', address: 'no-reply@acme.test' },
  to: [{ address: 'ana@example.com' }],
  replyTo: { address: 'help@acme.test' },
  subject: 'Confirm your Acme account',
  html: `<p>Your code is <b>${CODE}</b> — ünïcode</p>`,
  text: `Your code is ${CODE}`,
  headers: { 'X-Mailroom-Trigger': 'SignUp', 'X-Mailroom-Template': 'sign-up' },
  tags: ['SignUp', 'sign-up'],
  metadata: { trigger: 'SignUp', templateId: 'sign-up', locale: 'en', brand: 'acme', userPoolId: 'p' },
};

describe('outbox provider', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailroom-outbox-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes an RFC 5322 .eml and secret-free .json metadata', async () => {
    // Arrange
    const outbox = create(
      { dir: join(dir, 'nested') },
      { logger: pino({ level: 'silent' }), sandbox: false },
    );

    // Act
    const result = await outbox.send(message, AbortSignal.timeout(5_000));

    // Assert
    const files = (await readdir(join(dir, 'nested'))).sort();
    expect(files).toHaveLength(2);
    const [emlName, jsonName] = [
      files.find((f) => f.endsWith('.eml')),
      files.find((f) => f.endsWith('.json')),
    ];
    expect(emlName?.replace(/\.eml$/, '')).toBe(jsonName?.replace(/\.json$/, ''));
    const eml = await readFile(join(dir, 'nested', emlName ?? ''), 'utf8');
    expect(eml).toMatch(/^From: Acme <no-reply@acme\.test>$/m);
    expect(eml).toMatch(/^To: ana@example\.com$/m);
    expect(eml).toMatch(/^Reply-To: help@acme\.test$/m);
    expect(eml).toMatch(/^Subject: Confirm your Acme account$/m);
    expect(eml).toMatch(/^X-Mailroom-Trigger: SignUp$/m);
    expect(eml).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(eml).toContain(`Message-ID: ${result.messageId}`);
    const record = JSON.parse(await readFile(join(dir, 'nested', jsonName ?? ''), 'utf8'));
    expect(record).toMatchObject({
      messageId: result.messageId,
      provider: 'outbox',
      eml: emlName,
      trigger: 'SignUp',
      template: 'sign-up',
      locale: 'en',
      brand: 'acme',
      to: ['ana@example.com'],
      subject: 'Confirm your Acme account',
    });
    expect(JSON.stringify(record)).not.toContain(CODE);
    expect(result.provider).toBe('outbox');
  });

  it('refuses to start after the attempt was aborted', async () => {
    const outbox = create({ dir }, { logger: pino({ level: 'silent' }), sandbox: false });

    await expect(outbox.send(message, AbortSignal.abort())).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });

  it('classifies an unwritable directory as provider-auth so a chain moves on', () => {
    expect(classify(Object.assign(new Error('x'), { code: 'EACCES' })).kind).toBe('provider-auth');
    expect(classify(Object.assign(new Error('x'), { code: 'ENOSPC' })).kind).toBe('transient');
  });
});
