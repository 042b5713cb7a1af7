// @ts-check
// The Outbox view: every .eml the local provider wrote, newest first, and one message in full.
import { api } from './api.js';
import { $, $$, formatBytes, h, kvRows } from './dom.js';
import { setFrame, withLocalBrandAssets } from './frame.js';
import { writeHash } from './hash.js';
import { store } from './store.js';

/** @typedef {import('./types.js').OutboxEntry} OutboxEntry */
/** @typedef {import('./types.js').OutboxMessage} OutboxMessage */

/**
 * `just now`, `42s ago`, `3m ago`, `2h ago`, else the local date.
 * @param {string} iso
 * @example ago(new Date().toISOString()) // 'just now'
 */
export function ago(iso) {
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return new Date(iso).toLocaleString();
}

/**
 * Reloads the list (new messages highlighted) and keeps the open message in view.
 * @example await refreshOutbox();
 */
export async function refreshOutbox() {
  /** @type {{ messages: OutboxEntry[] }} */
  const { messages } = await api('/api/outbox');
  const fresh = messages.filter((m) => store.outbox.length > 0 && !store.outboxSeen.has(m.id));
  store.outbox = messages;
  for (const m of messages) store.outboxSeen.add(m.id);
  $('#outbox-count').textContent = String(messages.length);
  renderMailList(fresh);
  if (document.body.dataset.view !== 'outbox') return;
  if (store.mailId && messages.some((m) => m.id === store.mailId)) {
    if ($('#mail-view').dataset.id !== store.mailId) openMail(store.mailId);
  } else if (messages[0]) openMail(messages[0].id);
}

/**
 * @param {OutboxEntry} m
 * @param {boolean} isNew
 */
function mailRow(m, isNew) {
  const tags = [m.trigger, m.locale, m.brand, m.provider]
    .filter(Boolean)
    .map((t) => h('span', { class: 'tag' }, t));
  return h(
    'li',
    {},
    h(
      'button',
      {
        type: 'button',
        class: isNew ? 'is-new' : '',
        'aria-current': String(m.id === store.mailId),
        dataset: { mailId: m.id },
        onclick: () => openMail(m.id),
      },
      h('span', { class: 'to' }, m.to),
      h('span', { class: 'when', title: m.receivedAt }, ago(m.receivedAt)),
      h('span', { class: 'subj' }, m.subject),
      h('span', { class: 'tags' }, ...tags, h('span', { class: 'tag' }, formatBytes(m.size))),
    ),
  );
}

/**
 * Redraws the list from the store and the search box.
 * @param {OutboxEntry[]} [fresh] messages to highlight as new
 * @example renderMailList();
 */
export function renderMailList(fresh = []) {
  const messages = store.outbox;
  const query = /** @type {HTMLInputElement} */ ($('#mail-filter')).value.trim().toLowerCase();
  const shown = query
    ? messages.filter((m) =>
        [m.to, m.subject, m.trigger, m.templateId, m.locale, m.brand].join(' ').toLowerCase().includes(query),
      )
    : messages;
  if (shown.length === 0) {
    const empty = messages.length === 0 ? 'The outbox is empty.' : 'No message matches.';
    $('#mail-list').replaceChildren(h('li', { class: 'empty-row' }, empty));
    return;
  }
  $('#mail-list').replaceChildren(...shown.map((m) => mailRow(m, fresh.includes(m))));
}

/**
 * Closes the message view (after a delete).
 * @example showMailEmpty();
 */
export function showMailEmpty() {
  store.mailId = null;
  $('#mail-view').hidden = true;
  $('#mail-view').dataset.id = '';
  $('#mail-empty').hidden = false;
  writeHash();
}

/**
 * Switches the message tab (`html`, `text`, `headers`, `raw`; raw is fetched on demand).
 * @param {string} tab
 * @example setMailTab('raw');
 */
export function setMailTab(tab) {
  store.mailTab = tab;
  for (const b of $$('[data-mail-tab]')) b.setAttribute('aria-selected', String(b.dataset.mailTab === tab));
  for (const p of $$('[data-mail-panel]')) p.hidden = p.dataset.mailPanel !== tab;
  if (tab === 'raw' && store.mailId) {
    fetch(`/api/outbox/${encodeURIComponent(store.mailId)}/raw`)
      .then((r) => r.text())
      .then((raw) => {
        $('#mail-raw').textContent = raw;
      });
  }
}

/**
 * Opens message `id` in the detail pane.
 * @param {string} id
 * @example await openMail(entry.id);
 */
export async function openMail(id) {
  store.mailId = id;
  for (const b of $$('#mail-list button')) b.setAttribute('aria-current', String(b.dataset.mailId === id));
  /** @type {OutboxMessage} */
  const m = await api(`/api/outbox/${encodeURIComponent(id)}`);
  $('#mail-empty').hidden = true;
  const view = $('#mail-view');
  view.hidden = false;
  view.dataset.id = id;
  $('#mail-subject').textContent = m.subject;
  const download = /** @type {HTMLAnchorElement} */ ($('#mail-download'));
  download.href = `/api/outbox/${encodeURIComponent(id)}/raw`;
  download.setAttribute('download', `${id}.eml`);
  /** @type {[string, string][]} */
  const meta = [
    ['From', m.from],
    ['To', m.to],
    ['Date', new Date(m.receivedAt).toLocaleString()],
    ['Message-ID', m.messageId ?? '—'],
    ['File', m.file],
  ];
  $('#mail-meta').replaceChildren(...meta.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  const html = m.html
    ? withLocalBrandAssets(m.html)
    : '<p style="font-family:sans-serif;color:#888">No HTML part.</p>';
  setFrame(/** @type {HTMLIFrameElement} */ ($('#mail-frame')), html);
  $('#mail-text').textContent = m.text ?? '(no text part)';
  kvRows(
    $('#mail-headers'),
    m.headers.map((x) => [x.name, x.value]),
  );
  setMailTab(store.mailTab);
  writeHash();
}
