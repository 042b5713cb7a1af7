import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadBrands } from '../../../src/build/sources.js';
import { buildTokens, lineAt, tokenSubstitute, unknownTokenIssues } from '../../../src/build/tokens.js';
import { FIXTURE_ROOT, tempDir } from '../../support/temp.js';

const [brand] = loadBrands(FIXTURE_ROOT, []);
if (!brand) throw new Error('the fixture root has a brand');

describe('build-time tokens', () => {
  it('aligns to the start of the text direction', () => {
    expect(buildTokens(brand, 'ltr')).toEqual(
      expect.objectContaining({ dir: 'ltr', align: 'left', alignEnd: 'right' }),
    );
    expect(buildTokens(brand, 'rtl')).toEqual(
      expect.objectContaining({ dir: 'rtl', align: 'right', alignEnd: 'left' }),
    );
  });

  it('offers every brand colour and the logo width in pixels', () => {
    const tokens = buildTokens(brand, 'ltr');
    expect(tokens['brand.colors.primary']).toBe('#123456');
    expect(tokens['brand.logoWidth']).toBe('120px');
  });

  it('substitutes known tokens attribute-escaped and leaves unknown ones as written', () => {
    const substitute = tokenSubstitute({ ...brand, displayName: 'A "B" & <C>' }, 'rtl');

    expect(substitute('<x a="[[ align ]]" b="[[brand.displayName]]" c="[[nope]]">')).toBe(
      '<x a="right" b="A &quot;B&quot; &amp; &lt;C&gt;" c="[[nope]]">',
    );
  });

  it('reports unknown tokens with file, line and the known ones', () => {
    const dir = tempDir('tokens');
    onTestFinished(() => dir.cleanup());
    const file = join(dir.path, 'email.mjml');
    writeFileSync(file, '<mjml>\n  <mj-body background-color="[[brand.colors.bg]]" width="[[dir]]">\n');

    const issues = unknownTokenIssues([file], [brand]);

    expect(issues).toEqual([
      {
        file,
        line: 2,
        message: expect.stringMatching(
          /^unknown build-time token \[\[brand\.colors\.bg\]\]; known: dir, align/,
        ),
      },
    ]);
  });

  it('counts lines from 1', () => {
    expect(lineAt('a\nb\nc', 0)).toBe(1);
    expect(lineAt('a\nb\nc', 4)).toBe(3);
  });
});
