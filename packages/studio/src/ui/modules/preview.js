// @ts-check
// The preview pane: the rendered email, its envelope, size badge, text, source and headers tabs.
import { api } from './api.js';
import { AUTO, autoOption, showAsSent } from './as-sent.js';
import { refreshCompat } from './compat.js';
import { showDataWarning } from './data-warning.js';
import { $, formatBytes, h, kvRows } from './dom.js';
import { reportError } from './error-banner.js';
import { renderFindings } from './findings.js';
import { highlightHtml } from './highlight.js';
import { showInboxRow } from './inbox.js';
import { markRefresh } from './refresh-timing.js';
import { showScheme } from './scheme.js';
import { findingsFor, store, template } from './store.js';

/** @typedef {import('./types.js').StudioRender} StudioRender */
/** @typedef {import('./types.js').Finding} Finding */
/** @typedef {import('./types.js').RenderResult} RenderResult */

const GMAIL_CLIP = 102 * 1024;
const WARN_AT = 80 * 1024;

/** @param {number} bytes */
function sizeLevel(bytes) {
  if (bytes >= GMAIL_CLIP)
    return { level: 'clip', title: 'Gmail will clip this message (HTML above ~102 KB): trim the markup' };
  if (bytes >= WARN_AT) return { level: 'warn', title: 'Close to Gmail’s ~102 KB clip' };
  return { level: 'ok', title: 'Well under Gmail’s ~102 KB clip' };
}

/** @param {StudioRender} r */
function showEnvelope(r) {
  $('#subject').textContent = r.subject;
  const brand = store.state?.brands.find((b) => b.name === r.brand);
  $('#envelope-meta').replaceChildren(
    h('span', {}, h('b', {}, 'From'), r.headers.From ?? brand?.displayName ?? ''),
    h('span', {}, h('b', {}, 'To'), r.headers.To ?? ''),
    h(
      'span',
      { title: 'template · locale · brand' },
      h('b', {}, 'Template'),
      `${r.templateId} · ${r.locale} · ${r.brand}`,
    ),
  );
  const size = sizeLevel(r.htmlBytes);
  const badge = $('#size-badge');
  badge.dataset.level = size.level;
  badge.textContent = `${formatBytes(r.htmlBytes)} / 102 KB`;
  badge.title = size.title;
  $('#render-meta').textContent = `rendered in ${r.renderMs} ms · build v${store.state?.version}`;
}

/** The HTML the source tab shows highlighted. */
let highlighted = '';

/**
 * Fills the HTML source tab. Highlighting a whole email costs the page ~0.1 s, so unless that tab is open it
 * waits until the page is idle: the preview frame parses the new email first.
 * @param {string} html
 */
function highlightSource(html) {
  if (html === highlighted) return;
  highlighted = html;
  const fill = () => {
    if (highlighted === html) $('#source-output').innerHTML = highlightHtml(html);
  };
  if (store.tab === 'source') fill();
  else requestIdleCallback(fill, { timeout: 1000 });
}

/**
 * Shows a successful render in every tab, and the findings that came with it.
 * @param {{ render: StudioRender, findings?: Finding[] }} result
 * @example showRender({ render: store.render });
 */
export function showRender(result) {
  const r = result.render;
  store.render = r;
  store.renderVersion += 1;
  markRefresh('render', { renderVersion: store.renderVersion });
  document.body.dataset.renderVersion = String(store.renderVersion);
  reportError('render', null);
  showEnvelope(r);
  showScheme(r.html);
  showInboxRow(r);
  $('#text-output').textContent = r.text;
  highlightSource(r.html);
  kvRows($('#headers-output'), [
    ['Subject', r.subject],
    ...Object.entries(r.headers).filter(([k]) => k !== 'Subject'),
  ]);
  renderFindings(result.findings ?? findingsFor(r.templateId));
}

/**
 * Shows why the render failed, where, and keeps the last good render on screen (labelled as such).
 * @param {{ code?: string, message: string, file?: string | null, line?: number | null }} error
 * @example showRenderError({ code: 'MISSING_TRANSLATION', message: '…', file: 'templates/a/email.mjml', line: 7 });
 */
export function showRenderError(error) {
  const { code, message, file, line } = error;
  reportError('render', { title: code ?? 'Render failed', message, file: file ?? null, line: line ?? null });
}

/** The Data panel's JSON, or `null` (and the panel marked invalid) when it does not parse. */
function readData() {
  const editor = /** @type {HTMLTextAreaElement} */ ($('#data-editor'));
  try {
    const data = JSON.parse(editor.value);
    editor.removeAttribute('aria-invalid');
    return data;
  } catch (error) {
    editor.setAttribute('aria-invalid', 'true');
    $('#data-status').textContent = `invalid JSON: ${/** @type {Error} */ (error).message}`;
    $('#data-status').className = 'hint-inline bad';
    return null;
  }
}

/**
 * Names what Auto resolved to in the pickers' first option.
 * @param {StudioRender} r
 */
function labelAuto(r) {
  /** @type {[string, string][]} */
  const pickers = [
    ['#locale', r.locale],
    ['#brand', r.brand],
  ];
  for (const [selector, value] of pickers) {
    const option = /** @type {HTMLSelectElement} */ ($(selector)).options[0];
    if (option?.value === AUTO) option.textContent = autoOption(value).label;
  }
}

let renderSeq = 0;
/** The newest render shown: an older answer arriving later never replaces it. */
let shownSeq = 0;

/**
 * Renders the selected template with the Data panel's data. Answers show in order as they arrive, so a
 * newer call's answer wins and an older one still shows while the newer is on its way (after a save, the
 * early build's render is not dropped because the complete build asked again).
 * @example await renderPreview();
 */
export async function renderPreview() {
  const t = template();
  if (!t) return;
  const data = readData();
  if (data === null) return;
  const seq = ++renderSeq;
  // live: this is the main preview, so a save of this template recompiles what it shows first.
  /** @type {RenderResult} */
  const result = await api('/api/render', {
    templateId: t.id,
    locale: store.locale,
    brand: store.brand,
    data,
    live: true,
  }).catch((error) => ({ ok: false, error: { message: error.message } }));
  if (seq < shownSeq) return; // a newer render is already on screen
  shownSeq = seq;
  showDataWarning(t.previewStates.find((p) => p.name === store.previewState)?.data, data);
  if (result.ok) {
    showRender(result);
    showAsSent(result.asSent);
    labelAuto(result.render);
    refreshCompat({ templateId: t.id, locale: store.locale, brand: store.brand, data });
  } else showRenderError(result.error);
}
