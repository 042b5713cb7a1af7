import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CompileResult, compileTemplate, createBuildCache } from '../../../src/build/compile.js';
import { copyFixtureRoot, FIXTURE_ROOT } from '../../support/temp.js';

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

  it('compiles only the directions asked for, without serving or filling the full result from the cache', async () => {
    const cache = createBuildCache();
    const rtlOnly = await compileTemplate('probe', { root: FIXTURE_ROOT, dirs: ['rtl'], cache });
    const full = await compileTemplate('probe', { root: FIXTURE_ROOT, cache });
    expect(rtlOnly.builds.map((b) => `${b.brand}:${b.dir}`)).toEqual(['default:rtl']);
    expect(rtlOnly.builds[0]?.htmlSpec).toBe(probe.builds[1]?.htmlSpec);
    expect(full.fromCache).toBe(false);
    expect(full.builds.map((b) => `${b.brand}:${b.dir}`)).toEqual(['default:ltr', 'default:rtl']);
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

describe('the text part of a real template', () => {
  it('contains the code and every link of a real template', async () => {
    const result = await compileTemplate('sign-up');
    const text = result.builds[0]?.text ?? '';
    expect(text).toContain('{{code}}');
    expect(text).toContain('{{t ".cta"}}: {{links.primary}}');
    expect(text).toContain('{{links.primary}}');
  });
});
