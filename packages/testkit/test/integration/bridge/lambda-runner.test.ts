import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLambdaRunner } from '../../../src/bridge/lambda-runner.js';

// Small stand-in bundles (the real dispatcher bundle runs in bridge.test.ts): they pin down the runtime's
// contract — own process and environment, init at import, one event at a time, errors and time-outs as Lambda.
let dir: string;

async function bundle(name: string, source: string): Promise<string> {
  const file = join(dir, `${name}.mjs`);
  await writeFile(file, source);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailroom-runner-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Lambda runner', () => {
  it("calls the bundle's handler in a process that sees only the function's environment", async () => {
    process.env.MAILROOM_RUNNER_PARENT_ONLY = 'parent';
    const file = await bundle(
      'env',
      `console.log(JSON.stringify({ msg: 'cold start' }));
       export const handler = async (event, context) => ({
         echo: event.n, setting: process.env.SETTING ?? null, parent: process.env.MAILROOM_RUNNER_PARENT_ONLY ?? null,
         requestId: context.awsRequestId, remaining: context.getRemainingTimeInMillis() > 0, pid: process.pid,
       });`,
    );
    const runner = await startLambdaRunner({ bundle: file, env: { SETTING: 'on' } });

    const result = await runner.invoke({ n: 7 }, 5_000);
    await runner.close();
    delete process.env.MAILROOM_RUNNER_PARENT_ONLY;

    expect(result.error).toBeUndefined();
    expect(result.value).toMatchObject({ echo: 7, setting: 'on', parent: null, remaining: true });
    expect((result.value as { requestId: string }).requestId).toBe(result.requestId);
    expect((result.value as { pid: number }).pid).not.toBe(process.pid);
  });

  it('returns a thrown error as errorType and errorMessage, with the lines logged during the invocation', async () => {
    const file = await bundle(
      'throws',
      `export const handler = async () => { console.log(JSON.stringify({ event: 'email_failed' })); const e = new Error('provider down'); e.name = 'DeliveryError'; throw e; };`,
    );
    const runner = await startLambdaRunner({ bundle: file, env: {} });

    const result = await runner.invoke({}, 5_000);
    await runner.close();

    expect(result.error).toEqual({ errorType: 'DeliveryError', errorMessage: 'provider down' });
    expect(result.logs).toEqual([{ event: 'email_failed' }]);
  });

  it('ends the runtime after a time-out, as Lambda ends the instance', async () => {
    const file = await bundle('hangs', 'export const handler = () => new Promise(() => {});');
    const runner = await startLambdaRunner({ bundle: file, env: {} });

    await expect(runner.invoke({}, 300)).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect
      .poll(() => runner.invoke({}, 300).catch((e: { code: string }) => e.code))
      .toBe('RUNTIME_EXITED');
    await runner.close();
  });

  it('refuses to start when the bundle fails at import, or is missing, naming the fix', async () => {
    const file = await bundle('init', "throw new Error('invalid configuration: EMAIL_PROVIDER');");

    await expect(startLambdaRunner({ bundle: file, env: {} })).rejects.toMatchObject({
      code: 'INIT_FAILED',
      message: expect.stringContaining('EMAIL_PROVIDER'),
    });
    await expect(startLambdaRunner({ bundle: join(dir, 'none.mjs'), env: {} })).rejects.toMatchObject({
      code: 'BUNDLE_MISSING',
      fix: expect.stringContaining('--filter @mailroom/dispatcher build'),
    });
  });
});
