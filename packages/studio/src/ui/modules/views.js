// @ts-check
// The two top-level views: Templates and Outbox.
import { $, $$ } from './dom.js';
import { writeHash } from './hash.js';
import { refreshOutbox } from './outbox.js';

/**
 * Shows `view` (`templates` or `outbox`) and records it in the hash.
 * @param {string} view
 * @example showView('outbox');
 */
export function showView(view) {
  document.body.dataset.view = view;
  $('#view-templates').hidden = view !== 'templates';
  $('#view-outbox').hidden = view !== 'outbox';
  for (const tab of $$('[data-view-tab]'))
    tab.setAttribute('aria-selected', String(tab.dataset.viewTab === view));
  if (view === 'outbox') refreshOutbox();
  writeHash();
}
