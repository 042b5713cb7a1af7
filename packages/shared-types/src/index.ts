export type { RenderedEmail, Address, EmailMessage, SendResult, ProviderName } from './email.js';
export { PROVIDER_NAMES, assertHeaderSafe } from './email.js';
export type { CustomEmailSenderEvent, AccountTakeOverAttributes } from './event.js';
export type { TriggerInfo, TriggerSource, TriggerName, DefaultTemplateId, CodeKind } from './triggers.js';
export {
  TRIGGERS,
  TRIGGER_SOURCES,
  TRIGGER_NAMES,
  triggerInfo,
  CUSTOM_EMAIL_SENDER_REQUEST_TYPE,
  CLIENT_ID_NOT_APPLICABLE,
} from './triggers.js';
// Runtime schema: parseCustomEmailSenderEvent / EventValidationError live in ./schema.ts (issue 2).
