/**
 * BASELINE "mjml-runtime" — the common "render per invocation" design.
 *
 * What it represents: a sender that keeps its MJML + Handlebars template as source and compiles both inside
 * the handler on every call (mjml2html, then Handlebars.compile, then render), instead of at build time.
 * Decrypt and send are the tutorial's (`@aws-crypto/client-node`, `@sendgrid/mail`), so the difference to
 * "naive" is the cost of run-time templating. The template is the repo's own forgot-password email (layout
 * and partials inlined, default brand, English strings: template.generated.ts, made by sync-template.ts),
 * with a small `t` helper for its strings.
 *
 * Benchmark-only changes: SendGrid's base URL from `SENDGRID_API_URL`, KMS via `AWS_ENDPOINT_URL_KMS`.
 * Bundled by bench/src/bundle.ts with the dispatcher's own esbuild options and externals. Never deploy it.
 */
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import sgMail from '@sendgrid/mail';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import { BRAND, EMAIL_MJML, STRINGS, SUBJECT_HBS, TEMPLATE_ID } from './template.generated.js';

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

const appUrl = process.env.APP_URL ?? BRAND.appUrl;

// `{{t ".key" param=…}}`: the template's own strings (".key") or shared ones ("common.key"), `{param}`
// placeholders filled and escaped.
Handlebars.registerHelper('t', (key: string, options: Handlebars.HelperOptions) => {
  const [namespace, name] = key.startsWith('.') ? [TEMPLATE_ID, key.slice(1)] : key.split('.', 2);
  const message = STRINGS[namespace ?? '']?.[name ?? ''];
  if (message === undefined) throw new Error(`missing string ${key}`);
  const root = options.data.root as { displayName: string };
  const params: Record<string, unknown> = {
    brand: BRAND.displayName,
    name: root.displayName,
    ...options.hash,
  };
  const out = message.replace(/\{(\w+)\}/g, (_, p: string) =>
    Handlebars.escapeExpression(String(params[p] ?? '')),
  );
  return new Handlebars.SafeString(out);
});

export async function handler(event: Event): Promise<void> {
  let code = '';
  if (event.request.code) {
    const { plaintext } = await decrypt(keyring, Buffer.from(event.request.code, 'base64'));
    code = plaintext.toString();
  }
  const attributes = event.request.userAttributes;
  const email = attributes.email ?? '';
  const { html: layout } = await mjml2html(EMAIL_MJML, { validationLevel: 'soft' });
  const context = {
    code,
    email,
    displayName: attributes.given_name ?? event.userName,
    locale: { code: 'en', dir: 'ltr' },
    links: {
      home: appUrl,
      primary: `${appUrl}/reset-password?username=${encodeURIComponent(event.userName)}&code=${encodeURIComponent(code)}`,
    },
  };
  const subject = Handlebars.compile(SUBJECT_HBS, { strict: true })(context);
  const html = Handlebars.compile(layout, { strict: true })(context);
  await sgMail.send({
    to: email,
    from: process.env.EMAIL_FROM ?? 'no-reply@example.com',
    subject,
    html,
    text: `Hi ${context.displayName}, your password reset code is ${code}.`,
  });
}
