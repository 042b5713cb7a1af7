/**
 * The eight Cognito custom email sender trigger sources, their short names and default templates.
 * One table, so routing, the event factory, the preview and the docs can never disagree.
 */
export const TRIGGERS = [
  { source: 'CustomEmailSender_SignUp', name: 'SignUp', templateId: 'sign-up', codeKind: 'code' },
  { source: 'CustomEmailSender_ResendCode', name: 'ResendCode', templateId: 'resend-code', codeKind: 'code' },
  {
    source: 'CustomEmailSender_ForgotPassword',
    name: 'ForgotPassword',
    templateId: 'forgot-password',
    codeKind: 'code',
  },
  {
    source: 'CustomEmailSender_UpdateUserAttribute',
    name: 'UpdateUserAttribute',
    templateId: 'update-user-attribute',
    codeKind: 'code',
  },
  {
    source: 'CustomEmailSender_VerifyUserAttribute',
    name: 'VerifyUserAttribute',
    templateId: 'verify-user-attribute',
    codeKind: 'code',
  },
  {
    source: 'CustomEmailSender_AdminCreateUser',
    name: 'AdminCreateUser',
    templateId: 'admin-create-user',
    codeKind: 'temporaryPassword',
  },
  {
    source: 'CustomEmailSender_AccountTakeOverNotification',
    name: 'AccountTakeOverNotification',
    templateId: 'account-take-over',
    codeKind: 'none',
  },
  {
    source: 'CustomEmailSender_Authentication',
    name: 'Authentication',
    templateId: 'authentication',
    codeKind: 'code',
  },
] as const;

export type TriggerInfo = (typeof TRIGGERS)[number];
/** Full Cognito trigger source, e.g. `CustomEmailSender_SignUp`. */
export type TriggerSource = TriggerInfo['source'];
/** Short trigger name, e.g. `SignUp` (used by `DISABLED_TRIGGERS`, the CLI and logs). */
export type TriggerName = TriggerInfo['name'];
/** Default template id for a trigger, e.g. `sign-up`. */
export type DefaultTemplateId = TriggerInfo['templateId'];
/** What `request.code` carries for a trigger. */
export type CodeKind = TriggerInfo['codeKind'];

/**
 * Triggers whose events carry `request.clientMetadata` (often `null`): Cognito passes the app's metadata
 * only for these. Every other trigger's event has none, so brand selection falls back to `clientId`.
 */
export const TRIGGERS_WITH_CLIENT_METADATA: ReadonlySet<TriggerName> = new Set<TriggerName>([
  'SignUp',
  'ForgotPassword',
  'Authentication',
]);

/**
 * True when Cognito sends `clientMetadata` with this trigger (short name or full source).
 * @example carriesClientMetadata('CustomEmailSender_SignUp') // true
 */
export function carriesClientMetadata(nameOrSource: string): boolean {
  const info = triggerInfo(nameOrSource);
  return info !== undefined && TRIGGERS_WITH_CLIENT_METADATA.has(info.name);
}

export const TRIGGER_SOURCES: readonly TriggerSource[] = TRIGGERS.map((t) => t.source);
export const TRIGGER_NAMES: readonly TriggerName[] = TRIGGERS.map((t) => t.name);

/**
 * Looks a trigger up by its full source (`CustomEmailSender_SignUp`) or short name (`SignUp`),
 * case-insensitively. Returns `undefined` for anything else.
 * @example triggerInfo('forgotpassword')?.templateId // 'forgot-password'
 */
export function triggerInfo(nameOrSource: string): TriggerInfo | undefined {
  const key = nameOrSource.toLowerCase();
  return TRIGGERS.find((t) => t.source.toLowerCase() === key || t.name.toLowerCase() === key);
}

/** The `request.type` Cognito sends with every custom email sender event. */
export const CUSTOM_EMAIL_SENDER_REQUEST_TYPE = 'customEmailSenderRequestV1';
/** `callerContext.clientId` for admin operations (AdminCreateUser, admin resets). */
export const CLIENT_ID_NOT_APPLICABLE = 'CLIENT_ID_NOT_APPLICABLE';
