export type { Address, EmailMessage, ProviderName, RenderedEmail, SendResult } from './email.js';
export { assertHeaderSafe, PROVIDER_NAMES } from './email.js';
export type { EventIssue } from './errors.js';
export { EventValidationError } from './errors.js';
export type { AccountTakeOverAttributes, CustomEmailSenderEvent } from './event.js';
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
