// @ts-check
// Errors impossible to miss: a banner above the preview (what failed, file:line), the live pill red, and
// the preview labelled "last good render" while it no longer matches the sources.
import { $ } from './dom.js';

/**
 * @typedef {object} StudioError
 * @property {string} title e.g. `Build failed` or `MISSING_TRANSLATION`
 * @property {string} message
 * @property {string | null} [file]
 * @property {number | null} [line]
 */

/** @type {{ build: StudioError | null, render: StudioError | null }} */
const current = { build: null, render: null };
let liveLabel = 'Live';

/**
 * The live pill: `live`, `error`, `offline` or `building`, with its label. While an error is shown the
 * pill stays red whatever the connection says.
 * @param {string} state
 * @param {string} label
 * @example setLive('live', 'Live · 42 ms');
 */
export function setLive(state, label) {
  if (state === 'live') liveLabel = label;
  const error = current.build ?? current.render;
  const pill = $('#live-pill');
  pill.dataset.state = error && state === 'live' ? 'error' : state;
  if (pill.lastElementChild)
    pill.lastElementChild.textContent = error && state === 'live' ? error.title : label;
}

/** @param {StudioError} e */
function whereOf(e) {
  return e.file ? `${e.file}${e.line ? `:${e.line}` : ''}` : '';
}

function paint() {
  const error = current.build ?? current.render;
  const banner = $('#error-banner');
  banner.hidden = !error;
  $('#stale-label').hidden = !error;
  document.body.dataset.stale = String(Boolean(error));
  if (error) {
    $('#error-banner-title').textContent = error.title;
    $('#error-banner-where').textContent = whereOf(error);
    $('#error-banner-message').textContent = error.message;
  }
  const pill = $('#live-pill');
  if (pill.dataset.state !== 'offline') setLive('live', liveLabel);
}

/**
 * Shows (or clears, with `null`) the error of one source: the last build, or the last render.
 * @param {'build' | 'render'} source
 * @param {StudioError | null} error
 * @example reportError('render', { title: 'MISSING_TRANSLATION', message, file: 'templates/a/email.mjml', line: 7 });
 */
export function reportError(source, error) {
  current[source] = error;
  paint();
}
