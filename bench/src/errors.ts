/** Why a benchmark run could not produce figures (setup problems, not slow results). */
export type BenchErrorCode =
  | 'OURS_NOT_BUILT'
  | 'BUNDLE_FAILED'
  | 'BUNDLE_OPTIONS'
  | 'CHILD_FAILED'
  | 'INVOCATION_FAILED'
  | 'BAD_FLAG'
  | 'NO_VALGRIND';

/**
 * A benchmark setup failure with a stable code and a message that says how to fix it.
 * @example throw new BenchError('OURS_NOT_BUILT', 'run pnpm --filter @mailroom/dispatcher build');
 */
export class BenchError extends Error {
  override readonly name = 'BenchError';
  readonly code: BenchErrorCode;

  constructor(code: BenchErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
