import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommand } from '../../../src/cli/prebuild.js';
import { StudioError } from '../../../src/errors.js';
import { DISPATCHER_PACKAGE_DIR, REPO_ROOT, TEMPLATES_PACKAGE_DIR } from '../../../src/paths.js';

let dir: string;

/** A package folder whose `build` script is `script`. */
async function packageWithBuild(script: string): Promise<string> {
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: '@x/pkg', scripts: { build: script } }));
  return dir;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailroom-prebuild-unit-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('buildCommand', () => {
  it("runs the templates and dispatcher builds through node and tsx's loader, with no package manager", async () => {
    const templates = await buildCommand(TEMPLATES_PACKAGE_DIR, '@mailroom/templates', {});
    const dispatcher = await buildCommand(DISPATCHER_PACKAGE_DIR, '@mailroom/dispatcher', {});

    expect(templates).toEqual({
      command: process.execPath,
      args: ['--import', expect.stringMatching(/^file:.*\/tsx\/dist\/loader\.mjs$/), 'src/build/cli.ts'],
      cwd: TEMPLATES_PACKAGE_DIR,
    });
    expect(dispatcher.args.at(-1)).toBe('scripts/bundle.ts');
    expect(dispatcher.cwd).toBe(DISPATCHER_PACKAGE_DIR);
  });

  it('hands any other build script to the pnpm that started us', async () => {
    const packageDir = await packageWithBuild('esbuild src/index.ts');
    const pnpm = join(dir, 'pnpm.cjs');
    await writeFile(pnpm, '');

    const command = await buildCommand(packageDir, '@x/pkg', { npm_execpath: pnpm });

    expect(command).toEqual({
      command: process.execPath,
      args: [pnpm, '--filter', '@x/pkg', 'run', 'build'],
      cwd: REPO_ROOT,
    });
  });

  it('names the command to run, in one line, when a build needs a package manager that is not there', async () => {
    const packageDir = await packageWithBuild('esbuild src/index.ts');

    const error = await buildCommand(packageDir, '@x/pkg', {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe('BUILD_FAILED');
    expect((error as StudioError).message).not.toContain('\n');
    expect((error as StudioError).message).toMatch(/; run: npx -y pnpm@10\.34\.8 --filter @x\/pkg build$/);
  });
});
