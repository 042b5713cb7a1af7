/** Stable codes for every way the infra app refuses to synthesize. */
export type InfraErrorCode =
  | 'INVALID_CONFIG'
  | 'DISPATCHER_BUNDLE_MISSING'
  | 'EXAMPLE_BUNDLE_MISSING'
  | 'NODE22_UNAVAILABLE'
  | 'POOL_UPDATE_REFUSED'
  | 'POOL_UPDATE_UNEXPECTED';

/**
 * Raised at synth time when the stack cannot be built as asked. The message names the field (or file) and
 * the fix, so `cdk synth` output alone tells the operator what to change.
 */
export class InfraError extends Error {
  override readonly name = 'InfraError';
  readonly code: InfraErrorCode;

  constructor(code: InfraErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
