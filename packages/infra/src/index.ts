export type { LogLevel, MailroomConfig, RawMailroomConfig } from './config.js';
export { CONTEXT_KEYS, DEPLOYABLE_PROVIDERS, LOG_LEVELS, resolveMailroomConfig } from './config.js';
export type { InfraErrorCode } from './errors.js';
export { InfraError } from './errors.js';
export type { MailroomStackProps } from './mailroom-stack.js';
export {
  DEFAULT_DISPATCHER_DIST,
  DEFAULT_PROVIDER_ATTEMPT_TIMEOUT,
  FAILED_FILTER_PATTERN,
  FALLBACK_FILTER_PATTERN,
  FIXED_BUDGET,
  MailroomStack,
  SENT_FILTER_PATTERN,
} from './mailroom-stack.js';
