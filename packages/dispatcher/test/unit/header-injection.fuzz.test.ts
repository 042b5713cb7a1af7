/**
 * Fuzzing (fast-check) of everything that becomes a mail header: whatever users put in their attributes,
 * user name or client metadata (brand, locale), and whatever an operator puts in EMAIL_FROM/EMAIL_REPLY_TO,
 * no header the dispatcher hands to a provider can carry CR, LF or NUL. Uses the real routing, the real
 * template registry and the real message builder; no network.
 */
import {
  CLIENT_ID_NOT_APPLICABLE,
  CUSTOM_EMAIL_SENDER_REQUEST_TYPE,
  type CustomEmailSenderEvent,
  type EmailMessage,
  TRIGGERS,
} from '@mailroom/shared-types';
import { listBrands, listLocales, render } from '@mailroom/templates';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBaseConfig } from '../../src/config.js';
import { DispatcherError } from '../../src/errors.js';
import { buildMessage } from '../../src/message.js';
import { routeEvent } from '../../src/routing.js';

/** The characters that split a header block. */
const BREAKS = /[\r\n\0]/;

/** Characters that attack headers, HTML and bidi rendering, mixed with ordinary text. */
const hostileChar = fc.constantFrom(
  '\r',
  '\n',
  '\r\n',
  '\0',
  '\t',
  '\u000b',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u202e',
  '<',
  '>',
  '&',
  '"',
  "'",
  ':',
  ';',
  ',',
  '@',
  '=?utf-8?b?',
  'Bcc: x@evil.test',
  'é',
  'ש',
  'ع',
  '😀',
  '👩🏽‍💻',
  ' ',
  'a',
  'Z',
  '1',
);

/** Arbitrary user-controlled text: hostile mixes, full Unicode, and the odd 10 KB string. */
const userText = fc.oneof(
  { weight: 5, arbitrary: fc.array(hostileChar, { maxLength: 40 }).map((parts) => parts.join('')) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: hostileChar, minLength: 2_000, maxLength: 2_500 }) },
);

const attributeName = fc.oneof(
  fc.constantFrom(
    'given_name',
    'family_name',
    'name',
    'nickname',
    'preferred_username',
    'locale',
    'zoneinfo',
  ),
  fc.constantFrom('CITY', 'COUNTRY', 'DEVICE_NAME', 'IP_ADDRESS', 'LOGIN_TIME', 'USER_NAME'),
  fc.string({ minLength: 1, maxLength: 20 }).map((s) => `custom:${s}`),
);

const attributes = fc.dictionary(attributeName, userText, { maxKeys: 8 });

const brands = listBrands().map((b) => b.name);
const locales = listLocales();

/** clientMetadata as an app would pass it: real or hostile brand/locale values, or nothing. */
const clientMetadata = fc.option(
  fc.record(
    {
      brand: fc.oneof(fc.constantFrom(...brands), userText),
      locale: fc.oneof(fc.constantFrom(...locales), userText),
      extra: userText,
    },
    { requiredKeys: [] },
  ),
  { nil: null },
);

/** Every header-bound value of a built message. */
function headerValues(message: EmailMessage): string[] {
  return [
    message.from.address,
    message.from.name ?? '',
    ...message.to.flatMap((a) => [a.address, a.name ?? '']),
    message.replyTo?.address ?? '',
    message.replyTo?.name ?? '',
    message.subject,
    ...Object.entries(message.headers ?? {}).flat(),
    ...(message.tags ?? []),
    ...Object.values(message.metadata ?? {}),
    message.idempotencyKey ?? '',
  ];
}

describe('headers built from user data', () => {
  it('never carry CR, LF or NUL, whatever the attributes, user name, brand or locale', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TRIGGERS),
        attributes,
        userText,
        clientMetadata,
        fc.constantFrom('app-client-1', CLIENT_ID_NOT_APPLICABLE),
        userText,
        (trigger, userAttributes, userName, metadata, clientId, code) => {
          // Arrange: a schema-valid event carrying the arbitrary user data
          const event = {
            version: '1',
            triggerSource: trigger.source,
            region: 'eu-west-1',
            userPoolId: 'eu-west-1_Fuzz01',
            userName,
            callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
            request: {
              type: CUSTOM_EMAIL_SENDER_REQUEST_TYPE,
              code: trigger.codeKind === 'none' ? null : 'AYADeFuzzCiphertext',
              clientMetadata: metadata,
              userAttributes: { ...userAttributes, email: 'ana@example.com' },
            },
            response: {},
          } as unknown as CustomEmailSenderEvent;

          // Act: route → render → build, exactly as the handler does
          const decision = routeEvent(event, { disabledTriggers: new Set() });
          if (decision.action !== 'send') throw new Error('nothing is disabled here');
          const { route } = decision;
          const rendered = render({
            templateId: route.templateId,
            locale: route.locale,
            brand: route.brand,
            trigger: route.trigger.name,
            data: {
              code: route.trigger.codeKind === 'none' ? null : code,
              username: userName,
              email: 'ana@example.com',
              userAttributes: event.request.userAttributes,
              clientMetadata: metadata,
            },
          });
          const message = buildMessage({
            from: { name: 'Acme', address: 'no-reply@acme.test' },
            replyTo: undefined,
            to: 'ana@example.com',
            rendered,
            route,
            userPoolId: event.userPoolId,
            idempotencySource: [event.userPoolId, userName, trigger.source, 'AYADeFuzzCiphertext'],
          });

          // Assert
          for (const value of headerValues(message)) expect(value).not.toMatch(BREAKS);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuse a recipient address that carries CR, LF or NUL with HEADER_UNSAFE (never a raw error)', () => {
    const signUp = TRIGGERS[0];
    if (!signUp) throw new Error('trigger table is empty');
    const rendered = render({ trigger: signUp.name, data: { code: '1', username: 'u', userAttributes: {} } });
    const seen = { built: 0, refused: 0 };
    fc.assert(
      fc.property(userText, userText, (before, after) => {
        const to = `${before}ana@example.com${after}`;
        let outcome: 'built' | 'refused' = 'built';
        try {
          const message = buildMessage({
            from: { address: 'no-reply@acme.test' },
            replyTo: undefined,
            to,
            rendered,
            route: { trigger: signUp, brand: 'default', locale: 'en', templateId: rendered.templateId },
            userPoolId: 'eu-west-1_Fuzz01',
            idempotencySource: ['p', 'u', signUp.source, 'c'],
          });
          for (const value of headerValues(message)) expect(value).not.toMatch(BREAKS);
        } catch (err) {
          expect(err).toBeInstanceOf(DispatcherError);
          expect((err as DispatcherError).code).toBe('HEADER_UNSAFE');
          outcome = 'refused';
        }
        expect(outcome).toBe(BREAKS.test(to) ? 'refused' : 'built');
        seen[outcome] += 1;
      }),
      { numRuns: 500 },
    );
    // Both branches were exercised, so the property is not vacuous.
    expect(seen.built).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});

describe('EMAIL_FROM and EMAIL_REPLY_TO', () => {
  const base = { EMAIL_PROVIDER: 'outbox' };

  it.each(['EMAIL_FROM', 'EMAIL_REPLY_TO'] as const)(
    'rejects %s with CR, LF or NUL inside the display name or address',
    (variable) => {
      fc.assert(
        fc.property(userText, userText, fc.constantFrom('\r', '\n', '\r\n', '\0'), (name, tail, brk) => {
          // Arrange: the break sits inside the value, not at its (trimmed) ends
          const value = `Acme ${name}${brk}${tail} <no-reply@acme.test>`;

          // Act
          const { problems, config } = parseBaseConfig({
            ...base,
            EMAIL_FROM: 'a@acme.test',
            [variable]: value,
          });

          // Assert
          expect(problems.some((p) => p.startsWith(`${variable}:`))).toBe(true);
          const parsed = variable === 'EMAIL_FROM' ? config.from : config.replyTo;
          for (const part of [parsed?.name ?? '', parsed?.address ?? '']) expect(part).not.toMatch(BREAKS);
        }),
        { numRuns: 500 },
      );
    },
  );

  it('yields only single-line names and addresses for any value it accepts', () => {
    fc.assert(
      fc.property(userText, fc.constantFrom('', ' ', '"'), (name, quote) => {
        const { problems, config } = parseBaseConfig({
          ...base,
          EMAIL_FROM: `${quote}${name}${quote} <no-reply@acme.test>`,
        });
        if (problems.length === 0) {
          expect(config.from.address).toBe('no-reply@acme.test');
          expect(config.from.name ?? '').not.toMatch(BREAKS);
        } else {
          expect(problems).toEqual([expect.stringMatching(/^EMAIL_FROM: /)]);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
