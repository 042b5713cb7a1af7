import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../../src/check/index.js';
import { PACKAGE_DIR } from '../../../support/temp.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RULES_DIR = join(PACKAGE_DIR, 'src', 'check', 'rules');

describe('RULES', () => {
  it('gives every rule a unique kebab-case id, a description and a fix hint', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.description.length).toBeGreaterThan(10);
      expect(rule.fix.length).toBeGreaterThan(10);
    }
  });

  it('lists every file in src/check/rules, and each has a file named after its id and a test', () => {
    const files = readdirSync(RULES_DIR)
      .filter((f) => f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(RULES.map((r) => r.id).sort()).toEqual(files);
    for (const rule of RULES) expect(existsSync(join(HERE, `${rule.id}.test.ts`)), rule.id).toBe(true);
  });
});
