import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TRIGGER_SOURCES } from '../../src/contracts/triggers.js';
import { EventValidationError } from '../../src/errors.js';
import type { CustomEmailSenderEvent } from '../../src/event.js';
import { parseCustomEmailSenderEvent } from '../../src/schema.js';

// The real, sanitised events live with the event factory that regenerates them (the testkit owns fixtures).
const FIXTURE_DIR = fileURLToPath(new URL('../../../testkit/fixtures/events/', import.meta.url));
const fixtures = readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({
    file,
    event: JSON.parse(readFileSync(`${FIXTURE_DIR}${file}`, 'utf8')) as CustomEmailSenderEvent,
  }));

const SECRET_CODE = 'AYADeFAKEsecretCIPHERTEXTmustNEVERleak0123456789+/==';

/** A valid SignUp event; each malformed case below changes one thing in a fresh copy. */
function signUp(): Record<string, unknown> & CustomEmailSenderEvent {
  return {
    version: '1',
    triggerSource: 'CustomEmailSender_SignUp',
    region: 'us-east-1',
    userPoolId: 'us-east-1_AbCdEf123',
    userName: '8c2f4d6e-1a3b-4c5d-9e7f-0a1b2c3d4e01',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: '3n4b5urk1ft4fl3mg5e62d9ado' },
    request: {
      type: 'customEmailSenderRequestV1',
      code: SECRET_CODE,
      userAttributes: { sub: '8c2f4d6e-1a3b-4c5d-9e7f-0a1b2c3d4e01', email: 'jane.doe@example.com' },
      clientMetadata: null,
    },
    response: {},
  };
}

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseCustomEmailSenderEvent(input);
  } catch (error) {
    if (error instanceof EventValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected the event to be rejected');
}

const ALL_SOURCES = TRIGGER_SOURCES.join(', ');
const MISSING = 'nothing (the field is missing)';
const CODE_REQUIRED = (source: string, got: string) =>
  `expected a non-empty string (the encrypted code, required for ${source}), got ${got}`;

type Case = [name: string, mutate: (e: ReturnType<typeof signUp>) => unknown, path: string, message: string];

const MALFORMED: Case[] = [
  [
    'a string instead of an event',
    () => 'event',
    '(root)',
    'expected an object (the Lambda event), got a string',
  ],
  ['null instead of an event', () => null, '(root)', 'expected an object (the Lambda event), got null'],
  [
    'an array instead of an event',
    (e) => [e],
    '(root)',
    'expected an object (the Lambda event), got an array',
  ],
  ['a number instead of an event', () => 42, '(root)', 'expected an object (the Lambda event), got number'],
  [
    'an unknown triggerSource',
    (e) => ({ ...e, triggerSource: 'CustomEmailSender_Foo' }),
    'triggerSource',
    `expected one of ${ALL_SOURCES}, got "CustomEmailSender_Foo"`,
  ],
  [
    'a Cognito trigger that is not a custom email sender',
    (e) => ({ ...e, triggerSource: 'PreSignUp_SignUp' }),
    'triggerSource',
    `expected one of ${ALL_SOURCES}, got "PreSignUp_SignUp"`,
  ],
  [
    'a missing triggerSource',
    ({ triggerSource: _, ...e }) => e,
    'triggerSource',
    `expected one of ${ALL_SOURCES}, got ${MISSING}`,
  ],
  ['a numeric version', (e) => ({ ...e, version: 1 }), 'version', 'expected a string, got number'],
  ['a missing region', ({ region: _, ...e }) => e, 'region', `expected a string, got ${MISSING}`],
  ['a null userPoolId', (e) => ({ ...e, userPoolId: null }), 'userPoolId', 'expected a string, got null'],
  ['a missing userName', ({ userName: _, ...e }) => e, 'userName', `expected a string, got ${MISSING}`],
  [
    'a missing callerContext',
    ({ callerContext: _, ...e }) => e,
    'callerContext',
    `expected an object, got ${MISSING}`,
  ],
  [
    'a numeric callerContext.clientId',
    (e) => ({ ...e, callerContext: { ...e.callerContext, clientId: 7 } }),
    'callerContext.clientId',
    'expected a string or null, got number',
  ],
  [
    'a boolean callerContext.awsSdkVersion',
    (e) => ({ ...e, callerContext: { ...e.callerContext, awsSdkVersion: true } }),
    'callerContext.awsSdkVersion',
    'expected a string or null, got boolean',
  ],
  ['a missing request', ({ request: _, ...e }) => e, 'request', `expected an object, got ${MISSING}`],
  ['a string request', (e) => ({ ...e, request: 'x' }), 'request', 'expected an object, got a string'],
  [
    'a wrong request.type',
    (e) => ({ ...e, request: { ...e.request, type: 'customSMSSenderRequestV1' } }),
    'request.type',
    'expected "customEmailSenderRequestV1", got "customSMSSenderRequestV1"',
  ],
  [
    'a missing request.type',
    ({ request: { type: _, ...request }, ...e }) => ({ ...e, request }),
    'request.type',
    `expected "customEmailSenderRequestV1", got ${MISSING}`,
  ],
  [
    'a missing userAttributes',
    ({ request: { userAttributes: _, ...request }, ...e }) => ({ ...e, request }),
    'request.userAttributes',
    `expected an object of string values, got ${MISSING}`,
  ],
  [
    'userAttributes as an array',
    (e) => ({ ...e, request: { ...e.request, userAttributes: ['jane.doe@example.com'] } }),
    'request.userAttributes',
    'expected an object of string values, got an array',
  ],
  [
    'a numeric email attribute',
    (e) => ({ ...e, request: { ...e.request, userAttributes: { email: 5 } } }),
    'request.userAttributes.email',
    'expected a string, got number',
  ],
  [
    'a boolean email_verified attribute',
    (e) => ({ ...e, request: { ...e.request, userAttributes: { email: 'a@b.c', email_verified: true } } }),
    'request.userAttributes.email_verified',
    'expected a string, got boolean',
  ],
  [
    'a null custom attribute',
    (e) => ({ ...e, request: { ...e.request, userAttributes: { 'custom:tenant': null } } }),
    'request.userAttributes.custom:tenant',
    'expected a string, got null',
  ],
  [
    'a nested object in clientMetadata',
    (e) => ({ ...e, request: { ...e.request, clientMetadata: { brand: { name: 'acme' } } } }),
    'request.clientMetadata.brand',
    'expected a string, got an object',
  ],
  [
    'clientMetadata as a string',
    (e) => ({ ...e, request: { ...e.request, clientMetadata: 'brand=acme' } }),
    'request.clientMetadata',
    'expected an object of string values, null or absent, got a string',
  ],
  [
    'a null code on SignUp',
    (e) => ({ ...e, request: { ...e.request, code: null } }),
    'request.code',
    CODE_REQUIRED('CustomEmailSender_SignUp', 'null'),
  ],
  [
    'a missing code on ForgotPassword',
    ({ request: { code: _, ...request }, ...e }) => ({
      ...e,
      triggerSource: 'CustomEmailSender_ForgotPassword',
      request,
    }),
    'request.code',
    CODE_REQUIRED('CustomEmailSender_ForgotPassword', MISSING),
  ],
  [
    'an empty code on AdminCreateUser',
    (e) => ({
      ...e,
      triggerSource: 'CustomEmailSender_AdminCreateUser',
      request: { ...e.request, code: '' },
    }),
    'request.code',
    CODE_REQUIRED('CustomEmailSender_AdminCreateUser', 'an empty string'),
  ],
  [
    'a numeric code',
    (e) => ({ ...e, request: { ...e.request, code: 123456 } }),
    'request.code',
    'expected a string or null, got number',
  ],
  [
    'a response that is not an object',
    (e) => ({ ...e, response: 'ok' }),
    'response',
    'expected an object, got a string',
  ],
];

describe('parseCustomEmailSenderEvent', () => {
  it('has a malformed corpus of at least 20 events', () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(20);
  });

  it.each(MALFORMED)('rejects %s, naming the path and the expectation', (_name, mutate, path, message) => {
    const input = mutate(signUp());

    const issues = issuesOf(input);

    expect(issues).toEqual([{ path, message }]);
  });

  it('reports every issue at once, each as "path: expected …, got …" in the message', () => {
    const event = signUp();
    const input = {
      ...event,
      version: 2,
      request: { ...event.request, type: 'x', userAttributes: { email: 1 } },
    };

    let caught: unknown;
    try {
      parseCustomEmailSenderEvent(input);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(EventValidationError);
    const error = caught as EventValidationError;
    expect(error.code).toBe('INVALID_EVENT');
    expect(error.name).toBe('EventValidationError');
    expect(error.message).toBe(
      'invalid Cognito custom email sender event (3 issues): version: expected a string, got number; ' +
        'request.type: expected "customEmailSenderRequestV1", got "x"; ' +
        'request.userAttributes.email: expected a string, got number',
    );
  });

  it('never puts the code into the error, whatever else is wrong', () => {
    const event = signUp();
    const inputs = [
      { ...event, triggerSource: SECRET_CODE },
      { ...event, request: { ...event.request, type: SECRET_CODE } },
      {
        ...event,
        triggerSource: 'CustomEmailSender_Foo',
        request: { ...event.request, userAttributes: null },
      },
      { ...event, request: { ...event.request, code: [SECRET_CODE] } },
      { ...event, request: { ...event.request, code: { value: SECRET_CODE } } },
    ];

    for (const input of inputs) {
      let text = '';
      try {
        parseCustomEmailSenderEvent(input);
      } catch (error) {
        text = JSON.stringify({
          message: (error as Error).message,
          issues: (error as EventValidationError).issues,
        });
      }
      expect(text).not.toBe('');
      // Echoed values are cut at 40 characters and never echoed when equal to the code.
      expect(text).not.toContain(SECRET_CODE);
    }
  });

  it('cuts an echoed value at 40 characters', () => {
    const long = `CustomEmailSender_${'X'.repeat(80)}`;

    const [issue] = issuesOf({ ...signUp(), triggerSource: long });

    expect(issue?.message).toBe(`expected one of ${ALL_SOURCES}, got "${long.slice(0, 40)}…"`);
  });

  it.each(fixtures.map((f) => [f.file, f.event] as const))(
    'accepts the %s fixture unchanged',
    (_file, event) => {
      expect(parseCustomEmailSenderEvent(event)).toEqual(event);
    },
  );

  it('covers all 8 trigger sources with fixtures', () => {
    expect(new Set(fixtures.map((f) => f.event.triggerSource))).toEqual(new Set(TRIGGER_SOURCES));
  });

  it('accepts clientMetadata as an object, null, or absent', () => {
    const event = signUp();
    const { clientMetadata: _, ...withoutMetadata } = event.request;

    expect(parseCustomEmailSenderEvent(event).request.clientMetadata).toBeNull();
    expect(
      parseCustomEmailSenderEvent({
        ...event,
        request: { ...event.request, clientMetadata: { brand: 'acme' } },
      }).request.clientMetadata,
    ).toEqual({ brand: 'acme' });
    expect(parseCustomEmailSenderEvent({ ...event, request: withoutMetadata }).request).not.toHaveProperty(
      'clientMetadata',
    );
  });

  it('accepts null callerContext fields and fills absent ones with null', () => {
    const event = signUp();

    const nulls = parseCustomEmailSenderEvent({
      ...event,
      callerContext: { awsSdkVersion: null, clientId: null },
    });
    const absent = parseCustomEmailSenderEvent({ ...event, callerContext: {} });

    expect(nulls.callerContext).toEqual({ awsSdkVersion: null, clientId: null });
    expect(absent.callerContext).toEqual({ awsSdkVersion: null, clientId: null });
  });

  it('accepts an account-takeover event with code null, uppercase threat attributes and no email', () => {
    const event = signUp();
    const input = {
      ...event,
      triggerSource: 'CustomEmailSender_AccountTakeOverNotification',
      request: {
        type: 'customEmailSenderRequestV1',
        code: null,
        userAttributes: { EVENT_ID: 'e-1', IP_ADDRESS: '203.0.113.42', ACCOUNT_TAKE_OVER_ACTION: 'BLOCK' },
        clientMetadata: null,
      },
    };

    const parsed = parseCustomEmailSenderEvent(input);

    expect(parsed.request.code).toBeNull();
    expect(parsed.request.userAttributes).toEqual(input.request.userAttributes);
  });

  it('tolerates fields Cognito may add, and leaves them out of the typed result', () => {
    const event = signUp();
    const input = {
      ...event,
      newTopLevel: { any: 'thing' },
      callerContext: { ...event.callerContext, sourceIp: '203.0.113.1' },
      request: { ...event.request, linkParameters: { a: 1 } },
    };

    const parsed = parseCustomEmailSenderEvent(input);

    expect(parsed).toEqual(event);
  });

  it('fills a missing response with an empty object, as Cognito always sends one', () => {
    const { response: _, ...event } = signUp();

    expect(parseCustomEmailSenderEvent(event).response).toEqual({});
  });
});
