/** Stable codes of `BridgeError`. */
export type BridgeErrorCode =
  /** The dispatcher bundle is missing: build it. */
  | 'BUNDLE_MISSING'
  /** The bundle's cold start failed (invalid configuration): its `config_invalid` line lists every problem. */
  | 'INIT_FAILED'
  /** The Lambda runtime process ended while an invocation was running. */
  | 'RUNTIME_EXITED'
  /** The invocation ran past the bridge's function timeout. */
  | 'TIMEOUT'
  /** cognito-local's ciphertext could not be decrypted through the KMS stand-in. */
  | 'DECRYPT_FAILED'
  /** Re-encrypting the secret the way Cognito does failed (KMS stand-in unreachable). */
  | 'ENCRYPT_FAILED';

/**
 * What the cognito-local bridge throws (and answers an invoke with, as a Lambda function error): a stable
 * `code`, a `fix` a person can act on, and whether retrying can help. Never holds a code or a password.
 * @example throw new BridgeError('BUNDLE_MISSING', 'no bundle at dist/index.js', { fix: 'build it', retryable: false })
 */
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  readonly code: BridgeErrorCode;
  readonly fix: string;
  readonly retryable: boolean;

  constructor(
    code: BridgeErrorCode,
    message: string,
    options: { fix: string; retryable: boolean; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.fix = options.fix;
    this.retryable = options.retryable;
  }
}
