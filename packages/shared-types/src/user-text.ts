/**
 * Bounds for user-controlled text (Cognito attributes, client metadata, user names) before any regex or
 * template sees it. Truncate, never reject: the email must still go out.
 */

/** Cognito's own limit for a user attribute value; nothing longer comes from a real pool. */
export const COGNITO_ATTRIBUTE_MAX_CHARS = 2_048;

/** Longest name we put into a greeting or a subject. */
export const DISPLAY_NAME_MAX_CHARS = 100;

/** Line breaks of every kind (a name with one could start a new paragraph or header line). */
const LINE_BREAKS = /[\r\n\u0085\u2028\u2029]+/g;

/** C0 controls (CR and LF included), DEL, C1 controls and the Unicode line/paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point (replacing them)
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * User text for places we do not escape ourselves (a provider-hosted template): capped at 2,048 characters,
 * every run of control characters (CR/LF included) turned into one space, so the value stays one line.
 * @example oneLineText('Eve\r\nBcc: x\u0000') // 'Eve Bcc: x'
 */
export function oneLineText(value: string): string {
  return truncateText(value).replace(CONTROLS, ' ').trim();
}

/**
 * Cuts `value` to at most `max` UTF-16 units without splitting a surrogate pair.
 * @example truncateText('x'.repeat(5000)).length // 2048
 */
export function truncateText(value: string, max: number = COGNITO_ATTRIBUTE_MAX_CHARS): string {
  if (value.length <= max) return value;
  const cut = value.charCodeAt(max - 1);
  // A high surrogate at the end would be half a character: drop it too.
  return value.slice(0, cut >= 0xd800 && cut <= 0xdbff ? max - 1 : max);
}

/**
 * A name fit for a greeting or a subject: line breaks become spaces, and anything past 100 characters is
 * cut with an ellipsis, so a sign-up cannot make our domain mail paragraphs of someone else's text.
 * @example displayNameOf('Ana\r\nClick here: …') // 'Ana Click here: …'
 * @example displayNameOf('x'.repeat(500)).length // 101 (100 characters and '…')
 */
export function displayNameOf(value: string): string {
  const oneLine = truncateText(value).replace(LINE_BREAKS, ' ').trim();
  if (oneLine.length <= DISPLAY_NAME_MAX_CHARS) return oneLine;
  return `${truncateText(oneLine, DISPLAY_NAME_MAX_CHARS).trimEnd()}…`;
}
