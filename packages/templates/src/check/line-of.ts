import { readFileSync } from 'node:fs';
import { lineOfKey } from '../build/sources.js';

/** Where a finding points: a file (null when there is none) and a 1-based line (null when unknown). */
export interface SourceLocation {
  file: string | null;
  line: number | null;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * 1-based line of the first occurrence of `needle` in a file; null when absent or unreadable.
 * @example lineOf('templates/probe/email.mjml', 'plan=') // 12
 */
export function lineOf(file: string, needle: string): number | null {
  const text = readText(file);
  if (text === null) return null;
  const idx = text.indexOf(needle);
  return idx < 0 ? null : text.slice(0, idx).split('\n').length;
}

/**
 * 1-based line where `"key"` first appears in a JSON file (a locale catalog); null when absent.
 * @example lineOfJsonKey('locales/fr.json', 'probe') // 3
 */
export function lineOfJsonKey(file: string, key: string): number | null {
  const text = readText(file);
  return text === null ? null : lineOfKey(text, key);
}
