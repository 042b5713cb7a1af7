/**
 * The rule for the base URL of links in emails (`APP_URL`, a brand's app URL), in one place: the dispatcher
 * refuses a bad `APP_URL` at cold start with it, and the template renderer refuses the same URLs at render.
 */

/** Hostnames where plain http is acceptable: the local preview only. */
export const LOOPBACK_HOSTNAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether links may point at `url`: https, or http on a loopback host (local previews). Anything else would put
 * an insecure (or script) link into a real inbox.
 * @example isAllowedLinkBase(new URL('http://localhost:5173')) // true
 * @example isAllowedLinkBase(new URL('http://app.example.com')) // false
 */
export function isAllowedLinkBase(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTNAMES.has(url.hostname));
}
