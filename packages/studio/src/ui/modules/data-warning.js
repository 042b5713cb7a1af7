// @ts-check
// The Data panel warns when a field the template uses is gone (a deleted `code` renders an empty box).
import { $ } from './dom.js';

/**
 * Fields the preview state has (top level and `userAttributes`) that `data` lacks or left empty.
 * @param {Record<string, unknown>} expected the preview state's data
 * @param {Record<string, unknown>} data what the panel holds
 * @returns {string[]}
 * @example missingFields({ code: '1', userAttributes: { email: 'a@b' } }, { userAttributes: {} }) // ['code', 'userAttributes.email']
 */
export function missingFields(expected, data) {
  /** @type {string[]} */
  const missing = [];
  for (const [key, value] of Object.entries(expected)) {
    if (key === 'userAttributes' && value && typeof value === 'object') {
      const attrs = /** @type {Record<string, unknown>} */ (data.userAttributes ?? {});
      for (const name of Object.keys(value)) if (isEmpty(attrs[name])) missing.push(`userAttributes.${name}`);
    } else if (typeof value === 'string' && isEmpty(data[key])) missing.push(key);
  }
  return missing;
}

/** @param {unknown} value */
function isEmpty(value) {
  return value === undefined || value === null || value === '';
}

/**
 * Shows (or hides) the warning for the fields `data` lacks.
 * @param {Record<string, unknown> | undefined} expected
 * @param {Record<string, unknown>} data
 * @example showDataWarning(state.data, JSON.parse(editor.value));
 */
export function showDataWarning(expected, data) {
  const missing = expected ? missingFields(expected, data) : [];
  const el = $('#data-warning');
  el.hidden = missing.length === 0;
  el.textContent =
    missing.length === 0
      ? ''
      : `Missing ${missing.join(', ')}: the template uses ${missing.length === 1 ? 'it' : 'them'} (the preview state has ${missing.length === 1 ? 'it' : 'them'}), so the email will show a gap.`;
}
