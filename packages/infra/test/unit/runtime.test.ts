import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  FUNCTION_MEMORY_MB,
  FUNCTION_NODE_OPTIONS,
  lambdaBootstrapArgs,
  lambdaNodeBinary,
} from '../../src/runtime.js';

const run = promisify(execFile);

/** Runs `script` under the pinned Node 22 with the bootstrap's flags and `nodeOptions` in the environment. */
async function node22(
  nodeOptions: string | undefined,
  script: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '' };
  if (nodeOptions !== undefined) env.NODE_OPTIONS = nodeOptions;
  try {
    const { stdout, stderr } = await run(lambdaNodeBinary(), [...lambdaBootstrapArgs(), '-e', script], {
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const NEW_SPACE_MB =
  "const v8 = require('node:v8'); let a = []; for (let i = 0; i < 3e6; i += 1) a.push({ i });" +
  "console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576)";

describe('how Lambda starts the function', () => {
  it('derives the heap flags from the memory size like the nodejs22.x bootstrap', () => {
    expect(lambdaBootstrapArgs(1024)).toEqual([
      '--expose-gc',
      '--max-http-header-size',
      '81920',
      '--max-semi-space-size=51',
      '--max-old-space-size=922',
    ]);
    // The values a 128 MB function's process list shows.
    expect(lambdaBootstrapArgs(128).slice(3)).toEqual([
      '--max-semi-space-size=6',
      '--max-old-space-size=116',
    ]);
    expect(FUNCTION_MEMORY_MB).toBe(1024);
  });

  it('starts Node 22 with the function’s NODE_OPTIONS and the bootstrap’s flags', async () => {
    const result = await node22(FUNCTION_NODE_OPTIONS, 'console.log(process.version)');

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^v22\./);
  });

  // Regression, issue 12: this NODE_OPTIONS made every invocation exit 9 before any code ran.
  it('shows Node 22 refusing --optimize-for-size in NODE_OPTIONS', async () => {
    const result = await node22('--enable-source-maps --max-semi-space-size=2 --optimize-for-size', '0');

    expect(result.code).toBe(9);
    expect(result.stderr).toContain('--optimize-for-size is not allowed in NODE_OPTIONS');
  });

  it('shows heap flags in NODE_OPTIONS losing to the bootstrap’s command line', async () => {
    const [withEnvFlag, without] = await Promise.all([
      node22('--max-semi-space-size=2', NEW_SPACE_MB),
      node22(undefined, NEW_SPACE_MB),
    ]);

    expect(withEnvFlag.code).toBe(0);
    expect(Number(withEnvFlag.stdout)).toBe(Number(without.stdout));
    expect(Number(without.stdout)).toBeGreaterThan(16);
  });
});
