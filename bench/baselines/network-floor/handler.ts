/**
 * BASELINE "network floor" — a probe for the network model (issue 18), not an email sender.
 *
 * What it represents: the least a warm invocation can cost under the model as this harness builds it. Per
 * event it makes exactly the two requests the floor counts, one after the other, over kept-alive TLS
 * connections through the same fronts as every contestant: a KMS `Decrypt` of the event's data key (the
 * Encryption SDK message header is read by hand: no Encryption SDK, no AWS SDK, no signature check) and the
 * SendGrid `POST /v3/mail/send` of a fixed text message (no render, no SDK). What it measures above the
 * pinned arithmetic floor (12 + 120 ms) is the harness's own cost — the fronts' relays and TLS, the
 * stand-ins' processing, timer granularity, the child's TLS records — which every contestant pays too.
 *
 * Only `node:https`. The SigV4 `Authorization` header is a placeholder: the KMS stand-in checks its scheme,
 * not the signature (real KMS would; signing costs the SDK about a millisecond, counted as SDK overhead).
 * Not production code: never deploy it.
 */
import { Agent, request } from 'node:https';

interface Event {
  request: { code: string | null; userAttributes: Record<string, string> };
}

const agent = new Agent({ keepAlive: true });
const kmsUrl = new URL(process.env.AWS_ENDPOINT_URL_KMS ?? 'https://kms.us-east-1.amazonaws.com');
const espUrl = new URL('/v3/mail/send', process.env.SENDGRID_API_URL ?? 'https://api.sendgrid.com');
const from = /<([^>]+)>/.exec(process.env.EMAIL_FROM ?? '')?.[1] ?? 'no-reply@example.com';

/** Reads `length`-prefixed fields of an Encryption SDK v1 message header. */
function headerReader(bytes: Buffer) {
  let at = 0;
  const u16 = (): number => {
    const value = bytes.readUInt16BE(at);
    at += 2;
    return value;
  };
  const field = (): Buffer => {
    const length = u16();
    at += length;
    return bytes.subarray(at - length, at);
  };
  return {
    skip: (n: number) => {
      at += n;
    },
    u16,
    field,
  };
}

/** The encryption context and the first (KMS) data key of a message-format-1 Encryption SDK message. */
function dataKeyOf(code: string): { context: Record<string, string>; ciphertext: string } {
  const read = headerReader(Buffer.from(code, 'base64'));
  read.skip(1 + 1 + 2 + 16); // version, type, suite, message id
  const contextLength = read.u16();
  const context: Record<string, string> = {};
  if (contextLength > 0) {
    for (let pairs = read.u16(); pairs > 0; pairs -= 1) {
      const key = read.field().toString('utf8');
      context[key] = read.field().toString('utf8');
    }
  }
  read.u16(); // data key count (Cognito sends one)
  read.field(); // provider id ("aws-kms")
  read.field(); // provider info (the key ARN)
  return { context, ciphertext: read.field().toString('base64') };
}

function post(url: URL, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function expect2xx(status: number, what: string): void {
  if (status < 200 || status > 299) throw new Error(`${what} answered ${status}`);
}

export async function handler(event: Event): Promise<void> {
  if (event.request.code) {
    const { context, ciphertext } = dataKeyOf(event.request.code);
    const status = await post(
      kmsUrl,
      {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'TrentService.Decrypt',
        authorization: 'AWS4-HMAC-SHA256 Credential=probe/19700101/us-east-1/kms/aws4_request',
      },
      JSON.stringify({
        CiphertextBlob: ciphertext,
        EncryptionContext: context,
        KeyId: process.env.KMS_KEY_ARN,
      }),
    );
    expect2xx(status, 'KMS Decrypt');
  }
  const status = await post(
    espUrl,
    { 'content-type': 'application/json', authorization: `Bearer ${process.env.SENDGRID_API_KEY}` },
    JSON.stringify({
      personalizations: [{ to: [{ email: event.request.userAttributes.email ?? 'user@example.com' }] }],
      from: { email: from },
      subject: 'network floor probe',
      content: [{ type: 'text/plain', value: 'probe' }],
    }),
  );
  expect2xx(status, 'SendGrid');
}
