export { MailroomError, type MailroomErrorOptions } from './contracts/errors.js';
export type {
  EmailFailedOutcome,
  EmailSentOutcome,
  EmailSkippedOutcome,
  Outcome,
  OutcomeAttempt,
  OutcomeBase,
  OutcomeEvent,
  OutcomeFacts,
} from './contracts/outcome.js';
export { OUTCOME_EVENTS } from './contracts/outcome.js';
export type { Address, EmailMessage, ProviderName, RenderedEmail, SendResult } from './email.js';
export { assertHeaderSafe, PROVIDER_NAMES } from './email.js';
export type { EventIssue } from './errors.js';
export { EventValidationError } from './errors.js';
export type { AccountTakeOverAttributes, CustomEmailSenderEvent } from './event.js';
export {
  INVOCATION_SAFETY_MARGIN_MS,
  PROVIDER_ATTEMPT_CAP_MS,
  PROVIDER_ATTEMPT_FLOOR_MS,
} from './limits.js';
export { isAllowedLinkBase, LOOPBACK_HOSTNAMES } from './links.js';
export { parseCustomEmailSenderEvent } from './schema.js';
export type { CodeKind, DefaultTemplateId, TriggerInfo, TriggerName, TriggerSource } from './triggers.js';
export {
  CLIENT_ID_NOT_APPLICABLE,
  CUSTOM_EMAIL_SENDER_REQUEST_TYPE,
  TRIGGER_NAMES,
  TRIGGER_SOURCES,
  TRIGGERS,
  triggerInfo,
} from './triggers.js';
export {
  COGNITO_ATTRIBUTE_MAX_CHARS,
  DISPLAY_NAME_MAX_CHARS,
  displayNameOf,
  oneLineText,
  truncateText,
} from './user-text.js';
