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
