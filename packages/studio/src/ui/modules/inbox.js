// @ts-check
// What the reader sees before opening the message: sender, subject, preheader, in the locale's direction.
import { $ } from './dom.js';
import { store } from './store.js';

/** @typedef {import('./types.js').StudioRender} StudioRender */

/**
 * The preheader MJML writes from `mj-preview`: the hidden block at the top of the body.
 * @param {string} html
 * @returns {string}
 * @example preheaderOf(render.html) // 'Your code expires in 1 hour'
 */
export function preheaderOf(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const hidden = doc.body.querySelector('div[style*="display:none"], div[style*="display: none"]');
  return (hidden?.textContent ?? '').replace(/(?:\s|\u200c|\u00a0|\u034f)+/g, ' ').trim();
}

/**
 * The display name of a From header (`Mailroom <no-reply@…>` → `Mailroom`).
 * @param {string} from
 * @example senderName('Acme <hi@acme.example>') // 'Acme'
 */
export function senderName(from) {
  return /^\s*"?([^"<]+?)"?\s*</.exec(from)?.[1] ?? from;
}

/**
 * Fills the inbox row and sets the text direction of the studio's own text to the locale's.
 * @param {StudioRender} r
 * @example showInboxRow(render);
 */
export function showInboxRow(r) {
  const brand = store.state?.brands.find((b) => b.name === r.brand);
  $('#inbox-sender').textContent = senderName(r.headers.From ?? brand?.displayName ?? '');
  $('#inbox-subject').textContent = r.subject;
  $('#inbox-preheader').textContent = `— ${preheaderOf(r.html)}`;
  const dir = store.state?.locales.find((l) => l.code === r.locale)?.dir ?? 'ltr';
  for (const id of ['#inbox-row', '#subject', '#text-output']) $(id).setAttribute('dir', dir);
  document.body.dataset.renderDir = dir;
}
