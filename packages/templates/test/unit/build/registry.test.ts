import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from '../../../src/build/registry.js';
import { createRenderer, type Renderer, TemplateError } from '../../../src/index.js';
import type { RegistryModule } from '../../../src/types.js';
import { FIXTURE_ROOT, tempDir } from '../../support/temp.js';

describe('the emitted registry module', () => {
  const out = tempDir('registry');
  let renderer: Renderer;
  let source: string;

  beforeAll(async () => {
    const result = await buildRegistry({ root: FIXTURE_ROOT, outDir: out.path });
    expect(result.errors).toEqual([]);
    source = readFileSync(join(out.path, 'registry.js'), 'utf8');
    const mod = (await import(pathToFileURL(join(out.path, 'registry.js')).href)) as RegistryModule;
    renderer = createRenderer(mod);
  });
  afterAll(() => out.cleanup());

  it('imports nothing but the Handlebars runtime and node:zlib (to inflate its string table)', () => {
    const imports = [...source.matchAll(/^\s*import\s.*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(imports.sort()).toEqual(['handlebars/runtime.js', 'node:zlib']);
    expect(source).not.toMatch(/\brequire\(|mjml|readFile/);
  });

  it('ships a type declaration next to it', () => {
    const dts = readFileSync(join(out.path, 'registry.d.ts'), 'utf8');
    expect(dts).toContain("export declare const templates: RegistryModule['templates'];");
  });

  it('renders from the written module', () => {
    const email = renderer.render({
      templateId: 'probe',
      data: { code: '42', username: 'p q', userAttributes: { given_name: 'Pat', plan: 'pro' } },
    });
    expect(email.subject).toBe('Hello Pat from Probe');
    expect(email.html).toContain('Hi Pat plan=pro code=42');
    // The template's own "=" stays; only the user's value is escaped.
    expect(email.html).toContain('href="https://app.probe.example/help?plan=pro"');
    expect(email.text).toContain('Open: https://app.probe.example/verify?username=p+q&code=42');
  });

  it('throws MISSING_VARIABLE naming the variable when data lacks it (strict mode)', () => {
    let error: unknown;
    try {
      renderer.render({ templateId: 'probe', data: { code: '42', username: 'p', userAttributes: {} } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).code).toBe('MISSING_VARIABLE');
    expect((error as TemplateError).details.variable).toBe('plan');
    expect((error as TemplateError).message).toContain('"plan"');
  });
});

describe('the shipped dist/registry.js', () => {
  it('is much smaller than the HTML it renders (strings compressed, code kept as code)', () => {
    // It was 693 KB with every string inline; the dispatcher bundle inlines it, so bytes matter.
    const bytes = statSync(new URL('../../../dist/registry.js', import.meta.url)).size;
    expect(bytes).toBeLessThan(150 * 1024);
  });
});
