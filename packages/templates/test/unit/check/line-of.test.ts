import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { lineOf, lineOfJsonKey } from '../../../src/check/line-of.js';
import { tempDir } from '../../support/temp.js';

function file(name: string, text: string): string {
  const dir = tempDir('line-of');
  onTestFinished(() => dir.cleanup());
  const path = join(dir.path, name);
  writeFileSync(path, text);
  return path;
}

describe('lineOf', () => {
  it('gives the 1-based line of the first occurrence', () => {
    const path = file('a.mjml', '<mjml>\n  <mj-text>{{plan}}</mj-text>\n  {{plan}}\n</mjml>\n');
    expect(lineOf(path, 'plan')).toBe(2);
    expect(lineOf(path, '<mjml>')).toBe(1);
  });

  it('gives null when the text is absent or the file unreadable', () => {
    const path = file('b.mjml', '<mjml></mjml>\n');
    expect(lineOf(path, 'plan')).toBeNull();
    expect(lineOf(`${path}.missing`, 'plan')).toBeNull();
  });
});

describe('lineOfJsonKey', () => {
  it('gives the line of the quoted key, not of a value that merely contains the word', () => {
    const path = file('fr.json', '{\n  "a": "open the cta",\n  "probe": {\n    "cta": "Ouvrir"\n  }\n}\n');
    expect(lineOfJsonKey(path, 'cta')).toBe(4);
    expect(lineOfJsonKey(path, 'probe')).toBe(3);
    expect(lineOfJsonKey(path, 'nope')).toBeNull();
  });
});
