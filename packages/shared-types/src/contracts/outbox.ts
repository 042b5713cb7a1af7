/**
 * The outbox contract: where the dispatcher's `outbox` provider writes (`OUTBOX_DIR`) and what the `.json`
 * next to each `.eml` holds. The dispatcher writes it; the studio and `mailroom invoke` read it.
 */

/** `OUTBOX_DIR` when unset (relative to the working directory). */
export const DEFAULT_OUTBOX_DIR = '.mailroom/outbox';

/** What the `.json` next to each `.eml` holds. Never the code or password (the `.eml` necessarily does). */
export interface OutboxRecord {
  messageId: string;
  createdAt: string;
  provider: 'outbox';
  /** File name of the `.eml` beside it. */
  eml: string;
  trigger: string | undefined;
  template: string | undefined;
  locale: string | undefined;
  brand: string | undefined;
  /** RFC 5322 mailbox (`"Name" <address>`, RFC 2047 for non-ASCII names). */
  from: string;
  to: string[];
  replyTo: string | undefined;
  subject: string;
  tags: string[];
  metadata: Record<string, string>;
  sandbox: boolean;
}
