/** Client settings every AWS SDK test uses against a loopback stand-in. */
export function awsClientConfig(url: string, opts: { timeoutMs?: number; maxAttempts?: number } = {}) {
  return {
    endpoint: url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: opts.maxAttempts ?? 1,
    // requestTimeout alone only logs a warning; throwOnRequestTimeout makes it an error (design.md).
    requestHandler: { requestTimeout: opts.timeoutMs ?? 5_000, throwOnRequestTimeout: true },
  };
}

/**
 * The content every HTTP provider test sends through its own SDK, and what the stand-in must record for it:
 * one fixture, so SendGrid, Mailgun, Brevo and SES are held to the same normalised `AcceptedMessage`.
 */
export const SAMPLE = {
  replyTo: 'help@mailroom.test',
  subject: 'Your code',
  text: 'Your code is 123456',
  html: '<p>Your code is <b>123456</b></p>',
  headers: { 'X-Mailroom-Trigger': 'SignUp' },
  tags: ['sign-up', 'mailroom'],
  metadata: { trigger: 'SignUp', pool: 'eu-west-1_abc' },
};

/** Awaits a promise that must reject and returns what it rejected with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** The parts of an AWS SDK v3 error the classifier reads. */
export interface AwsSdkError extends Error {
  code?: string;
  $fault?: 'client' | 'server';
  $metadata: { httpStatusCode?: number; attempts?: number };
  $response?: { statusCode: number; headers: Record<string, string> };
}
