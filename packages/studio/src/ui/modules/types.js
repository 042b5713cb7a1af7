// @ts-check
// The wire shapes the studio's JSON API hands the page: one definition, the server's (src/types.ts).

/**
 * @typedef {import('../../types.js').BuildProblem} BuildProblem
 * @typedef {import('../../types.js').Finding} Finding
 * @typedef {import('../../types.js').StudioTemplate} StudioTemplate
 * @typedef {import('../../types.js').StudioLocale} StudioLocale
 * @typedef {import('../../types.js').StudioBrand} StudioBrand
 * @typedef {import('../../types.js').StudioRender} StudioRender
 * @typedef {import('../../types.js').StudioPreviewState} StudioPreviewState
 */

/**
 * `GET /api/state`.
 * @typedef {object} StudioState
 * @property {number} version
 * @property {string} templatesDir
 * @property {string} outboxDir
 * @property {StudioTemplate[]} templates
 * @property {StudioLocale[]} locales
 * @property {StudioBrand[]} brands
 * @property {BuildProblem[]} problems
 * @property {Finding[]} findings
 * @property {string[]} [brandAssets]
 * @property {{ kmsUrl?: string, keyArn?: string, provider?: string, rebuildsBundle?: boolean }} [dispatch]
 */

/**
 * `POST /api/render`: a render, or the error that stopped it.
 * @typedef {{ ok: true, render: StudioRender, findings?: Finding[], asSent?: import('./as-sent.js').AsSent }
 *   | { ok: false, error: { code?: string, message: string, file?: string | null, line?: number | null } }} RenderResult
 */

/**
 * A message in the outbox list (`GET /api/outbox`).
 * @typedef {object} OutboxEntry
 * @property {string} id
 * @property {string} to
 * @property {string} subject
 * @property {string} receivedAt
 * @property {number} size
 * @property {string} [trigger]
 * @property {string} [templateId]
 * @property {string} [locale]
 * @property {string} [brand]
 * @property {string} [provider]
 */

/**
 * One message in full (`GET /api/outbox/:id`).
 * @typedef {OutboxEntry & { from: string, messageId?: string, file: string, html?: string, text?: string,
 *   headers: { name: string, value: string }[] }} OutboxMessage
 */

export {};
