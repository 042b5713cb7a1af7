/** Stable codes of `StudioError`; the CLI maps INVALID_USAGE to exit code 2, the rest to 1. */
export type StudioErrorCode = 'INVALID_USAGE' | 'BUILD_FAILED' | 'SEND_FAILED' | 'BUNDLE_INVALID';

/**
 * What the studio and the `mailroom` CLI throw for things a person can fix: a bad flag, a build that failed,
 * a send the dispatcher refused. The message names the field and the fix and lists valid choices; the CLI
 * prints it without a stack trace.
 * @example throw new StudioError(`unknown trigger "Foo"`, { choices: ['SignUp', 'ForgotPassword'] })
 */
export class StudioError extends Error {
  override readonly name = 'StudioError';
  readonly code: StudioErrorCode;
  /** Valid values for the field that was wrong (listed in the message too). */
  readonly choices: readonly string[];

  constructor(
    message: string,
    options: { choices?: readonly string[]; code?: StudioErrorCode; cause?: unknown } = {},
  ) {
    const choices = options.choices ?? [];
    super(
      choices.length > 0 ? `${message}; valid: ${choices.join(', ')}` : message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = options.code ?? 'INVALID_USAGE';
    this.choices = choices;
  }
}
