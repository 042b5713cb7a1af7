/**
 * The event step: cognito-local's custom email sender event differs from Cognito's in a few fields. Each
 * difference is listed here, once, and made to look as Cognito sends it; everything else passes through
 * untouched, so a malformed event still reaches the dispatcher's own validation (the bridge never fixes
 * what the dispatcher should refuse). `request.code` is handled by recrypt.ts.
 */
import { CLIENT_ID_NOT_APPLICABLE, carriesClientMetadata } from '@mailroom/shared-types';

/** One field the bridge changed (names only: values can be personal data). */
export interface FieldChange {
  field: string;
  why: string;
}

/** What Cognito's custom email sender events say in `version`. */
export const COGNITO_EVENT_VERSION = '1';
/** What Cognito's own examples carry in `callerContext.awsSdkVersion` for custom sender events. */
export const COGNITO_AWS_SDK_VERSION = 'aws-sdk-unknown-unknown';

/** The user's status at the moment Cognito sends each trigger (cognito-local sends no `cognito:user_status`). */
const USER_STATUS: Record<string, string> = {
  CustomEmailSender_SignUp: 'UNCONFIRMED',
  CustomEmailSender_ResendCode: 'UNCONFIRMED',
  CustomEmailSender_AdminCreateUser: 'FORCE_CHANGE_PASSWORD',
  CustomEmailSender_ForgotPassword: 'CONFIRMED',
  CustomEmailSender_UpdateUserAttribute: 'CONFIRMED',
  CustomEmailSender_VerifyUserAttribute: 'CONFIRMED',
};

/** `email_verified` where Cognito's value follows from the trigger; elsewhere the stored value is kept. */
const EMAIL_VERIFIED: Record<string, string> = {
  // Sign-up codes go to an address that is, by definition, not verified yet.
  CustomEmailSender_SignUp: 'false',
  CustomEmailSender_ResendCode: 'false',
  // Cognito sends a reset code only to a verified address (cognito-local never marks one verified on
  // ConfirmSignUp, so its users have no email_verified at all).
  CustomEmailSender_ForgotPassword: 'true',
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Change = (field: string, why: string) => void;

function normaliseCaller(caller: Record<string, unknown>, change: Change): void {
  if (typeof caller.awsSdkVersion === 'string' && caller.awsSdkVersion !== COGNITO_AWS_SDK_VERSION) {
    caller.awsSdkVersion = COGNITO_AWS_SDK_VERSION;
    change('callerContext.awsSdkVersion', 'cognito-local sends its own aws-sdk v2 version');
  }
  if (caller.clientId === null || caller.clientId === undefined) {
    caller.clientId = CLIENT_ID_NOT_APPLICABLE;
    change('callerContext.clientId', 'cognito-local can send null; Cognito says CLIENT_ID_NOT_APPLICABLE');
  }
}

function normaliseClientMetadata(request: Record<string, unknown>, source: string, change: Change): void {
  if (carriesClientMetadata(source)) {
    if (request.clientMetadata === undefined) {
      request.clientMetadata = null;
      change(
        'request.clientMetadata',
        'cognito-local leaves it out when the app sent none; Cognito sends null',
      );
    }
  } else if (source.startsWith('CustomEmailSender_') && 'clientMetadata' in request) {
    delete request.clientMetadata;
    change('request.clientMetadata', `Cognito sends no clientMetadata with ${source}`);
  }
}

function normaliseAttributes(attributes: Record<string, unknown>, source: string, change: Change): void {
  const status = USER_STATUS[source];
  if (status && attributes['cognito:user_status'] === undefined) {
    attributes['cognito:user_status'] = status;
    change('request.userAttributes.cognito:user_status', 'cognito-local sends no user status; Cognito does');
  }
  const verified = EMAIL_VERIFIED[source];
  if (verified && typeof attributes.email === 'string' && attributes.email_verified === undefined) {
    attributes.email_verified = verified;
    change('request.userAttributes.email_verified', 'cognito-local leaves it out; Cognito sends it');
  }
}

function normaliseEnvelope(event: Record<string, unknown>, region: string, change: Change): void {
  if (event.version === '0') {
    event.version = COGNITO_EVENT_VERSION;
    change('version', 'cognito-local says "0"; Cognito\'s custom sender events say "1"');
  }
  if (event.region === 'local') {
    event.region = region;
    change('region', 'cognito-local says "local"; Cognito names the pool\'s region');
  }
}

/**
 * Returns a copy of cognito-local's event shaped as Cognito sends it, and the list of fields changed.
 * `region` is the region to report (cognito-local says `"local"`).
 * @example
 * const { event, changes } = normaliseCognitoLocalEvent(JSON.parse(body), 'us-east-1');
 * changes.map((c) => c.field); // ['version', 'region', 'callerContext.awsSdkVersion', …]
 */
export function normaliseCognitoLocalEvent(
  raw: unknown,
  region: string,
): { event: unknown; changes: FieldChange[] } {
  if (!isObject(raw)) return { event: raw, changes: [] };
  const event: Record<string, unknown> = structuredClone(raw);
  const changes: FieldChange[] = [];
  const change: Change = (field, why) => changes.push({ field, why });
  const source = typeof event.triggerSource === 'string' ? event.triggerSource : '';
  normaliseEnvelope(event, region, change);
  if (isObject(event.callerContext)) normaliseCaller(event.callerContext, change);
  if (isObject(event.request)) {
    normaliseClientMetadata(event.request, source, change);
    if (isObject(event.request.userAttributes))
      normaliseAttributes(event.request.userAttributes, source, change);
  }
  if (!isObject(event.response)) {
    event.response = {};
    change('response', 'Cognito always sends response: {}');
  }
  return { event, changes };
}
