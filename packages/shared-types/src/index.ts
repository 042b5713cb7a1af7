export {
  EMAIL_ADDRESS_MAX_CHARS,
  EMAIL_ADDRESS_PATTERN,
  isEmailAddress,
  parseAddress,
} from './contracts/email-address.js';
export type {
  Env,
  EnvContract,
  EnvContractOptions,
  EnvProblem,
  EnvVariable,
  LogLevel,
} from './contracts/env.js';
export {
  envFlag,
  envList,
  KMS_KEY_ARN_PATTERN,
  LOCALE_PATTERN,
  LOG_LEVELS,
  logLevelOf,
  PROVIDER_ATTEMPT_TIMEOUT_RANGE_MS,
  parseEnvContract,
  USER_POOL_ID_PATTERN,
} from './contracts/env.js';
export { MailroomError, type MailroomErrorOptions } from './contracts/errors.js';
export {
  HTML_SIZE_FAIL_BYTES,
  HTML_SIZE_WARN_BYTES,
  INVOCATION_SAFETY_MARGIN_MS,
  PROVIDER_ATTEMPT_CAP_MS,
  PROVIDER_ATTEMPT_FLOOR_MS,
} from './contracts/limits.js';
export type { OutboxRecord } from './contracts/outbox.js';
export { DEFAULT_OUTBOX_DIR } from './contracts/outbox.js';
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
export type { ProviderVariables } from './contracts/providers.js';
export {
  PROVIDER_SECRET_KEYS,
  PROVIDER_VARIABLES,
  SES_CONFIGURATION_SET_PATTERN,
} from './contracts/providers.js';
export type {
  CodeKind,
  DefaultTemplateId,
  TriggerInfo,
  TriggerName,
  TriggerSource,
} from './contracts/triggers.js';
export {
  CLIENT_ID_NOT_APPLICABLE,
  CUSTOM_EMAIL_SENDER_REQUEST_TYPE,
  carriesClientMetadata,
  TRIGGER_NAMES,
  TRIGGER_SOURCES,
  TRIGGERS,
  TRIGGERS_WITH_CLIENT_METADATA,
  triggerInfo,
} from './contracts/triggers.js';
export type { Address, EmailMessage, ProviderName, RenderedEmail, SendResult } from './email.js';
export { assertHeaderSafe, PROVIDER_NAMES } from './email.js';
export type { EventIssue } from './errors.js';
export { EventValidationError } from './errors.js';
export type { AccountTakeOverAttributes, CustomEmailSenderEvent } from './event.js';
export { isAllowedLinkBase, LOOPBACK_HOSTNAMES } from './links.js';
export { parseCustomEmailSenderEvent } from './schema.js';
export {
  COGNITO_ATTRIBUTE_MAX_CHARS,
  DISPLAY_NAME_MAX_CHARS,
  displayNameOf,
  oneLineText,
  truncateText,
} from './user-text.js';
