// @ts-check
// The page's state: what is selected, what was rendered, what the outbox holds.

/** @typedef {import('./types.js').StudioState} StudioState */
/** @typedef {import('./types.js').StudioRender} StudioRender */
/** @typedef {import('./types.js').StudioTemplate} StudioTemplate */
/** @typedef {import('./types.js').Finding} Finding */
/** @typedef {import('./types.js').OutboxEntry} OutboxEntry */

export const store = {
  /** @type {StudioState | null} */
  state: null,
  /** @type {string | null} */
  templateId: null,
  /** @type {string | null} */
  locale: null,
  /** @type {string | null} */
  brand: null,
  /** @type {string | null} */
  previewState: null,
  width: localStorage.getItem('studio.width') ?? 'desktop',
  scheme: localStorage.getItem('studio.scheme') ?? 'light',
  tab: 'preview',
  dataText: '',
  dataDirty: false,
  /** @type {StudioRender | null} */
  render: null,
  renderVersion: 0,
  /** @type {OutboxEntry[]} */
  outbox: [],
  /** @type {Set<string>} */
  outboxSeen: new Set(),
  /** @type {string | null} */
  mailId: null,
  mailTab: 'html',
};

/**
 * The selected template (or `id`), if the state lists it.
 * @param {string | null} [id]
 * @returns {StudioTemplate | null}
 * @example template('sign-up')?.previewStates
 */
export function template(id = store.templateId) {
  return store.state?.templates.find((t) => t.id === id) ?? null;
}

/**
 * The `check` findings for one template.
 * @param {string | null} id
 * @returns {Finding[]}
 * @example findingsFor('forgot-password').length
 */
export function findingsFor(id) {
  return (store.state?.findings ?? []).filter((f) => f.templateId === id);
}
