/**
 * A loopback rig for provider tests: every mail stand-in from the testkit, one environment pointing the real
 * SDKs at them (with distinctive secrets, so a leak is easy to spot), a pino logger writing into memory
 * with the dispatcher's own redaction settings, and a sample message carrying a one-time code.
 */
import { randomUUID } from 'node:crypto';
import type { EmailMessage, ProviderName } from '@mailroom/shared-types';
import {
  type AcceptedMessage,
  type StandIn,
  startBrevoStandIn,
  startMailgunStandIn,
  startSendGridStandIn,
  startSesStandIn,
  startSmtpStandIn,
} from '@mailroom/testkit';
import type { Logger } from 'pino';
import { loadProvider } from '../../../src/providers/registry.js';
import type { EmailProvider, ProviderModule } from '../../../src/providers/types.js';
import { providerFromEnv } from '../../support/provider-from-env.js';

export { type CapturedLogs, captureLogs } from './capture-logs.js';

export const MAIL_PROVIDERS = ['sendgrid', 'mailgun', 'brevo', 'ses', 'smtp'] as const;
export type MailProvider = (typeof MAIL_PROVIDERS)[number];

/** Secrets the logs must never contain. */
export const SECRETS = {
  sendgrid: 'SG.rig-secret-4c1d9e',
  mailgun: 'key-rig-secret-7a2b6f',
  brevo: 'xkeysib-rig-secret-93e0a1',
  smtpPass: 'rig-smtp-pass-51dd',
  code: '482913',
} as const;

export interface Rig {
  standIns: Record<MailProvider, StandIn>;
  env: Record<string, string>;
  modules: Record<MailProvider, ProviderModule>;
  /** Creates a provider the way the handler does at cold start. */
  provider(name: MailProvider, logger: Logger, sandbox?: boolean): EmailProvider;
  /** Every message accepted by any stand-in since the last `reset()`, tagged with who accepted it. */
  accepted(): { provider: MailProvider; message: AcceptedMessage }[];
  /** Requests each stand-in saw since the last `reset()`. */
  requests(name: MailProvider): number;
  /** Clears faults and recordings (stand-ins and SDK clients stay up, as in a warm Lambda). */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts all mail stand-ins and loads the real provider modules through the registry.
 * Sets dummy AWS credentials in `process.env` (the AWS SDK reads credentials only from there).
 * @example const rig = await startRig(); … await rig.close();
 */
export async function startRig(): Promise<Rig> {
  const [sendgrid, mailgun, brevo, ses, smtp] = await Promise.all([
    startSendGridStandIn({ apiKey: SECRETS.sendgrid }),
    startMailgunStandIn({ apiKey: SECRETS.mailgun, domain: 'mg.mailroom.test' }),
    startBrevoStandIn({ apiKey: SECRETS.brevo }),
    startSesStandIn({ region: 'eu-west-1' }),
    startSmtpStandIn({ auth: { user: 'mailroom', pass: SECRETS.smtpPass } }),
  ]);
  const standIns: Record<MailProvider, StandIn> = { sendgrid, mailgun, brevo, ses, smtp };
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIDRIGTEST',
    AWS_SECRET_ACCESS_KEY: 'rig-aws-secret',
    AWS_REGION: 'eu-west-1',
  });
  const env: Record<string, string> = {
    SENDGRID_API_KEY: SECRETS.sendgrid,
    SENDGRID_API_URL: sendgrid.url,
    MAILGUN_API_KEY: SECRETS.mailgun,
    MAILGUN_DOMAIN: 'mg.mailroom.test',
    MAILGUN_API_URL: mailgun.url,
    BREVO_API_KEY: SECRETS.brevo,
    BREVO_API_URL: brevo.url,
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_SESV2: ses.url,
    SMTP_URL: smtp.url,
    SMTP_TLS_CA: smtp.cert ?? '',
  };
  const modules = Object.fromEntries(
    await Promise.all(MAIL_PROVIDERS.map(async (name) => [name, await loadProvider(name)] as const)),
  ) as Record<MailProvider, ProviderModule>;
  const baseline = new Map<MailProvider, number>();
  const reset = () => {
    for (const name of MAIL_PROVIDERS) {
      const standIn = standIns[name];
      standIn.fail(null);
      standIn.accepted.length = 0;
      standIn.rejected.length = 0;
      baseline.set(name, standIn.requestCount);
    }
  };
  reset();
  return {
    standIns,
    env,
    modules,
    provider: (name, logger, sandbox = false) => providerFromEnv(modules[name], env, { logger, sandbox }),
    accepted: () =>
      MAIL_PROVIDERS.flatMap((provider) =>
        standIns[provider].accepted.map((message) => ({ provider, message })),
      ),
    requests: (name) => standIns[name].requestCount - (baseline.get(name) ?? 0),
    reset,
    close: async () => {
      await Promise.all(MAIL_PROVIDERS.map((name) => standIns[name].close()));
    },
  };
}

/**
 * A message with every field the adapters map, and a one-time code in the bodies.
 * @example const message = sampleMessage({ to: [{ address: 'x@example.com' }] });
 */
export function sampleMessage(overrides: Partial<EmailMessage> = {}): EmailMessage {
  return {
    from: { name: 'Mailroom', address: 'no-reply@mailroom.test' },
    to: [{ name: 'Ana Souza', address: 'ana@example.com' }],
    replyTo: { address: 'help@mailroom.test' },
    subject: 'Your Mailroom code',
    html: `<p>Your code is <b>${SECRETS.code}</b></p>`,
    text: `Your code is ${SECRETS.code}`,
    headers: { 'X-Mailroom-Trigger': 'SignUp', 'X-Mailroom-Template': 'sign-up' },
    tags: ['SignUp', 'sign-up'],
    metadata: { trigger: 'SignUp', locale: 'pt-BR', brand: 'acme' },
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}

/** Names for assertions (`ProviderName` is wider than the mail providers). */
export function isMailProvider(name: ProviderName): name is MailProvider {
  return (MAIL_PROVIDERS as readonly string[]).includes(name);
}
