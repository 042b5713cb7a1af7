// @ts-check
// The URL hash mirrors the view and selection, so a reload or a shared link opens the same preview.
import { store } from './store.js';

/**
 * `#/templates/<id>?locale=…&brand=…&state=…`, `#/matrix/<id>?…&width=mobile&states=all` or `#/outbox/<id>`,
 * parsed.
 * @returns {{ view: string, id: string | null, params: URLSearchParams }}
 * @example readHash().params.get('locale')
 */
export function readHash() {
  const [view, id] = location.hash.replace(/^#\/?/, '').split(/[/?]/);
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  return { view: view || 'templates', id: id ? decodeURIComponent(id) : null, params };
}

/**
 * The matrix's own toggles for the hash: mobile thumbnails and every preview state (desktop and the selected
 * state are the defaults, left out).
 * @param {URLSearchParams} params
 */
function addMatrixToggles(params) {
  const width = /** @type {HTMLSelectElement | null} */ (document.getElementById('matrix-width'));
  const states = /** @type {HTMLInputElement | null} */ (document.getElementById('matrix-states'));
  if (width?.value === 'mobile') params.set('width', 'mobile');
  if (states?.checked) params.set('states', 'all');
}

/**
 * Writes the current view and selection into the hash (no history entry); the Matrix tab is a view of its
 * own (`#/matrix/<id>`), so a reload or a shared link opens the same matrix.
 * @example writeHash();
 */
export function writeHash() {
  const view = document.body.dataset.view;
  if (view === 'outbox') {
    history.replaceState(null, '', `#/outbox${store.mailId ? `/${encodeURIComponent(store.mailId)}` : ''}`);
    return;
  }
  const params = new URLSearchParams();
  if (store.locale) params.set('locale', store.locale);
  if (store.brand) params.set('brand', store.brand);
  if (store.previewState) params.set('state', store.previewState);
  const matrix = store.tab === 'matrix';
  if (matrix) addMatrixToggles(params);
  const route = matrix ? 'matrix' : 'templates';
  history.replaceState(null, '', `#/${route}/${encodeURIComponent(store.templateId ?? '')}?${params}`);
}

/**
 * Sets the matrix's toggles from a `#/matrix/…` hash (before the matrix is drawn).
 * @param {URLSearchParams} params
 * @example applyMatrixToggles(readHash().params);
 */
export function applyMatrixToggles(params) {
  const width = /** @type {HTMLSelectElement | null} */ (document.getElementById('matrix-width'));
  const states = /** @type {HTMLInputElement | null} */ (document.getElementById('matrix-states'));
  if (width) width.value = params.get('width') === 'mobile' ? 'mobile' : 'desktop';
  if (states) states.checked = params.get('states') === 'all';
}
