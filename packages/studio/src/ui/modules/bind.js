// @ts-check
// Wiring: the page's controls to what they do.
import { $, $$, toast } from './dom.js';
import { fitFrame } from './frame.js';
import { writeHash } from './hash.js';
import { bindMatrix } from './matrix.js';
import { refreshOutbox, renderMailList, setMailTab, showMailEmpty } from './outbox.js';
import { renderPreview, showRender } from './preview.js';
import { renderSwitchers, resetData } from './selection.js';
import { sendTest } from './send.js';
import { renderSidebar } from './sidebar.js';
import { findingsFor, store } from './store.js';
import { showView } from './views.js';

const previewFrame = () => /** @type {HTMLIFrameElement} */ ($('#preview-frame'));

const WIDTHS = ['desktop', '768', '414', '375', '320', 'custom'];

/**
 * Reflects the width and scheme pickers in the page: desktop is fluid, a number is that many CSS px.
 * @example applyToggles();
 */
export function applyToggles() {
  if (!WIDTHS.includes(store.width)) store.width = store.width === 'mobile' ? '375' : 'desktop';
  const custom = /** @type {HTMLInputElement} */ ($('#width-custom'));
  /** @type {HTMLSelectElement} */ ($('#width')).value = store.width;
  /** @type {HTMLSelectElement} */ ($('#scheme')).value = store.scheme;
  custom.hidden = store.width !== 'custom';
  const px = store.width === 'custom' ? Number(custom.value) || 600 : Number(store.width);
  const device = $('#device');
  device.dataset.width = store.width === 'desktop' ? 'desktop' : 'custom';
  // The frame's content box gets exactly the chosen width (the device's 1 px borders on each side).
  device.style.maxWidth = store.width === 'desktop' ? '' : `${px + 2}px`;
  requestAnimationFrame(() => fitFrame(previewFrame()));
}

/**
 * @param {string} selector
 * @param {(value: string) => void} apply
 */
function onSelect(selector, apply) {
  const select = /** @type {HTMLSelectElement} */ ($(selector));
  select.addEventListener('change', () => {
    apply(select.value);
    writeHash();
    renderPreview();
  });
}

function bindPickers() {
  onSelect('#locale', (value) => {
    store.locale = value;
  });
  onSelect('#brand', (value) => {
    store.brand = value;
  });
  onSelect('#state', (value) => {
    store.previewState = value;
    resetData();
    renderSwitchers();
  });
}

function bindToggles() {
  const width = /** @type {HTMLSelectElement} */ ($('#width'));
  width.addEventListener('change', () => {
    store.width = width.value;
    localStorage.setItem('studio.width', store.width);
    applyToggles();
  });
  $('#width-custom').addEventListener('input', applyToggles);
  const scheme = /** @type {HTMLSelectElement} */ ($('#scheme'));
  scheme.addEventListener('change', () => {
    store.scheme = scheme.value;
    localStorage.setItem('studio.scheme', store.scheme);
    applyToggles();
    if (store.render) showRender({ render: store.render, findings: findingsFor(store.render.templateId) });
  });
  window.addEventListener('resize', () => fitFrame(previewFrame()));
}

function bindTabs() {
  for (const tab of $$('[data-view-tab]'))
    tab.addEventListener('click', () => showView(tab.dataset.viewTab ?? ''));
  for (const b of $$('[data-tab]')) {
    b.addEventListener('click', () => {
      store.tab = b.dataset.tab ?? 'preview';
      for (const x of $$('[data-tab]')) x.setAttribute('aria-selected', String(x === b));
      for (const p of $$('[data-panel]')) p.hidden = p.dataset.panel !== store.tab;
      writeHash();
    });
  }
  for (const b of $$('[data-mail-tab]'))
    b.addEventListener('click', () => setMailTab(b.dataset.mailTab ?? 'html'));
}

function bindData() {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  $('#data-editor').addEventListener('input', () => {
    store.dataDirty = true;
    $('#data-status').textContent = 'edited';
    $('#data-status').className = 'hint-inline';
    clearTimeout(timer);
    timer = setTimeout(renderPreview, 250);
  });
  $('#data-reset').addEventListener('click', () => {
    resetData();
    renderPreview();
  });
  $('#copy-source').addEventListener('click', async () => {
    await navigator.clipboard?.writeText(store.render?.html ?? '');
    toast('HTML copied to the clipboard.');
  });
  $('#send-form').addEventListener('submit', (event) => sendTest(/** @type {SubmitEvent} */ (event)));
  const email = /** @type {HTMLInputElement} */ ($('#send-email'));
  email.value = localStorage.getItem('studio.email') ?? 'jane@example.com';
}

function bindKeys() {
  $('#template-filter').addEventListener('input', renderSidebar);
  document.addEventListener('keydown', (e) => {
    const typing = ['TEXTAREA', 'INPUT'].includes(document.activeElement?.tagName ?? '');
    if (e.key === '/' && !typing) {
      e.preventDefault();
      $('#template-filter').focus();
    }
    // Like Vite's overlay: Esc or a click outside the card hides it until the next build reports problems.
    if (e.key === 'Escape') $('#overlay').hidden = true;
  });
  $('#overlay').addEventListener('click', (e) => {
    if (e.target === $('#overlay')) $('#overlay').hidden = true;
  });
}

function bindOutbox() {
  $('#mail-filter').addEventListener('input', () => renderMailList());
  $('#outbox-clear').addEventListener('click', async () => {
    const count = store.outbox.length;
    if (count === 0 || !confirm(`Delete all ${count} messages from the outbox?`)) return;
    await fetch('/api/outbox', { method: 'DELETE' });
    showMailEmpty();
    refreshOutbox();
  });
  $('#mail-delete').addEventListener('click', async () => {
    if (!store.mailId) return;
    await fetch(`/api/outbox/${encodeURIComponent(store.mailId)}`, { method: 'DELETE' });
    showMailEmpty();
    refreshOutbox();
  });
}

/**
 * Attaches every listener the page needs (once, at start).
 * @example bind();
 */
export function bind() {
  bindPickers();
  bindToggles();
  bindTabs();
  bindData();
  bindKeys();
  bindOutbox();
  bindMatrix();
}
