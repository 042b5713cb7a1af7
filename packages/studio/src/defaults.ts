/** Defaults the studio's preview and its local sends share, so both show the same message. */

/** The sender when neither an option nor `EMAIL_FROM` names one. */
export const DEFAULT_SENDER = 'Mailroom Dev <dev@mailroom.local>';

/**
 * The sender the preview shows and local sends use: the caller's option, else `EMAIL_FROM`, else
 * {@link DEFAULT_SENDER}.
 * @example senderFrom(undefined) // 'Mailroom Dev <dev@mailroom.local>' when EMAIL_FROM is unset
 */
export function senderFrom(option: string | undefined): string {
  return option ?? process.env.EMAIL_FROM ?? DEFAULT_SENDER;
}
