import { beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../src/build/compile.js';
import { createRegistryAssembler, registryFromBuild } from '../../../src/build/memory.js';
import { type BuildResult, buildRegistry } from '../../../src/build/registry.js';
import * as shipped from '../../../src/index.js';
import { createRenderer } from '../../../src/index.js';
import { everyCombination } from '../../support/renderer.js';
import { FIXTURE_ROOT } from '../../support/temp.js';

describe('the shipped dist/registry.js', () => {
  it('renders exactly what a fresh in-memory build renders (the string tables change nothing)', async () => {
    const fresh = createRenderer(registryFromBuild(await buildRegistry({ write: false })));

    const all = everyCombination(fresh);

    for (const { input } of all) expect(shipped.render(input)).toEqual(fresh.render(input));
    expect(all.length).toBeGreaterThan(100);
  });
});

describe('createRegistryAssembler', () => {
  let build: BuildResult;
  beforeAll(async () => {
    build = await buildRegistry({ root: FIXTURE_ROOT, write: false });
  });
  const probeData = { code: '42', username: 'p', userAttributes: { given_name: 'Pat', plan: 'pro' } };

  it('assembles compile results into a registry the renderer accepts, with the given base locale', () => {
    const registry = createRegistryAssembler().assemble({ ...build, defaultLocale: 'fr' });

    expect(registry.defaultLocale).toBe('fr');
    expect(Object.keys(registry.templates).sort()).toEqual(['oversized', 'probe']);
    expect(createRenderer(registry).render({ templateId: 'probe', data: probeData }).subject).toBe(
      'Hello Pat from Probe',
    );
  });

  it('reuses the compiled functions of unchanged specs across assemblies, and leaves out failed results', async () => {
    const assembler = createRegistryAssembler();
    const first = assembler.assemble(build);
    const broken = { ...(await compileTemplate('probe', { root: FIXTURE_ROOT })), ok: false };

    const second = assembler.assemble({
      ...build,
      templates: build.templates.filter((t) => t.id === 'probe'),
    });
    const third = assembler.assemble({ ...build, templates: [broken] });

    expect(second.templates.probe?.subject).toBe(first.templates.probe?.subject);
    expect(second.runtime).toBe(first.runtime);
    expect(Object.keys(second.templates)).toEqual(['probe']);
    expect(third.templates).toEqual({});
  });

  it('evaluates a spec again once an assembly no longer used it', () => {
    const assembler = createRegistryAssembler();
    const first = assembler.assemble(build);
    assembler.assemble({ ...build, templates: [] });

    const again = assembler.assemble(build);

    expect(again.templates.probe?.subject).not.toBe(first.templates.probe?.subject);
  });
});
