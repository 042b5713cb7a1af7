import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import {
  CLIENT_ID_NOT_APPLICABLE,
  CUSTOM_EMAIL_SENDER_REQUEST_TYPE,
  type CustomEmailSenderEvent,
  carriesClientMetadata,
  TRIGGERS_WITH_CLIENT_METADATA,
  type TriggerName,
  type TriggerSource,
  triggerInfo,
} from '@mailroom/shared-types';
import { encryptLikeCognito, type FactoryKms, regionOfKeyArn } from './encrypt.js';

export interface MakeEventOptions {
  kms: FactoryKms;
  /** Default: a random `<region>_AbCdEf123`-style id. */
  userPoolId?: string;
  /** Default: a random UUID (Cognito's username when email is an alias). */
  userName?: string;
  /** The `email` attribute; `null` leaves it out (AccountTakeOverNotification may come without one). */
  email?: string | null;
  /** Plaintext for code-carrying triggers; default: a random 6-digit code. */
  code?: string;
  /** AdminCreateUser's temporary password (unescaped); default: a random 12-character password. */
  temporaryPassword?: string;
  /** App client id; ignored for AdminCreateUser, which always has `CLIENT_ID_NOT_APPLICABLE`. */
  clientId?: string;
  /** Only SignUp, ForgotPassword and Authentication carry it (default `null` there). */
  clientMetadata?: Record<string, string> | null;
  /** Merged over the trigger's realistic default attributes. */
  userAttributes?: Record<string, string>;
}

export interface MadeEvent {
  event: CustomEmailSenderEvent;
  /** What the user must receive: the code or the unescaped temporary password; `null` for account takeover. */
  plaintext: string | null;
}

/** "SignUp, ForgotPassword and Authentication", for the error message. */
const CLIENT_METADATA_TRIGGERS_TEXT = [...TRIGGERS_WITH_CLIENT_METADATA]
  .join(', ')
  .replace(/, ([^,]*)$/, ' and $1');

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes a temporary password the way Cognito does before encrypting it (`& < > " '`).
 * @example escapeLikeCognito('a<b') // 'a&lt;b'
 */
export function escapeLikeCognito(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A 6-digit code, leading zeros included, like Cognito's. */
function randomCode(): string {
  return String(randomInt(1_000_000)).padStart(6, '0');
}

/** Meets Cognito's default password policy; includes HTML-special characters so escaping is exercised. */
function randomTemporaryPassword(): string {
  const parts = [
    randomFrom('ABCDEFGHJKLMNPQRSTUVWXYZ', 3),
    randomFrom('abcdefghijkmnopqrstuvwxyz', 4),
    randomFrom('23456789', 3),
    randomFrom('<>&"\'', 1),
    randomFrom('!#$%^*', 1),
  ].join('');
  const chars = [...parts];
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

function randomUserPoolId(region: string): string {
  return `${region}_${randomFrom(ALPHANUMERIC, 9)}`;
}

function randomClientId(): string {
  return randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 26);
}

function loginTime(): string {
  // Cognito's threat-protection emails show the time like `Thu Nov 20 21:56:31 UTC 2026`.
  const d = new Date();
  const [weekday, , , , time] = d.toUTCString().replace(',', '').split(' ');
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  return `${weekday} ${month} ${String(d.getUTCDate()).padStart(2, '0')} ${time} UTC ${d.getUTCFullYear()}`;
}

function threatAttributes(
  region: string,
  userPoolId: string,
  userName: string,
  eventId: string,
): Record<string, string> {
  const feedbackToken = randomBytes(48).toString('base64url');
  const feedback = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}/feedback?event_id=${eventId}&token=${feedbackToken}`;
  return {
    LOGIN_TIME: loginTime(),
    CITY: 'Springfield',
    COUNTRY: 'United States',
    DEVICE_NAME: 'Chrome 131, Windows 10',
    IP_ADDRESS: '203.0.113.42',
    ACCOUNT_TAKE_OVER_ACTION: 'BLOCK',
    EVENT_ID: eventId,
    FEEDBACK_TOKEN: feedbackToken,
    ONE_CLICK_LINK_VALID: `${feedback}&valid=true`,
    ONE_CLICK_LINK_INVALID: `${feedback}&valid=false`,
    USER_NAME: userName,
  };
}

function defaultAttributes(source: TriggerSource, userName: string): Record<string, string> {
  const base = { sub: userName };
  switch (source) {
    case 'CustomEmailSender_SignUp':
    case 'CustomEmailSender_ResendCode':
      return { ...base, 'cognito:user_status': 'UNCONFIRMED', email_verified: 'false' };
    case 'CustomEmailSender_AdminCreateUser':
      return { ...base, 'cognito:user_status': 'FORCE_CHANGE_PASSWORD', email_verified: 'true' };
    case 'CustomEmailSender_UpdateUserAttribute':
    case 'CustomEmailSender_VerifyUserAttribute':
      return { ...base, 'cognito:user_status': 'CONFIRMED', email_verified: 'false' };
    default:
      return { ...base, 'cognito:user_status': 'CONFIRMED', email_verified: 'true' };
  }
}

/**
 * Builds a custom email sender event as Cognito sends it, with `request.code` encrypted for real (Encryption
 * SDK, suite 0x0378, context `userpool-id`) through a KMS stand-in.
 * @example
 * const kms = await startKmsStandIn();
 * const { event, plaintext } = await makeEvent('SignUp', { kms, email: 'ada@example.com' });
 */
export async function makeEvent(
  trigger: TriggerName | TriggerSource,
  opts: MakeEventOptions,
): Promise<MadeEvent> {
  const info = triggerInfo(trigger);
  if (!info) {
    throw new TypeError(
      `unknown trigger "${trigger}"; use a name like SignUp or a source like CustomEmailSender_SignUp`,
    );
  }
  const source = info.source;
  const region = opts.kms.region ?? regionOfKeyArn(opts.kms.keyArn);
  const userPoolId = opts.userPoolId ?? randomUserPoolId(region);
  const userName = opts.userName ?? randomUUID();
  const email = opts.email === undefined ? `user-${userName.slice(0, 8)}@example.com` : opts.email;

  if (opts.clientMetadata && !carriesClientMetadata(source)) {
    throw new TypeError(
      `Cognito sends clientMetadata only with ${CLIENT_METADATA_TRIGGERS_TEXT}, not ${info.name}; drop the option`,
    );
  }

  const isTakeOver = info.codeKind === 'none';
  const attributes = isTakeOver
    ? threatAttributes(region, userPoolId, userName, opts.userAttributes?.EVENT_ID ?? randomUUID())
    : defaultAttributes(source, userName);
  const userAttributes: Record<string, string> = { ...attributes, ...opts.userAttributes };
  if (email === null) {
    delete userAttributes.email;
    delete userAttributes.email_verified;
  } else {
    userAttributes.email = email;
  }

  let plaintext: string | null = null;
  let code: string | null = null;
  if (info.codeKind === 'temporaryPassword') {
    plaintext = opts.temporaryPassword ?? opts.code ?? randomTemporaryPassword();
    code = await encryptLikeCognito({ plaintext: escapeLikeCognito(plaintext), kms: opts.kms, userPoolId });
  } else if (info.codeKind === 'code') {
    plaintext = opts.code ?? randomCode();
    code = await encryptLikeCognito({ plaintext, kms: opts.kms, userPoolId });
  }

  const request: CustomEmailSenderEvent['request'] = {
    type: CUSTOM_EMAIL_SENDER_REQUEST_TYPE,
    code,
    userAttributes,
  };
  if (isTakeOver) request.clientMetadata = null;
  else if (carriesClientMetadata(source)) request.clientMetadata = opts.clientMetadata ?? null;

  const event: CustomEmailSenderEvent = {
    version: '1',
    triggerSource: source,
    region,
    userPoolId,
    userName,
    callerContext: {
      awsSdkVersion: 'aws-sdk-unknown-unknown',
      clientId:
        info.codeKind === 'temporaryPassword'
          ? CLIENT_ID_NOT_APPLICABLE
          : (opts.clientId ?? randomClientId()),
    },
    request,
    response: {},
  };
  return { event, plaintext };
}
