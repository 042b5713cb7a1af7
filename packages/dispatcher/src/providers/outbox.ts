/**
 * The local sink, a first-class provider like nodemailer's `jsonTransport`: each message becomes
 * `<OUTBOX_DIR>/<timestamp>-<id>.eml` (a real RFC 5322 MIME message composed by nodemailer's `MailComposer`,
 * openable in any mail client) plus `<timestamp>-<id>.json` metadata for the preview server.
 *
 * The `.json` is written after the `.eml`, so a watcher that reacts to `.json` always finds a complete pair.
 * It never holds the code or password; the `.eml` necessarily does (it is the email).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmailMessage, OutboxRecord, SendResult } from '@mailroom/shared-types';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutboxConfig } from './env/outbox.js';
import { formatMailbox } from './kit/index.js';
import type { EmailProvider, FailureClass, ProviderRuntime } from './types.js';

export { parseOutboxEnv as parseEnv } from './env/index.js';

/**
 * Composes the RFC 5322 message (multipart/alternative text + HTML) with nodemailer's MailComposer.
 * @example const eml = await composeEml(message, '<id@mailroom.local>');
 */
export function composeEml(message: EmailMessage, messageId: string): Promise<Buffer> {
  const composer = new MailComposer({
    // Address objects: MailComposer encodes non-ASCII display names itself.
    from: message.from,
    to: message.to,
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers ?? {},
    messageId,
    date: new Date(),
  });
  return composer.compile().build();
}

/**
 * Filesystem failures: a read-only or forbidden directory is a configuration problem at this "provider"
 * (provider-auth, so a chain falls over to the next), anything else transient.
 * @example classify(Object.assign(new Error('x'), { code: 'EACCES' })).kind // 'provider-auth'
 */
export function classify(err: unknown): FailureClass {
  const code = (err as { code?: unknown })?.code;
  const name = (err as { name?: unknown })?.name;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return { kind: 'provider-auth', reason: `outbox directory not writable (${code})` };
  }
  return {
    kind: 'transient',
    reason: `outbox write failed (${typeof code === 'string' ? code : String(name)})`,
  };
}

/**
 * Creates the outbox writer (the directory is created on first send).
 * @example
 * const outbox = create({ dir: '/tmp/outbox' }, { logger, sandbox: false });
 * const { messageId } = await outbox.send(message, AbortSignal.timeout(1000));
 */
export function create(config: OutboxConfig, runtime: ProviderRuntime): EmailProvider {
  const { dir } = config;
  let ready: Promise<unknown> | undefined;

  return {
    name: 'outbox',
    async send(message: EmailMessage, signal: AbortSignal): Promise<SendResult> {
      signal.throwIfAborted();
      ready ??= mkdir(dir, { recursive: true }).catch((err: unknown) => {
        ready = undefined;
        throw err;
      });
      await ready;
      const id = randomUUID();
      const messageId = `<${id}@mailroom.outbox>`;
      const createdAt = new Date();
      const base = `${createdAt.toISOString().replace(/[:.]/g, '-')}-${id.slice(0, 8)}`;
      const eml = await composeEml(message, messageId);
      await writeFile(join(dir, `${base}.eml`), eml, { signal });
      const metadata = message.metadata ?? {};
      const record: OutboxRecord = {
        messageId,
        createdAt: createdAt.toISOString(),
        provider: 'outbox',
        eml: `${base}.eml`,
        trigger: metadata.trigger ?? message.headers?.['X-Mailroom-Trigger'],
        template: metadata.templateId ?? message.headers?.['X-Mailroom-Template'],
        locale: metadata.locale,
        brand: metadata.brand,
        from: formatMailbox(message.from),
        to: message.to.map((a) => a.address),
        replyTo: message.replyTo ? formatMailbox(message.replyTo) : undefined,
        subject: message.subject,
        tags: message.tags ?? [],
        metadata,
        sandbox: runtime.sandbox,
      };
      await writeFile(join(dir, `${base}.json`), `${JSON.stringify(record, null, 2)}\n`, { signal });
      return { provider: 'outbox', messageId };
    },
  };
}
