// @ts-check
// The Compatibility card: HTML/CSS features the rendered email uses that major clients do not support
// (caniemail data through the templates package's compatibilityReport), with a link per feature.
import { api } from './api.js';
import { $, h } from './dom.js';

/**
 * @typedef {object} CompatIssue
 * @property {string} feature
 * @property {'none' | 'partial'} support
 * @property {string[]} clients
 * @property {string} url
 * @property {string[]} notes
 */

/** @param {CompatIssue} issue */
function issueRow(issue) {
  return h(
    'li',
    { class: 'warning', title: issue.notes.join('\n') },
    h('span', { class: 'sev' }, '!'),
    h(
      'span',
      {},
      h('a', { href: issue.url, target: '_blank', rel: 'noreferrer' }, issue.feature),
      h('span', { class: 'where' }, `not supported: ${issue.clients.join(', ')}`),
    ),
  );
}

let seq = 0;

/**
 * Asks the server for the compatibility report of the email `request` renders, and fills the card.
 * @param {Record<string, unknown>} request the `/api/render` body
 * @example await refreshCompat({ templateId: 'sign-up', locale: 'auto', brand: 'auto', data });
 */
export async function refreshCompat(request) {
  const mine = ++seq;
  /** @type {{ ok: boolean, report?: { clients: string[], issues: CompatIssue[] }, error?: { message: string } }} */
  const result = await api('/api/compat', request).catch((error) => ({ ok: false, error }));
  if (mine !== seq) return;
  const report = result.report;
  $('#compat-count').textContent = report ? String(report.issues.length) : '—';
  $('#compat-clients').textContent = report
    ? `Checked against ${report.clients.join(', ')} (caniemail.com).`
    : '';
  if (!report) {
    $('#compat-list').replaceChildren(h('li', {}, result.error?.message ?? 'no report'));
    return;
  }
  $('#compat-list').replaceChildren(
    ...(report.issues.length === 0
      ? [
          h(
            'li',
            { class: 'ok' },
            h('span', { class: 'sev' }, '✓'),
            h('span', {}, 'Every feature it uses is supported.'),
          ),
        ]
      : report.issues.map(issueRow)),
  );
  document.body.dataset.compatVersion = String(mine);
}
