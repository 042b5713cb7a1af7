/**
 * A success answer without what makes it a success (no message id): the adapters throw this, and their
 * classifiers read it as transient (the provider may or may not have queued the message; another provider or
 * Lambda's retry is the better bet than dropping the email).
 */

/**
 * An Error named `MalformedResponseError` saying what was missing.
 * @example throw malformedResponse('SES answered without a MessageId');
 */
export function malformedResponse(what: string): Error {
  const err = new Error(`${what} (malformed response)`);
  err.name = 'MalformedResponseError';
  return err;
}
