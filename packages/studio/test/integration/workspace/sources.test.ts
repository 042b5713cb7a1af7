import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEMPLATES_PACKAGE_DIR, WATCHED_FOLDERS } from '../../../src/paths.js';
import { type BuildApi, loadBuildApi } from '../../../src/workspace/build-api.js';
import { CompiledSources } from '../../../src/workspace/sources.js';

const TEMPLATE = 'forgot-password';
const DATA = { username: 'ana', code: '123456', userAttributes: { email: 'ana@example.com' } };

let root: string | undefined;

afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

/** A copy of the shipped sources, so the test can save a template as a designer would. */
async function copySources(): Promise<string> {
  root = await mkdtemp(join(tmpdir(), 'mailroom-sources-'));
  for (const folder of WATCHED_FOLDERS) {
    await cp(join(TEMPLATES_PACKAGE_DIR, folder), join(root, folder), { recursive: true });
  }
  return root;
}

const htmlOf = (sources: CompiledSources) =>
  sources.renderer?.render({ templateId: TEMPLATE, brand: 'default', locale: 'en', data: DATA as never })
    .html;

describe('CompiledSources, a save compiled early (the previewed variant first)', () => {
  it('falls back to the last complete good compile when the complete compile of that save fails', async () => {
    // Arrange: the real build API, whose complete compile (every brand and direction) of the next save fails,
    // as when another brand than the previewed one rejects it.
    const dir = await copySources();
    const real = await loadBuildApi();
    let completeFails = false;
    const build: BuildApi = {
      ...real,
      compileTemplate: async (id, options) => {
        const result = await real.compileTemplate(id, options);
        return completeFails && !options?.dirs ? { ...result, ok: false } : result;
      },
    };
    const sources = new CompiledSources(dir, build, 'en');
    await sources.fullBuild();
    const file = join(dir, 'templates', TEMPLATE, 'email.mjml');
    const source = await readFile(file, 'utf8');
    await writeFile(file, source.replace(/<mj-text([^>]*)>/, '<mj-text$1>Marker-early '));
    completeFails = true;

    // Act
    const early = await sources.recompileVariant({ templateId: TEMPLATE, brand: 'default', dir: 'ltr' });
    const htmlEarly = htmlOf(sources);
    await sources.recompile([TEMPLATE]);

    // Assert: the early compile showed the save, the failed complete compile took it back.
    expect(early).toBe(true);
    expect(htmlEarly).toContain('Marker-early');
    expect(htmlOf(sources)).not.toContain('Marker-early');
    expect(htmlOf(sources)).toContain('<h1');
  });
});
