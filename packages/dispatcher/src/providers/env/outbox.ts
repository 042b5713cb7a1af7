/** The outbox's settings: `OUTBOX_DIR` (default `.mailroom/outbox`), resolved against the working directory. */
import { resolve } from 'node:path';
import { DEFAULT_OUTBOX_DIR } from '@mailroom/shared-types';
import { type Env, envValue, type ParsedEnv, parsedEnv } from '../kit/index.js';

export interface OutboxConfig {
  /** Absolute directory the `.eml` + `.json` pairs go to (created on first send). */
  dir: string;
}

/**
 * Reads `OUTBOX_DIR`; refuses only a value no filesystem accepts (a NUL byte).
 * @example parseEnv({ OUTBOX_DIR: '/tmp/outbox' }) // { config: { dir: '/tmp/outbox' } }
 */
export function parseEnv(env: Env): ParsedEnv<OutboxConfig> {
  const raw = envValue(env, 'OUTBOX_DIR') ?? DEFAULT_OUTBOX_DIR;
  if (raw.includes('\0')) return { problems: ['OUTBOX_DIR: must be a directory path'] };
  return parsedEnv({ dir: resolve(raw) }, []);
}
