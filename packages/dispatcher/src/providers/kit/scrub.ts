/**
 * The provider kit: what every adapter shares lives here, below the adapters (never in the failover
 * orchestrator above them). First resident: the one scrub for failure reasons.
 *
 * A failure reason is logged on every fallback and outcome line, also with `LOG_PII=false`, and providers
 * like to quote the recipient back ("Invalid email: ana@…"). So every adapter passes any provider or SDK
 * text through `scrubReason` before it becomes a `reason`.
 */

/** Characters that end an address-like token (whitespace, brackets, quotes, list separators). */
const TOKEN = /[^\s<>"'(),;:]+/g;

/** Default length of a reason: enough for a status and a provider's one-line explanation. */
export const REASON_MAX_CHARS = 200;

/**
 * Replaces every token containing `@` with `<address>` and cuts the result to `max` characters. Linear in the
 * text's length (one pass over tokens; no backtracking pattern around the `@`), so a hostile provider body
 * cannot stall the Lambda.
 * @example scrubReason('550 <ana@example.com>: rejected') // '550 <<address>>: rejected'
 */
export function scrubReason(text: string, max = REASON_MAX_CHARS): string {
  return text.replace(TOKEN, (token) => (token.includes('@') ? '<address>' : token)).slice(0, max);
}
