// @ts-check
// Mailroom Studio's page: ES modules under modules/, type-checked (checkJs) and served as they are, so no
// build step sits between a save and a refreshed preview.
import { applyToggles, bind } from './modules/bind.js';
import { $, $$, h, toast } from './modules/dom.js';
import { applyMatrixToggles, readHash } from './modules/hash.js';
import { connectEvents, loadState } from './modules/live.js';
import { ago, refreshOutbox } from './modules/outbox.js';
import { selectTemplate } from './modules/selection.js';
import { store, template } from './modules/store.js';
import { showView } from './modules/views.js';

async function main() {
  bind();
  applyToggles();
  const route = readHash();
  store.locale = route.params.get('locale') ?? store.locale;
  store.brand = route.params.get('brand') ?? store.brand;
  await loadState();
  connectEvents();
  const preview = route.view === 'templates' || route.view === 'matrix';
  const first = template(preview ? route.id : null) ?? store.state?.templates[0];
  if (first) {
    store.previewState = route.params.get('state');
    selectTemplate(first.id, { keepState: true });
  }
  if (route.view === 'matrix') {
    // A shared or reloaded `#/matrix/<id>?…`: the same matrix, with its width and states toggles.
    applyMatrixToggles(route.params);
    /** @type {HTMLButtonElement} */ ($('[data-tab="matrix"]')).click();
  }
  if (route.view === 'outbox') {
    store.mailId = route.id;
    showView('outbox');
  } else {
    refreshOutbox();
  }
  setInterval(() => {
    for (const el of $$('#mail-list .when')) el.textContent = ago(el.title);
  }, 15_000);
}

main().catch((error) => toast([h('b', {}, 'Studio failed to start: '), error.message], true));
