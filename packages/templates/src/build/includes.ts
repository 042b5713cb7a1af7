import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const INCLUDE = /<mj-include\s+[^>]*?path="([^"]+)"/g;

/**
 * The files a template pulls in through `mj-include`, recursively, in first-seen order (the template first).
 * @example includedFiles('/pkg/templates/sign-up/email.mjml') // ['…/email.mjml', '…/layouts/base-head.mjml', …]
 */
export function includedFiles(file: string, seen: Set<string> = new Set()): string[] {
  if (seen.has(file) || !existsSync(file)) return [...seen];
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(INCLUDE)) {
    const target = resolve(dirname(file), m[1] ?? '');
    includedFiles(target.endsWith('.mjml') || existsSync(target) ? target : `${target}.mjml`, seen);
  }
  return [...seen];
}
