// @ts-check
// The preview's colour scheme: light, dark by full inversion, or dark by partial inversion.
import { darkDocument } from './dark.js';
import { applyPartialInversion, flagImages } from './dark-partial.js';
import { $, h } from './dom.js';
import { setFrame, withLocalBrandAssets } from './frame.js';
import { markRefresh } from './refresh-timing.js';
import { store } from './store.js';

const PARTIAL_NOTE =
  'Dark: emulated partial inversion (Gmail and Outlook apps: light backgrounds darkened, dark text lightened, images untouched).';

/** @param {string[]} flagged */
function showImageFlags(flagged) {
  const list = $('#image-flags');
  list.hidden = flagged.length === 0;
  list.replaceChildren(
    ...flagged.map((name) =>
      h('li', {}, `${name}: transparent background with dark content — it disappears on a dark background`),
    ),
  );
}

/** @param {HTMLIFrameElement} frame */
function markLoaded(frame) {
  markRefresh('frame', { renderVersion: Number(frame.dataset.renderVersion) });
}

/** @param {HTMLIFrameElement} frame */
function partialInversion(frame) {
  markLoaded(frame);
  const doc = frame.contentDocument;
  if (!doc) return;
  applyPartialInversion(doc);
  doc.documentElement.dataset.studioDark = 'partial';
  const flag = () => showImageFlags(flagImages(doc));
  flag();
  // Images still loading are flagged when they arrive.
  for (const img of doc.images) if (!img.complete) img.addEventListener('load', flag, { once: true });
}

/** The scheme and HTML the frame shows, so an unchanged email is not reloaded. */
let lastShown = '';

/**
 * Shows `html` in the preview frame in the selected scheme, with a note saying which emulation applies.
 * @param {string} html
 * @example showScheme(render.html);
 */
export function showScheme(html) {
  const frame = /** @type {HTMLIFrameElement} */ ($('#preview-frame'));
  // A rebuild that left this email as it was (another brand changed, the checks caught up) keeps the frame.
  const shown = `${store.scheme}\n${withLocalBrandAssets(html)}`;
  if (shown === lastShown) return;
  lastShown = shown;
  frame.dataset.renderVersion = String(store.renderVersion);
  showImageFlags([]);
  const ownDark = /prefers-color-scheme\s*:\s*dark/i.test(html);
  if (store.scheme === 'dark' || (store.scheme === 'dark-partial' && ownDark)) {
    const dark = darkDocument(html);
    setFrame(frame, withLocalBrandAssets(dark.html), markLoaded);
    $('#scheme-note').hidden = false;
    $('#scheme-note').textContent = dark.note;
    return;
  }
  const partial = store.scheme === 'dark-partial';
  setFrame(frame, withLocalBrandAssets(html), partial ? partialInversion : markLoaded);
  $('#scheme-note').hidden = !partial;
  $('#scheme-note').textContent = partial ? PARTIAL_NOTE : '';
}
