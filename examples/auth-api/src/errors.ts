/**
 * The API's errors and how Cognito's become HTTP answers: a 4xx with Cognito's exception name and message
 * for what the caller can fix, a 5xx with a generic message for the rest, never a stack trace.
 */

/** Invalid configuration: every problem at once. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  readonly fix = 'set the variables listed (see the example README)';
  readonly retryable = false;
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
  }
}

/** An answer the API gives on purpose: status and a JSON body `{ error, message }`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 502 | 503,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

/** HTTP status per Cognito exception the auth routes can meet. */
const COGNITO_STATUS: Record<string, ApiError['status']> = {
  InvalidParameterException: 400,
  InvalidPasswordException: 400,
  CodeMismatchException: 400,
  ExpiredCodeException: 400,
  CodeDeliveryFailureException: 400,
  NotAuthorizedException: 401,
  UserNotConfirmedException: 403,
  PasswordResetRequiredException: 403,
  UserNotFoundException: 404,
  UsernameExistsException: 409,
  AliasExistsException: 409,
  TooManyRequestsException: 429,
  TooManyFailedAttemptsException: 429,
  LimitExceededException: 429,
};

/**
 * Turns what the Cognito SDK threw into the API's answer. Known client errors keep Cognito's name and message
 * (they are meant for the user: "User already exists", "Invalid verification code provided"); anything else
 * is a 502 that says the user pool failed, without its internals.
 * @example throw fromCognito(error);
 */
export function fromCognito(error: unknown): ApiError {
  const e = error as { name?: unknown; message?: unknown; $fault?: unknown } | null;
  const name = typeof e?.name === 'string' ? e.name : '';
  const status = COGNITO_STATUS[name];
  if (status) return new ApiError(status, name, typeof e?.message === 'string' ? e.message : name);
  return new ApiError(502, 'UserPoolError', 'the user pool could not handle the request; try again later');
}
