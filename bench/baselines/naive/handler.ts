/**
 * BASELINE "naive" — the custom email sender from the usual tutorials (AWS docs' example, most blog posts).
 *
 * What it represents: the simple thing people copy. `@aws-crypto/client-node`, `base64-js` and
 * `@sendgrid/mail` are imported at module top; the handler decrypts `request.code`, builds a text-only
 * message and sends it through SendGrid. No templates, no locales, no brands, no failover, no validation.
 *
 * The only changes from the tutorial are the ones the benchmark needs to reach the loopback stand-ins:
 * the SendGrid base URL comes from `SENDGRID_API_URL` (set after `setApiKey`, which resets it), and the
 * KMS endpoint from the SDK's standard `AWS_ENDPOINT_URL_KMS`. It is bundled by bench/src/bundle.ts with
 * the dispatcher's own esbuild options and externals. Not production code: never deploy it.
 */
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import sgMail from '@sendgrid/mail';
import b64 from 'base64-js';

interface Event {
  triggerSource: string;
  request: { code: string | null; userAttributes: Record<string, string> };
}

const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
const keyArn = process.env.KMS_KEY_ARN ?? '';
const keyring = new KmsKeyringNode({ generatorKeyId: keyArn, keyIds: [keyArn] });

sgMail.setApiKey(process.env.SENDGRID_API_KEY ?? '');
// Benchmark-only: the tutorial talks to api.sendgrid.com; the same client is pointed at the stand-in.
// `client` is the MailService's own instance (untyped in @sendgrid/mail's declarations).
const apiUrl = process.env.SENDGRID_API_URL;
if (apiUrl) {
  (
    sgMail as unknown as { client: { setDefaultRequest(key: string, value: string): void } }
  ).client.setDefaultRequest('baseUrl', apiUrl);
}

export async function handler(event: Event): Promise<void> {
  let plainTextCode: string | undefined;
  if (event.request.code) {
    const { plaintext } = await decrypt(keyring, b64.toByteArray(event.request.code));
    plainTextCode = plaintext.toString();
  }
  const to = event.request.userAttributes.email ?? '';
  await sgMail.send({
    to,
    from: process.env.EMAIL_FROM ?? 'no-reply@example.com',
    subject: 'Your verification code',
    text: plainTextCode ? `Your code is ${plainTextCode}` : `Account activity for ${to}`,
  });
}
