/**
 * BASELINE "mjml-runtime" — the common "render per invocation" design.
 *
 * What it represents: a sender that keeps its MJML + Handlebars template as source and compiles both inside
 * the handler on every call (mjml2html, then Handlebars.compile, then render), instead of at build time.
 * Decrypt and send are the tutorial's (`@aws-crypto/client-node`, `@sendgrid/mail`), so the difference to
 * "naive" is the cost of run-time templating. One realistic template: forgot-password (template.ts).
 *
 * Benchmark-only changes: SendGrid's base URL from `SENDGRID_API_URL`, KMS via `AWS_ENDPOINT_URL_KMS`.
 * Bundled by bench/src/bundle.ts with the dispatcher's own esbuild options and externals. Never deploy it.
 */
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import sgMail from '@sendgrid/mail';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import { FORGOT_PASSWORD_MJML, FORGOT_PASSWORD_SUBJECT } from './template.js';

interface Event {
  triggerSource: string;
  userName: string;
  request: { code: string | null; userAttributes: Record<string, string> };
}

const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
const keyArn = process.env.KMS_KEY_ARN ?? '';
const keyring = new KmsKeyringNode({ generatorKeyId: keyArn, keyIds: [keyArn] });

sgMail.setApiKey(process.env.SENDGRID_API_KEY ?? '');
const apiUrl = process.env.SENDGRID_API_URL;
if (apiUrl) {
  // `client` is the MailService's own instance (untyped in @sendgrid/mail's declarations).
  (
    sgMail as unknown as { client: { setDefaultRequest(key: string, value: string): void } }
  ).client.setDefaultRequest('baseUrl', apiUrl);
}

const appUrl = process.env.APP_URL ?? 'https://app.example.com';
const brand = {
  name: 'Mailroom',
  primaryColor: '#2563eb',
  logoUrl: 'https://static.example.com/logo.png',
  address: '1 Example Street, Springfield',
  social: { github: 'https://github.com/example', linkedin: 'https://www.linkedin.com/company/example' },
};

export async function handler(event: Event): Promise<void> {
  let code = '';
  if (event.request.code) {
    const { plaintext } = await decrypt(keyring, Buffer.from(event.request.code, 'base64'));
    code = plaintext.toString();
  }
  const email = event.request.userAttributes.email ?? '';
  const { html: layout } = await mjml2html(FORGOT_PASSWORD_MJML, { validationLevel: 'soft' });
  const context = {
    code,
    email,
    username: event.userName,
    locale: 'en',
    brand,
    subject: '',
    links: {
      resetPassword: `${appUrl}/reset-password?username=${encodeURIComponent(event.userName)}`,
      support: `${appUrl}/support`,
    },
  };
  context.subject = Handlebars.compile(FORGOT_PASSWORD_SUBJECT, { strict: true })(context);
  const html = Handlebars.compile(layout, { strict: true })(context);
  await sgMail.send({
    to: email,
    from: process.env.EMAIL_FROM ?? 'no-reply@example.com',
    subject: context.subject,
    html,
    text: `Hi ${event.userName}, your password reset code is ${code}.`,
  });
}
