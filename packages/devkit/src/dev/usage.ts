/**
 * Bad input from a person (CLI flags, the studio's send form): a precise message, optionally the valid
 * choices, and a stable code. The CLI prints it without a stack trace and exits non-zero.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code: 'INVALID_USAGE' | 'BUILD_FAILED';
  /** Valid values for the field that was wrong (listed in the message too). */
  readonly choices: readonly string[];

  constructor(
    message: string,
    options: { choices?: readonly string[]; code?: 'INVALID_USAGE' | 'BUILD_FAILED'; cause?: unknown } = {},
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
