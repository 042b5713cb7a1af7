// @ts-check
// "Auto (as sent)": the locale and brand pickers default to what the dispatcher would pick for the preview
// data's event fields, and say how ("pt-BR → pt", "client 3n4c… → acme").
import { $ } from './dom.js';
import { store } from './store.js';

/** The picker value the server resolves with `resolveAsSent`. */
export const AUTO = 'auto';

/**
 * What the server answered for an Auto render (the templates package's `AsSent`).
 * @typedef {object} AsSent
 * @property {string} brand
 * @property {string} locale
 * @property {string} templateId
 * @property {boolean} sentAsIs
 * @property {{ brand: string, locale: string, template: string }} how
 */

/**
 * The option every picker starts with; its label names what Auto resolved to once known.
 * @param {string | undefined} resolved
 * @example autoOption('pt') // { value: 'auto', label: 'Auto (as sent) · pt' }
 */
export function autoOption(resolved) {
  return { value: AUTO, label: resolved ? `Auto (as sent) · ${resolved}` : 'Auto (as sent)' };
}

/**
 * Shows how Auto decided, and warns when the resolved brand sends another template for this trigger.
 * @param {AsSent | undefined} asSent
 * @example showAsSent(result.asSent);
 */
export function showAsSent(asSent) {
  const auto = store.locale === AUTO || store.brand === AUTO;
  $('#as-sent').hidden = !asSent || !auto;
  if (!asSent) return;
  const parts = [];
  if (store.locale === AUTO) parts.push(`locale: ${asSent.how.locale}`);
  if (store.brand === AUTO) parts.push(`brand: ${asSent.how.brand}`);
  $('#as-sent-how').textContent = `As sent: ${parts.join(' · ')}`;
  const warning = $('#as-sent-warning');
  warning.hidden = asSent.sentAsIs;
  warning.textContent = asSent.sentAsIs
    ? ''
    : `${asSent.how.template} (previewed anyway, as an explicit override)`;
}

/**
 * The locale and brand to hand "Send test": Auto becomes what the last render resolved.
 * @example effectivePick() // { locale: 'pt', brand: 'default' }
 */
export function effectivePick() {
  return {
    locale: store.locale === AUTO ? (store.render?.locale ?? null) : store.locale,
    brand: store.brand === AUTO ? (store.render?.brand ?? null) : store.brand,
  };
}
