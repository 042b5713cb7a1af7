/**
 * Reads the folder the dispatcher's `outbox` provider writes (`OUTBOX_DIR`): one `.eml` per message.
 * The studio's Outbox tab and `mailroom invoke` both go through here.
 */
import { watch } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { OutboxRecord } from '@mailroom/shared-types';
import { type EmlHeader, type ParsedEml, parseEml } from './eml.js';

/** One message in the list (newest first). */
export interface OutboxEntry {
  id: string;
  file: string;
  receivedAt: string;
  size: number;
  subject: string;
  from: string;
  to: string;
  messageId: string | null;
  trigger: string | null;
  templateId: string | null;
  locale: string | null;
  brand: string | null;
  provider: string | null;
}

/** One message with its bodies. */
export interface OutboxMessage extends OutboxEntry {
  headers: EmlHeader[];
  html: string | null;
  text: string | null;
}

/**
 * The dispatcher's `.json` next to each `.eml` (shared-types' `OutboxRecord`), as read from disk: any field may
 * be missing (`undefined` fields are not written, and a `.json` may come from elsewhere).
 */
type Sidecar = Partial<OutboxRecord>;

const cache = new Map<string, { mtimeMs: number; parsed: ParsedEml; sidecar: Sidecar }>();

/** Only names the outbox wrote: no path separators, no dot-files, so `id` can never leave the folder. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._@+=-]*$/;

function headerValue(headers: EmlHeader[], ...names: string[]): string | null {
  for (const name of names) {
    const found = headers.find((h) => h.name.toLowerCase() === name.toLowerCase());
    if (found) return found.value;
  }
  return null;
}

async function readSidecar(emlFile: string): Promise<Sidecar | null> {
  try {
    const value: unknown = JSON.parse(await readFile(emlFile.replace(/\.eml$/, '.json'), 'utf8'));
    return typeof value === 'object' && value !== null ? (value as Sidecar) : null;
  } catch {
    // No sidecar (a message from elsewhere, or the .json is still being written): headers are enough.
    return null;
  }
}

interface Loaded {
  parsed: ParsedEml;
  sidecar: Sidecar;
  size: number;
  mtimeMs: number;
}

async function load(file: string): Promise<Loaded> {
  const info = await stat(file);
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === info.mtimeMs && Object.keys(hit.sidecar).length > 0) {
    return { parsed: hit.parsed, sidecar: hit.sidecar, size: info.size, mtimeMs: info.mtimeMs };
  }
  const parsed = hit && hit.mtimeMs === info.mtimeMs ? hit.parsed : await parseEml(await readFile(file));
  const sidecar = (await readSidecar(file)) ?? {};
  cache.set(file, { mtimeMs: info.mtimeMs, parsed, sidecar });
  return { parsed, sidecar, size: info.size, mtimeMs: info.mtimeMs };
}

function toEntry(file: string, { parsed, sidecar, size, mtimeMs }: Loaded): OutboxEntry {
  const dateMs = parsed.date ? Date.parse(parsed.date) : Number.NaN;
  return {
    id: basename(file, '.eml'),
    file,
    // File time first: the Date header has one-second precision and several sends share a second.
    receivedAt: new Date(Number.isNaN(mtimeMs) ? dateMs : mtimeMs).toISOString(),
    size,
    subject: parsed.subject,
    from: parsed.from,
    to: parsed.to,
    messageId: parsed.messageId ?? sidecar.messageId ?? null,
    trigger: sidecar.trigger ?? headerValue(parsed.headers, 'X-Mailroom-Trigger'),
    templateId: sidecar.template ?? headerValue(parsed.headers, 'X-Mailroom-Template'),
    locale: sidecar.locale ?? headerValue(parsed.headers, 'Content-Language'),
    brand: sidecar.brand ?? null,
    provider: sidecar.provider ?? 'outbox',
  };
}

/**
 * Lists the outbox, newest first. A missing folder is an empty outbox.
 * @example const [latest] = await listOutbox('.mailroom/outbox');
 */
export async function listOutbox(dir: string): Promise<OutboxEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: OutboxEntry[] = [];
  for (const name of names) {
    if (!name.endsWith('.eml') || !SAFE_ID.test(name)) continue;
    const file = join(dir, name);
    try {
      entries.push(toEntry(file, await load(file)));
    } catch {
      // A file the outbox is still writing (or someone deleted meanwhile) shows up on the next change event.
    }
  }
  return entries.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || b.id.localeCompare(a.id));
}

/**
 * Reads one message by id (its file name without `.eml`); `null` if there is none.
 * @example const mail = await readOutboxMessage(dir, entry.id);
 */
export async function readOutboxMessage(dir: string, id: string): Promise<OutboxMessage | null> {
  if (!SAFE_ID.test(id)) return null;
  const file = join(dir, `${id}.eml`);
  try {
    const loaded = await load(file);
    const { parsed } = loaded;
    return {
      ...toEntry(file, loaded),
      headers: parsed.headers,
      html: parsed.html,
      text: parsed.text,
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The raw bytes of one message, for the `.eml` download; `null` if there is none.
 * @example const raw = await readOutboxRaw(dir, id);
 */
export async function readOutboxRaw(dir: string, id: string): Promise<Buffer | null> {
  if (!SAFE_ID.test(id)) return null;
  try {
    return await readFile(join(dir, `${id}.eml`));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Calls `onChange` (debounced) whenever a message lands in or leaves the outbox. Creates the folder.
 * @example const stop = await watchOutbox(dir, () => push('outbox'));
 */
export async function watchOutbox(dir: string, onChange: () => void): Promise<() => void> {
  await mkdir(dir, { recursive: true });
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dir, () => {
    clearTimeout(timer);
    // Writers create then fill the file: wait for the burst of events to settle before re-listing.
    timer = setTimeout(onChange, 60);
  });
  watcher.on('error', () => {
    // The folder was removed (e.g. `rm -rf .mailroom`): the list simply goes empty; nothing to crash for.
  });
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}

/**
 * Deletes one message (its `.eml` and the dispatcher's `.json`), or every message when `id` is omitted.
 * Returns how many messages were removed.
 * @example await deleteOutbox(dir); // empty the outbox
 */
export async function deleteOutbox(dir: string, id?: string): Promise<number> {
  const ids =
    id === undefined ? (await listOutbox(dir)).map((entry) => entry.id) : SAFE_ID.test(id) ? [id] : [];
  let removed = 0;
  for (const one of ids) {
    const eml = join(dir, `${one}.eml`);
    try {
      await stat(eml);
    } catch {
      continue;
    }
    await rm(eml, { force: true });
    await rm(join(dir, `${one}.json`), { force: true });
    cache.delete(eml);
    removed += 1;
  }
  return removed;
}
