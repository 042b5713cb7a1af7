/**
 * @mailroom/dispatcher — the Lambda Cognito invokes as its custom email sender.
 *
 * `handler` initialises lazily on its first invocation; the deployable bundle's entry (`src/lambda.ts`)
 * additionally initialises at module load so configuration errors fail Lambda's init phase.
 */
import { createHandler } from './handler.js';

/** The typed outcome `createHandler({ onOutcome })` receives (defined once, in shared-types). */
export type {
  EmailFailedOutcome,
  EmailSentOutcome,
  EmailSkippedOutcome,
  Outcome,
  OutcomeEvent,
} from '@mailroom/shared-types';

export { AWS_SDK_VERSION } from './aws-sdk.js';
export type { Config, Env } from './config.js';
export { loadConfig, parseBaseConfig } from './config.js';
export { classifyKmsError, createDecryptor, unescapeTemporaryPassword } from './decrypt.js';
export {
  ConfigError,
  DecryptError,
  type DeliveryAttempt,
  DeliveryError,
  DispatcherError,
  type DispatcherErrorCode,
  ProviderError,
} from './errors.js';
export type { HandlerOptions, InvocationContext, MailroomHandler } from './handler.js';
export { createHandler } from './handler.js';
export { createLogger, maskEmail, REDACT_PATHS } from './logger.js';
export { buildMessage, idempotencyKey } from './message.js';
export type { ProviderConfigs } from './providers/env/index.js';
export { createChain, loadProvider } from './providers/registry.js';
export type { EmailProvider, FailureClass, ProviderModule, ProviderRuntime } from './providers/types.js';
export { routeEvent } from './routing.js';

/**
 * The Lambda entry point (`index.handler`): reads `process.env` once, on first use.
 * @example await handler(event, context);
 */
export const handler = createHandler();
