import type { RuleFinding } from './rule.js';

/** A finding and the identity of the problem it reports. */
export interface KeyedFinding {
  key: string;
  finding: RuleFinding;
}

/**
 * Keeps the first finding per key, so a problem that repeats in every preview state is reported once.
 * @example firstPerKey([{ key: 'a', finding: f1 }, { key: 'a', finding: f2 }]) // [f1]
 */
export function firstPerKey(entries: Iterable<KeyedFinding>): RuleFinding[] {
  const seen = new Set<string>();
  const out: RuleFinding[] = [];
  for (const { key, finding } of entries) {
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(finding);
  }
  return out;
}
