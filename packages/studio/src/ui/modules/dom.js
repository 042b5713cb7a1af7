// @ts-check
// DOM helpers: look-ups that fail loudly, and an element builder that never parses strings as HTML.

/**
 * The element `selector` names; throws when the page lacks it (a renamed id fails at once, not later).
 * @template {Element} [E=HTMLElement]
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {E}
 * @example $('#error-banner').hidden = true;
 */
export function $(selector, root = document) {
  const el = root.querySelector(selector);
  if (!el) throw new Error(`studio page: no element matches ${selector}`);
  return /** @type {E} */ (el);
}

/**
 * Every element `selector` names.
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {HTMLElement[]}
 * @example for (const tab of $$('[data-tab]')) tab.hidden = false;
 */
export function $$(selector, root = document) {
  return /** @type {HTMLElement[]} */ ([...root.querySelectorAll(selector)]);
}

/** @typedef {Node | string | number | null | undefined | false} Child */
/** @typedef {Record<string, unknown>} Attrs */

/**
 * Builds an element; strings become text nodes, so nothing user-provided is parsed as HTML.
 * `on…` attributes are listeners, `class` the class name, `dataset` data attributes.
 * @param {string} tag
 * @param {Attrs} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElement}
 * @example h('span', { class: 'tag' }, 'variant')
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) setAttribute(el, key, value);
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/**
 * @param {HTMLElement} el
 * @param {string} key
 * @param {unknown} value
 */
function setAttribute(el, key, value) {
  if (value === undefined || value === null || value === false) return;
  if (key === 'class') el.className = String(value);
  else if (key === 'dataset') Object.assign(el.dataset, value);
  else if (key.startsWith('on')) el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
  else el.setAttribute(key, value === true ? '' : String(value));
}

/**
 * Replaces a select's options; keeps `value` selected when it is one of them, else the first.
 * @param {HTMLSelectElement} select
 * @param {{ value: string, label: string }[]} options
 * @param {string | null | undefined} value
 * @example fillSelect($('#locale'), [{ value: 'de', label: 'Deutsch (de)' }], 'de')
 */
export function fillSelect(select, options, value) {
  select.replaceChildren(
    ...options.map((o) =>
      h('option', { value: o.value, selected: o.value === value ? true : undefined }, o.label),
    ),
  );
  select.value = value ?? options[0]?.value ?? '';
}

/**
 * Fills a two-column table with name/value rows.
 * @param {HTMLElement} table
 * @param {[string, string][]} entries
 * @example kvRows($('#headers-output'), [['Subject', 'Welcome']])
 */
export function kvRows(table, entries) {
  table.replaceChildren(...entries.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))));
}

/**
 * A short-lived message in the corner (longer for failures).
 * @param {Child | Child[]} content
 * @param {boolean} [bad]
 * @returns {HTMLElement}
 * @example toast('HTML copied to the clipboard.')
 */
export function toast(content, bad = false) {
  const el = h('div', { class: `toast${bad ? ' bad' : ''}` }, content);
  $('#toasts').append(el);
  setTimeout(() => el.remove(), bad ? 9000 : 6000);
  return el;
}

/**
 * `1.5 KB`, `812 B`.
 * @param {number} bytes
 * @example formatBytes(1536) // '1.5 KB'
 */
export function formatBytes(bytes) {
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`;
}
