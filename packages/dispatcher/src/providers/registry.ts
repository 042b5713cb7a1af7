/**
 * Maps provider names to their modules. Each entry is its own dynamic `import()`, so a provider's SDK is
 * loaded (and costs cold-start time) only when that provider is in `EMAIL_PROVIDER`. esbuild keeps these
 * as lazily evaluated chunks inside the single bundle file (CJS output wraps each in its own init function).
 */
import type { ProviderName } from '@mailroom/shared-types';
import type { ProviderModule } from './types.js';

const LOADERS: Record<ProviderName, () => Promise<ProviderModule>> = {
  sendgrid: () => import('./sendgrid.js'),
  mailgun: () => import('./mailgun.js'),
  brevo: () => import('./brevo.js'),
  ses: () => import('./ses.js'),
  smtp: () => import('./smtp.js'),
  outbox: () => import('./outbox.js'),
};

/**
 * Loads one provider module (and its SDK) on first use.
 * @example
 * const sendgrid = await loadProvider('sendgrid');
 * const provider = sendgrid.create({ env: process.env, logger, sandbox: false });
 */
export function loadProvider(name: ProviderName): Promise<ProviderModule> {
  const load = LOADERS[name];
  if (!load) return Promise.reject(new TypeError(`unknown provider "${String(name)}"`));
  return load();
}
