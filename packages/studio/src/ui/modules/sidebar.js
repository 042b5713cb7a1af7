// @ts-check
// The template list: grouped by trigger, variants under their template, a dot for check findings.
import { $, h } from './dom.js';
import { selectTemplate } from './selection.js';
import { findingsFor, store } from './store.js';

/** @typedef {import('./types.js').StudioTemplate} StudioTemplate */

/** @param {string} id */
function severityOf(id) {
  const findings = findingsFor(id);
  if (findings.some((f) => f.severity === 'error')) return 'error';
  if (findings.some((f) => f.severity === 'warning')) return 'warning';
  return null;
}

/** @param {StudioTemplate} member */
function templateItem(member) {
  const severity = severityOf(member.id);
  return h(
    'button',
    {
      type: 'button',
      class: `template-item${member.variantOf ? ' variant' : ''}`,
      'aria-current': String(member.id === store.templateId),
      dataset: { templateId: member.id },
      title: member.description,
      onclick: () => selectTemplate(member.id),
    },
    h(
      'span',
      { class: 'name' },
      member.id,
      member.variantOf ? h('span', { class: 'tag' }, 'variant') : null,
      severity ? h('span', { class: `dot ${severity}`, title: `check ${severity}s` }) : null,
    ),
    h('span', { class: 'desc' }, member.description || member.triggerSource),
  );
}

/**
 * Templates per trigger, each followed by its variants, filtered by `filter`.
 * @param {StudioTemplate[]} templates
 * @param {string} filter
 * @returns {Map<string, StudioTemplate[]>}
 */
function groupByTrigger(templates, filter) {
  /** @type {Map<string, StudioTemplate[]>} */
  const byTrigger = new Map();
  for (const t of templates.filter((x) => !x.variantOf)) {
    const family = [t, ...templates.filter((v) => v.variantOf === t.id)];
    const shown = family.filter(
      (m) => !filter || `${m.id} ${m.trigger} ${m.description}`.toLowerCase().includes(filter),
    );
    byTrigger.set(t.trigger, [...(byTrigger.get(t.trigger) ?? []), ...shown]);
  }
  return byTrigger;
}

/**
 * Redraws the sidebar from the state and the filter box.
 * @example renderSidebar();
 */
export function renderSidebar() {
  const filter = /** @type {HTMLInputElement} */ ($('#template-filter')).value.trim().toLowerCase();
  const nodes = [];
  for (const [trigger, items] of groupByTrigger(store.state?.templates ?? [], filter)) {
    if (items.length === 0) continue;
    nodes.push(h('div', { class: 'group-label' }, h('span', {}, trigger)), ...items.map(templateItem));
  }
  if (nodes.length === 0)
    nodes.push(h('p', { class: 'hint', style: 'padding: 8px' }, 'No template matches.'));
  $('#template-list').replaceChildren(...nodes);
  $('#sidebar-foot').textContent = store.state ? `Sources: ${store.state.templatesDir}` : '';
}
