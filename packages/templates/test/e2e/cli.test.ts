import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeRoot } from '../support/check.js';
import { run } from '../support/cli.js';

const UNCLOSED = {
  'templates/probe/email.mjml': (t: string) => t.replace('code={{code}}</mj-text>', 'code={{code}}'),
};

describe('check and build on the command line', () => {
  it('check exits 1 on a seeded defect, naming the rule, file and line', async () => {
    const root = probeRoot('cli-check-broken', UNCLOSED);
    const { code, out } = await run('src/check/cli.ts', ['--root', root, '--allow-missing-triggers']);
    expect(code).toBe(1);
    expect(out).toContain(
      '[structure] MJML tags are closed and nested as written (no silent repairs): 1 error(s)',
    );
    expect(out).toMatch(
      /error\s+\S*templates\/probe\/email\.mjml:12\s+<mj-text> opened on line 12 is never closed: MJML swallows everything up to the next <\/mj-text> \(line 14\)/,
    );
  });

  it('check exits 0 on the clean fixture', async () => {
    const { code, out } = await run('src/check/cli.ts', [
      '--root',
      probeRoot('cli-check-clean'),
      '--allow-missing-triggers',
    ]);
    expect(out).toMatch(/0 error\(s\)/);
    expect(code).toBe(0);
  });

  it('build refuses the same defect with the grouped findings and writes nothing', async () => {
    const root = probeRoot('cli-build-broken', UNCLOSED);
    const outDir = join(root, 'out');
    const { code, out } = await run('src/build/cli.ts', [
      '--root',
      root,
      '--out-dir',
      outDir,
      '--allow-missing-triggers',
    ]);
    expect(code).toBe(1);
    expect(out).toContain('[structure]');
    expect(out).toContain('templates: build refused: 1 error(s); nothing written');
    expect(existsSync(join(outDir, 'registry.js'))).toBe(false);
  });

  it('build writes the registry for clean sources', async () => {
    const root = probeRoot('cli-build-clean');
    const outDir = join(root, 'out');
    const { code, out } = await run('src/build/cli.ts', [
      '--root',
      root,
      '--out-dir',
      outDir,
      '--allow-missing-triggers',
    ]);
    expect(out).toContain('templates: built 1 templates × 1 brands');
    expect(code).toBe(0);
    expect(existsSync(join(outDir, 'registry.js'))).toBe(true);
  });
});
