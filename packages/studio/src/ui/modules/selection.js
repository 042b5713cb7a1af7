// @ts-check
// What is being previewed: template, locale, brand and preview state, and the Data panel they fill.
import { autoOption } from './as-sent.js';
import { $, fillSelect } from './dom.js';
import { writeHash } from './hash.js';
import { renderPreview } from './preview.js';
import { renderSidebar } from './sidebar.js';
import { store, template } from './store.js';

/** @param {string} selector */
const select = (selector) => /** @type {HTMLSelectElement} */ ($(selector));

/**
 * Refills the locale, brand and state pickers from the state and the selection.
 * @example renderSwitchers();
 */
export function renderSwitchers() {
  const state = store.state;
  const t = template();
  if (!state || !t) return;
  fillSelect(
    select('#locale'),
    [
      autoOption(store.render?.locale),
      ...state.locales.map((l) => ({ value: l.code, label: `${l.name} (${l.code})` })),
    ],
    store.locale,
  );
  fillSelect(
    select('#brand'),
    [
      autoOption(store.render?.brand),
      ...state.brands.map((b) => ({
        value: b.name,
        label: `${b.displayName}${b.default ? ' · default' : ''}`,
      })),
    ],
    store.brand,
  );
  fillSelect(
    select('#state'),
    t.previewStates.map((s) => ({ value: s.name, label: s.name })),
    store.previewState,
  );
  const description = t.previewStates.find((s) => s.name === store.previewState)?.description ?? '';
  select('#state').title = description;
  $('#state-desc').textContent = description;
  $('#state-desc').title = description;
}

/**
 * Puts the selected preview state's data back into the Data panel.
 * @example resetData();
 */
export function resetData() {
  const t = template();
  const preview = t?.previewStates.find((s) => s.name === store.previewState) ?? t?.previewStates[0];
  // The event's callerContext travels in the panel too: its clientId picks the brand under Auto.
  const data = preview?.data ?? { username: 'jane', userAttributes: {} };
  const event = preview?.callerContext ? { callerContext: preview.callerContext, ...data } : data;
  store.dataText = JSON.stringify(event, null, 2);
  store.dataDirty = false;
  const editor = /** @type {HTMLTextAreaElement} */ ($('#data-editor'));
  editor.value = store.dataText;
  editor.removeAttribute('aria-invalid');
  $('#data-status').textContent = preview ? `from preview.json · ${preview.name}` : '';
  $('#data-status').className = 'hint-inline';
}

/**
 * Opens template `id` in the preview (its first state, unless `keepState` and it has the current one).
 * @param {string | undefined} id
 * @param {{ keepState?: boolean }} [options]
 * @example selectTemplate('forgot-password');
 */
export function selectTemplate(id, { keepState = false } = {}) {
  const t = template(id);
  if (!t) return;
  store.templateId = t.id;
  if (!keepState || !t.previewStates.some((s) => s.name === store.previewState)) {
    store.previewState = t.previewStates[0]?.name ?? null;
  }
  resetData();
  renderSidebar();
  renderSwitchers();
  writeHash();
  renderPreview();
}
