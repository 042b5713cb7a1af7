/**
 * Every provider's `parseEnv`, loaded statically: they import no SDK, so config.ts can check every chosen
 * provider's variables (and report every problem at once) while the adapters themselves stay lazy chunks
 * (`registry.ts`).
 */
import type { ProviderName } from '@mailroom/shared-types';
import type { Env, ParsedEnv } from '../kit/index.js';
import { type BrevoConfig, parseEnv as brevo } from './brevo.js';
import { type MailgunConfig, parseEnv as mailgun } from './mailgun.js';
import { type OutboxConfig, parseEnv as outbox } from './outbox.js';
import { type SendGridConfig, parseEnv as sendgrid } from './sendgrid.js';
import { type SesConfig, parseEnv as ses } from './ses.js';
import { type SmtpConfig, parseEnv as smtp } from './smtp.js';

export { sendGridApiUrl } from './sendgrid.js';
export { sesRegion } from './ses.js';
/** Each adapter re-exports its own as `parseEnv` from here, not from its file (see kit/index.ts: one chunk). */
export {
  brevo as parseBrevoEnv,
  mailgun as parseMailgunEnv,
  outbox as parseOutboxEnv,
  sendgrid as parseSendGridEnv,
  ses as parseSesEnv,
  smtp as parseSmtpEnv,
};

/** Each provider's typed settings. */
export interface ProviderConfigs {
  sendgrid: SendGridConfig;
  mailgun: MailgunConfig;
  brevo: BrevoConfig;
  ses: SesConfig;
  smtp: SmtpConfig;
  outbox: OutboxConfig;
}

const PARSERS: { [P in ProviderName]: (env: Env) => ParsedEnv<ProviderConfigs[P]> } = {
  sendgrid,
  mailgun,
  brevo,
  ses,
  smtp,
  outbox,
};

/**
 * Parses one provider's variables: its typed settings, or every problem.
 * @example parseProviderEnv('sendgrid', { SENDGRID_API_KEY: 'SG.x' }) // { config: { apiKey: 'SG.x', apiUrl: undefined } }
 */
export function parseProviderEnv<P extends ProviderName>(name: P, env: Env): ParsedEnv<ProviderConfigs[P]> {
  return PARSERS[name](env);
}
