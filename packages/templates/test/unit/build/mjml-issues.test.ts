import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { mjmlIssues } from '../../../src/build/mjml-issues.js';
import { tempDir } from '../../support/temp.js';

const same = (xml: string) => xml;

describe('mjmlIssues', () => {
  it('reports an error without validation details against the template file', () => {
    expect(mjmlIssues(new Error('Malformed MJML'), '/t/email.mjml', same)).toEqual([
      { file: '/t/email.mjml', line: null, message: 'MJML: Malformed MJML' },
    ]);
  });

  it('names the included file MJML points at, and the line in the source as written', () => {
    const dir = tempDir('mjml-issues');
    onTestFinished(() => dir.cleanup());
    const partial = join(dir.path, 'footer.mjml');
    // Substituted tokens change lengths, never line breaks: the tag is re-found within the line MJML named.
    writeFileSync(partial, '<mj-section>\n  [[wide]]<mj-text colour="red">x</mj-text>\n</mj-section>\n');
    const substitute = (xml: string) => xml.replace('[[wide]]', ' '.repeat(200));
    const err = {
      errors: [
        {
          line: 2,
          tagName: 'mj-text',
          message: 'Attribute colour is illegal',
          formattedMessage: `Line 2 of ${partial}, included at ${dir.path}/email.mjml (mj-text) — Attribute colour is illegal`,
        },
        { formattedMessage: `Line 1 of ${dir.path} (mjml) — something` },
      ],
    };

    expect(mjmlIssues(err, join(dir.path, 'email.mjml'), substitute)).toEqual([
      { file: partial, line: 2, message: 'MJML: Attribute colour is illegal' },
      {
        file: join(dir.path, 'email.mjml'),
        line: null,
        message: `MJML: Line 1 of ${dir.path} (mjml) — something`,
      },
    ]);
  });
});
