/** One problem found in an event: where (`request.userAttributes.email`) and what (`expected a string, got number`). */
export interface EventIssue {
  /** Dot path into the event, `(root)` for the event itself. */
  path: string;
  /** `expected …, got …`. Never contains the value of `request.code`. */
  message: string;
}

/**
 * Thrown by `parseCustomEmailSenderEvent` when an event does not have the shape Cognito sends.
 * The message lists every issue as `path: expected …, got …`, so one log line says what to fix.
 */
export class EventValidationError extends Error {
  override readonly name = 'EventValidationError';
  readonly code = 'INVALID_EVENT' as const;
  readonly issues: readonly EventIssue[];

  constructor(issues: readonly EventIssue[], options?: { cause?: unknown }) {
    const count = issues.length === 1 ? '1 issue' : `${issues.length} issues`;
    const list = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    super(`invalid Cognito custom email sender event (${count}): ${list}`, options);
    this.issues = issues;
  }
}
