import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { includedFiles } from '../../../src/build/includes.js';
import { tempDir } from '../../support/temp.js';

describe('includedFiles', () => {
  it('follows mj-include recursively, once each, with or without the .mjml extension, skipping missing files', () => {
    const dir = tempDir('includes');
    onTestFinished(() => dir.cleanup());
    mkdirSync(join(dir.path, 'partials'));
    const email = join(dir.path, 'email.mjml');
    const head = join(dir.path, 'partials', 'head.mjml');
    const footer = join(dir.path, 'partials', 'footer.mjml');
    writeFileSync(
      email,
      '<mj-include path="./partials/head" />\n<mj-include path="./partials/footer.mjml" />\n<mj-include path="./gone.mjml" />',
    );
    writeFileSync(head, '<mj-include path="./footer.mjml" />');
    writeFileSync(footer, '<mj-include path="../email.mjml" />');

    expect(includedFiles(email)).toEqual([email, head, footer]);
  });

  it('returns nothing for a file that does not exist', () => {
    expect(includedFiles('/no/such/email.mjml')).toEqual([]);
  });
});
