/**
 * Maps provider names to their modules. Each entry is its own dynamic `import()`, so a provider's SDK is
 * loaded (and costs cold-start time) only when that provider is in `EMAIL_PROVIDER`. esbuild keeps these
 * as lazily evaluated chunks inside the single bundle file (CJS output wraps each in its own init function).
 */
import type { ProviderName } from '@mailroom/shared-types';
import type { ProviderConfigs } from './env/index.js';
import type { EmailProvider, ProviderModule, ProviderRuntime } from './types.js';

/** A provider's module, typed by its settings. */
export type ModuleOf<P extends ProviderName> = ProviderModule<ProviderConfigs[P]>;

const LOADERS: { [P in ProviderName]: () => Promise<ModuleOf<P>> } = {
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
 * const provider = sendgrid.create({ apiKey: 'SG.x', apiUrl: undefined }, { logger, sandbox: false });
 */
export function loadProvider<P extends ProviderName>(name: P): Promise<ModuleOf<P>> {
  const load = LOADERS[name] as (() => Promise<ModuleOf<P>>) | undefined;
  if (!load) return Promise.reject(new TypeError(`unknown provider "${String(name)}"`));
  return load();
}

/** The loaded modules of a chain and each one's parsed settings (what `loadConfig` hands the handler). */
export interface ProviderSet {
  modules: ReadonlyMap<ProviderName, ProviderModule>;
  configs: Partial<ProviderConfigs>;
}

/**
 * Creates the chain's providers in order, each from its own settings (once per cold start).
 * @example
 * const chain = createChain(config.providers, loaded, (name) => ({ logger: root.child({ component: `provider:${name}` }), sandbox: false }));
 */
export function createChain(
  names: readonly ProviderName[],
  set: ProviderSet,
  runtimeFor: (name: ProviderName) => ProviderRuntime,
): EmailProvider[] {
  return names.map((name) => {
    const mod = set.modules.get(name);
    if (!mod) throw new TypeError(`provider "${name}" was not loaded`);
    return mod.create(set.configs[name], runtimeFor(name));
  });
}
