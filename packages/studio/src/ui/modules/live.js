// @ts-check
// The server's state and its live events: builds, checks and outbox changes update the open page.
import { api } from './api.js';
import { AUTO } from './as-sent.js';
import { $, fillSelect } from './dom.js';
import { reportError, setLive } from './error-banner.js';
import { renderFindings } from './findings.js';
import { refreshMatrix } from './matrix.js';
import { refreshOutbox } from './outbox.js';
import { showProblems } from './overlay.js';
import { renderPreview } from './preview.js';
import { markRefresh } from './refresh-timing.js';
import { renderSwitchers, resetData, selectTemplate } from './selection.js';
import { onSendStep } from './send.js';
import { renderSidebar } from './sidebar.js';
import { findingsFor, store, template } from './store.js';

/** @typedef {import('./types.js').StudioState} StudioState */
/** @typedef {import('./types.js').BuildProblem} BuildProblem */

const PROVIDERS = ['outbox', 'sendgrid', 'mailgun', 'brevo', 'ses', 'smtp'];

/** @param {StudioState} state */
function showDispatch(state) {
  const { kmsUrl, keyArn } = state.dispatch ?? {};
  $('#kms-pill').textContent = kmsUrl ? `KMS ${kmsUrl.replace(/^https?:\/\//, '')}` : 'KMS —';
  $('#kms-pill').title = keyArn ? `KMS stand-in · key ${keyArn}` : 'KMS stand-in';
  $('#outbox-dir').textContent = state.outboxDir;
  $('#send-hint').textContent = state.dispatch?.rebuildsBundle
    ? 'Runs the real dispatcher bundle against the KMS stand-in; rebuilt first when your edits made it stale.'
    : 'Runs the real dispatcher bundle (as last built) against the KMS stand-in.';
  const provider = /** @type {HTMLSelectElement} */ ($('#send-provider'));
  if (provider.options.length === 0) {
    fillSelect(
      provider,
      PROVIDERS.map((p) => ({
        value: p,
        label: p === 'outbox' ? 'outbox (local .eml)' : `${p} (needs keys)`,
      })),
      state.dispatch?.provider ?? 'outbox',
    );
  }
}

/**
 * Fetches `/api/state` and makes the selection valid for it (the default brand and its locale).
 * @example await loadState();
 */
export async function loadState() {
  /** @type {StudioState} */
  const state = await api('/api/state');
  store.state = state;
  showDispatch(state);
  // "Auto (as sent)" unless the URL or the user picked one the state still has.
  if (store.brand !== AUTO && !state.brands.some((b) => b.name === store.brand)) store.brand = AUTO;
  if (store.locale !== AUTO && !state.locales.some((l) => l.code === store.locale)) store.locale = AUTO;
  showProblems(state.problems);
  reportError('build', buildError(state.problems));
}

/** A reconnect means the server restarted: its templates, build state and outbox may all differ. */
async function resync() {
  await loadState();
  renderSidebar();
  if (template()) {
    renderSwitchers();
    await renderPreview();
  } else if (store.state?.templates[0]) selectTemplate(store.state.templates[0].id);
  refreshOutbox();
}

/**
 * The banner's view of a failed build: its first problem, and how many more the overlay lists.
 * @param {BuildProblem[]} problems
 */
function buildError(problems) {
  const [first] = problems;
  if (!first) return null;
  const more = problems.length > 1 ? ` (+${problems.length - 1} more: see the overlay)` : '';
  return { title: 'Build failed', message: first.message + more, file: first.file, line: first.line };
}

/**
 * What a build event says at once, before any request: the overlay, the banner and the pill.
 * @param {{ ms: number, problems: BuildProblem[] }} build
 */
function showBuild(build) {
  showProblems(build.problems);
  reportError('build', buildError(build.problems));
  setLive(
    build.problems.length ? 'error' : 'live',
    build.problems.length ? 'Build failed' : `Live · ${build.ms} ms`,
  );
}

/**
 * A rebuild: the open template's new HTML first (rendered with the data the panel holds, while the state
 * loads alongside), then the template list, pickers and preview data from the new state; a render follows
 * only when the template's preview data changed under an untouched Data panel.
 * @param {MessageEvent} event
 */
async function onBuild(event) {
  /** @type {{ version: number, ms: number, problems: BuildProblem[], templateIds?: string[] }} */
  const build = JSON.parse(event.data);
  markRefresh('build', { version: build.version });
  showBuild(build);
  const previous = store.templateId;
  const first = previous && build.templateIds?.includes(previous) ? renderPreview() : null;
  await loadState();
  markRefresh('state', { version: build.version });
  showBuild(build);
  renderSidebar();
  if (!template(previous)) {
    selectTemplate(store.state?.templates[0]?.id);
    return;
  }
  renderSwitchers();
  // Preview states may have changed on disk; keep the user's edits if they made any.
  const shown = store.dataText;
  if (!store.dataDirty) resetData();
  if (!first || store.dataText !== shown) await renderPreview();
  else await first;
  refreshMatrix();
  document.body.dataset.buildVersion = String(build.version);
}

/**
 * Subscribes to `/events` (server-sent events: `hello`, `build`, `checks`, `outbox`, `send`).
 * @example connectEvents();
 */
export function connectEvents() {
  const source = new EventSource('/events');
  let connected = false;
  source.addEventListener('hello', async () => {
    setLive('live', 'Live');
    if (connected) await resync();
    connected = true;
  });
  source.addEventListener('build', onBuild);
  source.addEventListener('checks', (event) => {
    if (store.state) store.state.findings = JSON.parse(event.data).findings;
    renderSidebar();
    if (store.templateId) renderFindings(findingsFor(store.templateId));
  });
  source.addEventListener('outbox', () => refreshOutbox());
  source.addEventListener('send', (event) => onSendStep(JSON.parse(event.data).step));
  source.onerror = () => setLive('offline', 'Reconnecting…');
}
