import { triggerInfo } from '@mailroom/shared-types';
import { describe, expect, it } from 'vitest';
import { DispatcherError } from '../../src/errors.js';
import { buildMessage, idempotencyKey, type MessageInput } from '../../src/message.js';

const signUp = triggerInfo('SignUp');
if (!signUp) throw new Error('SignUp trigger missing');

function input(overrides: Partial<MessageInput> = {}): MessageInput {
  return {
    from: { name: 'Acme', address: 'no-reply@acme.test' },
    replyTo: { address: 'help@acme.test' },
    to: 'ana@example.com',
    rendered: { subject: 'Confirm', html: '<p>1</p>', text: '1', templateId: 'sign-up', locale: 'en' },
    route: { trigger: signUp, brand: 'acme', locale: 'en', templateId: 'sign-up' },
    userPoolId: 'eu-west-1_abc',
    idempotencySource: ['eu-west-1_abc', 'ana', 'CustomEmailSender_SignUp', 'AYAD…'],
    ...overrides,
  } as MessageInput;
}

describe('buildMessage', () => {
  it('carries sender, recipient, trigger headers, tags and metadata', () => {
    const message = buildMessage(input());

    expect(message).toMatchObject({
      from: { name: 'Acme', address: 'no-reply@acme.test' },
      replyTo: { address: 'help@acme.test' },
      to: [{ address: 'ana@example.com' }],
      subject: 'Confirm',
      headers: { 'X-Mailroom-Trigger': 'SignUp', 'X-Mailroom-Template': 'sign-up' },
      tags: ['SignUp', 'sign-up'],
      metadata: {
        trigger: 'SignUp',
        templateId: 'sign-up',
        locale: 'en',
        brand: 'acme',
        userPoolId: 'eu-west-1_abc',
      },
    });
    expect(message.idempotencyKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    [
      'a subject',
      { rendered: { subject: 'Hi\r\nBcc: x@evil.test', html: '', text: '', templateId: 't', locale: 'en' } },
    ],
    ['a sender name', { from: { name: 'Acme\nX-Evil: 1', address: 'a@acme.test' } }],
    ['a recipient', { to: 'ana@example.com\r\nBcc: x@evil.test' }],
  ])('refuses CR/LF in %s', (_what, overrides) => {
    const attempt = () => buildMessage(input(overrides as Partial<MessageInput>));

    expect(attempt).toThrow(DispatcherError);
    expect(attempt).toThrow(/CR, LF or NUL/);
  });
});

describe('idempotencyKey', () => {
  it('is stable for the same event and differs when any part differs', () => {
    expect(idempotencyKey(['a', 'b'])).toBe(idempotencyKey(['a', 'b']));
    expect(idempotencyKey(['a', 'b'])).not.toBe(idempotencyKey(['ab', '']));
  });
});
