/**
 * The one error base every Mailroom package extends. Each error carries a stable `code` (logs, alarms and
 * tests key on it), `retryable` (whether trying the same thing again later can help: the dispatcher throws
 * for Lambda's asynchronous retry exactly then) and, where a human has to act, a `fix`. Messages never hold
 * a decrypted code, a temporary password or an API key.
 */

/** What a Mailroom error is constructed with, besides its code and message. */
export interface MailroomErrorOptions {
  /** Whether a later retry of the same work can succeed (default `false`: permanent). */
  retryable?: boolean | undefined;
  /** What an operator should do about it (logged next to `code`). */
  fix?: string | undefined;
  cause?: unknown;
}

/**
 * Base class: `code`, `fix`, `retryable`, and `{ cause }` kept for debugging (never logged as such).
 * @example
 * class TemplateMissingError extends MailroomError<'TEMPLATE_NOT_FOUND'> {
 *   override name = 'TemplateMissingError';
 * }
 * throw new TemplateMissingError('TEMPLATE_NOT_FOUND', 'no template sign-up', { fix: 'run the build' });
 */
export class MailroomError<Code extends string = string> extends Error {
  override name = 'MailroomError';
  readonly code: Code;
  readonly retryable: boolean;
  /** What an operator should do about it; `undefined` when the message says it all. */
  readonly fix: string | undefined;

  constructor(code: Code, message: string, options: MailroomErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.fix = options.fix;
  }
}
