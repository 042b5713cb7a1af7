// @ts-check
// The URL hash mirrors the view and selection, so a reload or a shared link opens the same preview.
import { store } from './store.js';

/**
 * `#/templates/<id>?locale=…&brand=…&state=…` or `#/outbox/<id>`, parsed.
 * @returns {{ view: string, id: string | null, params: URLSearchParams }}
 * @example readHash().params.get('locale')
 */
export function readHash() {
  const [view, id] = location.hash.replace(/^#\/?/, '').split(/[/?]/);
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  return { view: view || 'templates', id: id ? decodeURIComponent(id) : null, params };
}

/**
 * Writes the current view and selection into the hash (no history entry).
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
  history.replaceState(null, '', `#/templates/${encodeURIComponent(store.templateId ?? '')}?${params}`);
}
