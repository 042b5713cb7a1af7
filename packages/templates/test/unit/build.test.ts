import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shareShapes, tableLiterals } from '../../src/build/emit.js';
import {
  buildRegistry,
  type CompileResult,
  compileTemplate,
  createBuildCache,
  htmlToTextTemplate,
  registryFromBuild,
} from '../../src/build/index.js';
import * as shipped from '../../src/index.js';
import { createRenderer, type Renderer, TemplateError } from '../../src/index.js';
import type { RegistryModule } from '../../src/types.js';
import { copyFixtureRoot, FIXTURE_ROOT, tempDir } from '../support/temp.js';

describe('MJML compilation keeps Handlebars intact', () => {
  let probe: CompileResult;
  beforeAll(async () => {
    probe = await compileTemplate('probe', { root: FIXTURE_ROOT });
  });

  it('compiles the probe template under strict validation without errors', () => {
    expect(probe.errors).toEqual([]);
    expect(probe.ok).toBe(true);
    expect(probe.builds.map((b) => `${b.brand}:${b.dir}`)).toEqual(['default:ltr', 'default:rtl']);
  });

  it('keeps expressions inside text', () => {
    const html = probe.builds[0]?.html ?? '';
    expect(html).toContain('{{t ".greeting" name=displayName}} plan={{userAttributes.plan}} code={{code}}');
  });

  it('keeps expressions inside href attributes', () => {
    const html = probe.builds[0]?.html ?? '';
    expect(html).toContain('href="{{links.primary}}"');
    expect(html).toContain('href="https://app.probe.example/help?plan={{userAttributes.plan}}"');
  });

  it('keeps expressions inside mj-style CSS', () => {
    const html = probe.builds[0]?.html ?? '';
    const style = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('\n');
    expect(style).toContain('.probe-css { color: #123456; direction: {{locale.dir}}; }');
  });

  it('keeps the lang expression on the root and compiles the direction per build', () => {
    const [ltr, rtl] = probe.builds;
    expect(ltr?.html).toContain('<html lang="{{locale.code}}" dir="ltr"');
    expect(rtl?.html).toContain('<html lang="{{locale.code}}" dir="rtl"');
  });

  it('replaces build-time brand tokens in typed attributes that strict MJML would reject as {{…}}', () => {
    const html = probe.builds[0]?.html ?? '';
    expect(html).not.toContain('[[');
    expect(html).toContain('bgcolor="#123456"');
  });

  it('lists the catalog keys a template uses with their source line', () => {
    expect(probe.usedKeys.map((k) => k.key)).toEqual(
      expect.arrayContaining(['.subject', '.greeting', '.cta']),
    );
    const greeting = probe.usedKeys.find((k) => k.key === '.greeting');
    expect(greeting?.file).toBe(join(FIXTURE_ROOT, 'templates', 'probe', 'email.mjml'));
    expect(greeting?.line).toBe(12);
  });
});

describe('generated text part', () => {
  it('keeps links as "label: url" and Handlebars expressions as written', () => {
    const text = htmlToTextTemplate(
      '<div><h1>{{t "x.heading"}}</h1><p>Code: {{code}}</p><a href="{{links.verify}}">Verify</a>' +
        '<a href="{{links.home}}">{{links.home}}</a><img src="https://x.example/a.png" alt="logo"></div>',
    );
    expect(text).toBe('{{t "x.heading"}}\nCode: {{code}}\nVerify: {{links.verify}}{{links.home}}');
  });

  it('contains the code and every link of a real template', async () => {
    const result = await compileTemplate('sign-up');
    const text = result.builds[0]?.text ?? '';
    expect(text).toContain('{{code}}');
    expect(text).toContain('{{t ".cta"}}: {{links.primary}}');
    expect(text).toContain('{{links.primary}}');
  });
});

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

  it('refuses a registry that was never built', () => {
    expect(() => createRenderer({ ...({} as RegistryModule), formatVersion: 1, templates: {} })).toThrow(
      expect.objectContaining({ code: 'REGISTRY_NOT_BUILT' }),
    );
  });
});

describe('structured build errors', () => {
  it('reports an invalid MJML attribute with its file and line', async () => {
    const root = copyFixtureRoot('broken-mjml');
    try {
      const file = join(root.path, 'templates', 'probe', 'email.mjml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('<mj-text css-class', '<mj-text colour="red" css-class'),
      );
      const result = await compileTemplate('probe', { root: root.path });
      expect(result.ok).toBe(false);
      expect(result.errors).toEqual([
        expect.objectContaining({ file, line: 12, message: expect.stringContaining('colour') }),
      ]);
    } finally {
      root.cleanup();
    }
  });

  it('reports a Handlebars syntax error with its file and line', async () => {
    const root = copyFixtureRoot('broken-hbs');
    try {
      const file = join(root.path, 'templates', 'probe', 'email.mjml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('code={{code}}', 'code={{code}'));
      const result = await compileTemplate('probe', { root: root.path });
      expect(result.errors[0]).toEqual(expect.objectContaining({ file, line: 12 }));
      expect(result.errors[0]?.message).toMatch(/^Handlebars:/);
    } finally {
      root.cleanup();
    }
  });

  it('reports an unknown build-time token with its file and line', async () => {
    const root = copyFixtureRoot('broken-token');
    try {
      const file = join(root.path, 'templates', 'probe', 'email.mjml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('[[brand.colors.background]]', '[[brand.colors.bg]]'),
      );
      const result = await compileTemplate('probe', { root: root.path });
      expect(result.errors).toEqual([
        expect.objectContaining({ file, line: 8, message: expect.stringContaining('[[brand.colors.bg]]') }),
      ]);
    } finally {
      root.cleanup();
    }
  });

  it('reuses unchanged templates from the cache and recompiles edited ones', async () => {
    const root = copyFixtureRoot('cache');
    try {
      const cache = createBuildCache();
      const first = await compileTemplate('probe', { root: root.path, cache });
      const second = await compileTemplate('probe', { root: root.path, cache });
      const file = join(root.path, 'templates', 'probe', 'email.mjml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('Help</a>', 'Get help</a>'));
      const third = await compileTemplate('probe', { root: root.path, cache });
      expect([first.fromCache, second.fromCache, third.fromCache]).toEqual([false, true, false]);
      expect(third.builds[0]?.html).toContain('Get help');
    } finally {
      root.cleanup();
    }
  });
});

describe('the shipped dist/registry.js', () => {
  it('renders exactly what a fresh in-memory build renders (the string tables change nothing)', async () => {
    const fresh = createRenderer(registryFromBuild(await buildRegistry({ write: false })));
    let compared = 0;
    for (const t of fresh.listTemplates()) {
      for (const state of fresh.getPreviewStates(t.id)) {
        for (const locale of fresh.listLocales()) {
          for (const brand of fresh.listBrands()) {
            const input = { templateId: t.id, locale, brand: brand.name, data: state.data };
            expect(shipped.render(input)).toEqual(fresh.render(input));
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('moves long strings and source positions into shared tables, keeping keys and short strings', () => {
    const long = 'x'.repeat(30);
    const loc = '{"start":{"line":1,"column":2},"end":{"line":1,"column":9}}';
    const a = `a("${long}", {"loc":${loc}})`;
    const b = `b("${long}", "short", {"${long}":1}, ${loc})`;
    const { strings, locs, rewrite } = tableLiterals([a, b]);
    expect(strings).toEqual([long]);
    expect(locs).toEqual([[1, 2, 1, 9]]);
    expect(rewrite(a)).toBe('a(S[0], {"loc":L[0]})');
    expect(rewrite(b)).toBe(`b(S[0], "short", {"${long}":1}, L[0])`);
  });

  it('emits the code of brand and direction variants once, with per-spec index lists', () => {
    const { shapes, uses } = shareShapes(['f(S[3], L[1], S[3])', 'f(S[7], L[0], S[8])', 'g(S[3], "S[1]")']);
    expect(shapes).toEqual(['f($S[0], $L[0], $S[1])', 'g($S[0], "S[1]")']);
    expect(uses).toEqual([
      { shape: 0, strings: [3, 3], locs: [1] },
      { shape: 0, strings: [7, 8], locs: [0] },
      { shape: 1, strings: [3], locs: [] },
    ]);
  });

  it('is much smaller than the HTML it renders (strings compressed, code kept as code)', () => {
    // It was 693 KB with every string inline; the dispatcher bundle inlines it, so bytes matter.
    const bytes = statSync(new URL('../../dist/registry.js', import.meta.url)).size;
    expect(bytes).toBeLessThan(150 * 1024);
  });
});
