/**
 * The dispatcher's outcome of one invocation, as the studio reads it. Bundles that hand it over through
 * `createHandler({ onOutcome })` are read that way; until the dispatcher on main does, the outcome is the last
 * `email_*` line of the invocation's own log (the same facts).
 */

/** The facts of an outcome the studio uses (a subset of the dispatcher's outcome line). */
export interface DispatchOutcome {
  event: 'email_sent' | 'email_skipped' | 'email_failed';
  templateId: string | null;
  locale: string | null;
  brand: string | null;
  provider: string | null;
  messageId: string | null;
  reason?: string;
  code?: string;
  fix?: string;
}

/**
 * The outcome line among an invocation's log lines; `undefined` when there is none.
 * @example outcomeFromLogs([{ event: 'email_sent', provider: 'outbox', … }])?.provider // 'outbox'
 */
export function outcomeFromLogs(logs: readonly Record<string, unknown>[]): DispatchOutcome | undefined {
  const line = logs.findLast((entry) => typeof entry.event === 'string' && entry.event.startsWith('email_'));
  if (!line) return undefined;
  const text = (key: string): string | null => (typeof line[key] === 'string' ? (line[key] as string) : null);
  return {
    event: line.event as DispatchOutcome['event'],
    templateId: text('templateId'),
    locale: text('locale'),
    brand: text('brand'),
    provider: text('provider'),
    messageId: text('messageId'),
    ...(text('reason') ? { reason: text('reason') as string } : {}),
    ...(text('code') ? { code: text('code') as string } : {}),
    ...(text('fix') ? { fix: text('fix') as string } : {}),
  };
}
