// @ts-check
// The Checks card: the template's `check` findings, one row per problem.
import { $, h } from './dom.js';

/** @typedef {import('./types.js').Finding} Finding */
/** @typedef {Finding & { contexts: string[] }} FindingGroup */

const ORDER = { error: 0, warning: 1, info: 2 };

/**
 * The check reports one finding per brand × locale × state; each problem once, with where it occurs.
 * @param {Finding[]} findings
 * @returns {FindingGroup[]}
 * @example groupFindings(findings).length // problems, not renders
 */
export function groupFindings(findings) {
  /** @type {Map<string, FindingGroup>} */
  const groups = new Map();
  for (const f of findings) {
    const message = f.message.replace(/^[\w-]+\/[\w-]+\/[\w-]+:\s*/, '');
    const key = [f.severity, f.rule, message, f.file, f.line].join('\u0000');
    const group = groups.get(key) ?? { ...f, message, contexts: [] };
    if (f.context) group.contexts.push(f.context);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}

/** @param {FindingGroup} f */
function contextsLabel(f) {
  if (f.contexts.length === 0) return null;
  if (f.contexts.length <= 2) return f.contexts.join(', ');
  return `${f.contexts.length} renders (${f.contexts.slice(0, 2).join(', ')}, …)`;
}

/** @param {FindingGroup} f */
function findingRow(f) {
  const where = [f.rule, f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : null]
    .filter(Boolean)
    .join(' · ');
  const contexts = contextsLabel(f);
  const mark = f.severity === 'error' ? '✕' : f.severity === 'warning' ? '!' : 'i';
  return h(
    'li',
    { class: f.severity, title: f.contexts.join('\n') },
    h('span', { class: 'sev' }, mark),
    h(
      'span',
      {},
      f.message,
      h('span', { class: 'where' }, where),
      contexts ? h('span', { class: 'where' }, contexts) : null,
    ),
  );
}

/**
 * Fills the Checks card; the count is the number of distinct problems.
 * @param {Finding[]} findings
 * @example renderFindings(findingsFor('sign-up'));
 */
export function renderFindings(findings) {
  const groups = groupFindings(findings);
  $('#checks-count').textContent = String(groups.length);
  if (groups.length === 0) {
    $('#findings').replaceChildren(
      h(
        'li',
        { class: 'ok' },
        h('span', { class: 'sev' }, '✓'),
        h('span', {}, 'No findings for this template.'),
      ),
    );
    return;
  }
  $('#findings').replaceChildren(...groups.map(findingRow));
}
