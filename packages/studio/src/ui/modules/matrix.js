// @ts-check
// The matrix view: one template across every locale × brand (× preview state on demand) as live thumbnails,
// rendered through POST /api/render only once a thumbnail scrolls into view; a click opens the full preview.
import { api } from './api.js';
import { $, $$, h } from './dom.js';
import { withLocalBrandAssets } from './frame.js';
import { writeHash } from './hash.js';
import { renderPreview } from './preview.js';
import { renderSwitchers, resetData } from './selection.js';
import { store, template } from './store.js';

/** @typedef {import('./types.js').RenderResult} RenderResult */
/** @typedef {{ locale: string, brand: string, state: string | null }} Cell */

/** The email's own width in each mode (CSS px) and the thumbnail's scale. */
const MODES = { desktop: { width: 800, scale: 0.25 }, mobile: { width: 375, scale: 0.4 } };
const THUMB_HEIGHT = 260;

/** @type {IntersectionObserver | null} */
let observer = null;

/**
 * Every cell the matrix shows for the selected template: locales × brands × (the selected state, or all).
 * @returns {Cell[]}
 * @example matrixCells().length // 8 for 4 locales and 2 brands
 */
export function matrixCells() {
  const t = template();
  if (!t || !store.state) return [];
  const allStates = /** @type {HTMLInputElement} */ ($('#matrix-states')).checked;
  const states = allStates ? t.previewStates.map((s) => s.name) : [store.previewState];
  return store.state.locales.flatMap((l) =>
    store.state
      ? store.state.brands.flatMap((b) => states.map((state) => ({ locale: l.code, brand: b.name, state })))
      : [],
  );
}

/**
 * Renders one thumbnail's email into its iframe (called when it becomes visible).
 * @param {HTMLElement} card
 */
async function fillThumb(card) {
  const { locale, brand, state } = card.dataset;
  /** @type {RenderResult} */
  const result = await api('/api/render', { templateId: store.templateId, locale, brand, state }).catch(
    (error) => ({ ok: false, error: { message: error.message } }),
  );
  const frame = /** @type {HTMLIFrameElement} */ ($('iframe', card));
  if (!result.ok) {
    card.dataset.status = 'error';
    $('.matrix-error', card).textContent = result.error.message;
    return;
  }
  card.dataset.status = 'rendered';
  card.title = `${result.render.subject} (open in the full preview)`;
  frame.srcdoc = withLocalBrandAssets(result.render.html);
}

/**
 * Opens one cell in the full preview, with its locale, brand and state selected.
 * @param {Cell} cell
 * @example openCell({ locale: 'ar', brand: 'acme', state: 'default' });
 */
export function openCell(cell) {
  store.locale = cell.locale;
  store.brand = cell.brand;
  if (cell.state) store.previewState = cell.state;
  resetData();
  renderSwitchers();
  /** @type {HTMLButtonElement} */ ($('[data-tab="preview"]')).click();
  writeHash();
  renderPreview();
}

/**
 * @param {Cell} cell
 * @param {{ width: number, scale: number }} mode
 */
function card(cell, mode) {
  const label = [
    cell.locale,
    cell.brand,
    /** @type {HTMLInputElement} */ ($('#matrix-states')).checked ? cell.state : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const frame = h('iframe', {
    title: `Preview ${label}`,
    tabindex: '-1',
    sandbox: 'allow-same-origin',
    style: `width:${mode.width}px;height:${THUMB_HEIGHT / mode.scale}px;transform:scale(${mode.scale})`,
  });
  return h(
    'button',
    {
      type: 'button',
      class: 'matrix-card',
      dataset: { locale: cell.locale, brand: cell.brand, state: cell.state ?? '', status: 'pending' },
      onclick: () => openCell(cell),
    },
    h(
      'span',
      { class: 'matrix-thumb', style: `width:${mode.width * mode.scale}px;height:${THUMB_HEIGHT}px` },
      frame,
    ),
    h('span', { class: 'matrix-label' }, label),
    h('span', { class: 'matrix-error' }),
  );
}

/**
 * Redraws the matrix for the selected template; thumbnails render lazily as they scroll into view.
 * @example renderMatrix();
 */
export function renderMatrix() {
  const mode =
    /** @type {HTMLSelectElement} */ ($('#matrix-width')).value === 'mobile' ? MODES.mobile : MODES.desktop;
  observer?.disconnect();
  observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer?.unobserve(entry.target);
      fillThumb(/** @type {HTMLElement} */ (entry.target));
    }
  });
  const cards = matrixCells().map((cell) => card(cell, mode));
  $('#matrix-grid').replaceChildren(...cards);
  for (const c of cards) observer.observe(c);
}

/**
 * Re-renders the matrix after a rebuild, when it is the open tab (the thumbnails are live).
 * @example refreshMatrix();
 */
export function refreshMatrix() {
  if (store.tab === 'matrix') renderMatrix();
}

/**
 * Wires the matrix tab and its controls (once, at start).
 * @example bindMatrix();
 */
export function bindMatrix() {
  for (const control of $$('[data-tab="matrix"], #matrix-width, #matrix-states'))
    control.addEventListener(control.tagName === 'BUTTON' ? 'click' : 'change', () => {
      store.tab = 'matrix';
      renderMatrix();
      writeHash();
    });
}
