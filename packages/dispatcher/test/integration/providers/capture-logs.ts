/** In-memory log capture with the dispatcher's real logger settings (redaction included). No network. */
import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../../src/logger.js';

export interface CapturedLogs {
  logger: Logger;
  /** Parsed JSON lines written so far. */
  lines(): Record<string, unknown>[];
  text(): string;
}

/**
 * A logger configured like the dispatcher's (redaction included) that writes into memory.
 * @example const logs = captureLogs(); logs.logger.warn({ event: 'x' }, 'y'); logs.lines()[0].event // 'x'
 */
export function captureLogs(): CapturedLogs {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const text = () => chunks.join('');
  return {
    logger,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
