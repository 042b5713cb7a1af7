/**
 * Only the configured providers cost cold-start time: with `EMAIL_PROVIDER=sendgrid`, the Mailgun, Brevo,
 * SES and nodemailer modules are never loaded. Checked two ways, each in a fresh process:
 * - sources: a module-resolution hook records every ESM module resolved during the cold-start work
 *   (`loadConfig` + each provider's `create`), and `require.cache` shows the CommonJS ones;
 * - the built bundle: the AWS SDK is bundled there, each client in the chunk of the code path that needs it
 *   (dist/meta.json says which), so the chunks a cold start resolves show whether it loaded the SES or the
 *   Cognito client. (A regression check: a static import of the SES SDK used to be hoisted to the top of
 *   the ESM bundle and loaded at every cold start; one table of literal requires would do the same.)
 * Each check has its positive control (the full chain loads everything), so an empty list cannot pass by
 * accident. Timing figures: `lazy/measure.ts`.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { withTempFile } from '../../support/temp-file.js';

const run = promisify(execFile);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const DISPATCHER = here('../../../');
const BUNDLE = join(DISPATCHER, 'dist', 'index.js');

/** Where each provider's SDK lives on disk (a substring of its resolved URL or cache key). */
const SDK_PATHS = {
  sendgrid: '/@sendgrid/mail/',
  mailgun: '/mailgun.js/',
  brevo: '/@getbrevo/brevo/',
  ses: '/@aws-sdk/client-sesv2/',
  nodemailer: '/nodemailer/',
} as const;

function envFor(providers: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    EMAIL_PROVIDER: providers,
    EMAIL_FROM: 'Mailroom <no-reply@mailroom.test>',
    KMS_KEY_ARN: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EC2_METADATA_DISABLED: 'true',
    SENDGRID_API_KEY: 'SG.lazy',
    MAILGUN_API_KEY: 'key-lazy',
    MAILGUN_DOMAIN: 'mg.mailroom.test',
    BREVO_API_KEY: 'xkeysib-lazy',
    SMTP_URL: 'smtp://127.0.0.1:2525',
  };
}

/** Runs the sources' cold start in a fresh process; returns every module it loaded. */
function sourcesColdStart(providers: string): Promise<string[]> {
  return withTempFile('mailroom-lazy-', 'resolved.log', async (log) => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--import', here('./lazy/register-recorder.mjs'), here('./lazy/sources-runner.ts')],
      { cwd: DISPATCHER, env: { ...envFor(providers), MAILROOM_RESOLVE_LOG: log } },
    );
    const { cjs } = JSON.parse(stdout) as { cjs: string[] };
    return [...readFileSync(log, 'utf8').split('\n'), ...cjs];
  });
}

/** Imports the built bundle in a fresh process; returns the modules (bundle chunks included) it loaded. */
function bundleColdStart(providers: string): Promise<string[]> {
  return withTempFile('mailroom-lazy-', 'resolved.log', async (log) => {
    const { stdout } = await run(
      process.execPath,
      ['--import', here('./lazy/register-recorder.mjs'), here('./lazy/bundle-runner.mjs'), BUNDLE],
      { cwd: DISPATCHER, env: { ...envFor(providers), MAILROOM_RESOLVE_LOG: log } },
    );
    const report = stdout.trim().split('\n').at(-1) ?? '{}';
    return [...readFileSync(log, 'utf8').split('\n'), ...(JSON.parse(report) as { cjs: string[] }).cjs];
  });
}

/** The bundle's output files (as `/dist/…` paths) that hold code of an npm package, from dist/meta.json. */
function chunksHolding(pkg: string): string[] {
  const meta = JSON.parse(readFileSync(join(DISPATCHER, 'dist', 'meta.json'), 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  return Object.entries(meta.outputs)
    .filter(([path, out]) => path.endsWith('.js') && Object.keys(out.inputs).some((i) => i.includes(pkg)))
    .map(([path]) => `/${path}`);
}

const loaded = (modules: string[], path: string) => modules.some((m) => m.includes(path));

describe('lazy provider loading', () => {
  it('bundles the keep-alive agent once, so the warm-up pre-connects in the agent every client uses', () => {
    // The entry imports it lazily, the main and provider chunks statically: one module, one `warmAgent`.
    expect(chunksHolding('src/providers/kit/warm-agent.ts')).toHaveLength(1);
  });

  it('ships the provider kit and every env parser as one chunk, not one chunk per adapter subset', () => {
    // Everything that needs them imports them through kit/index.ts and env/index.ts, so every file is reached
    // by the same entry points; a module that reaches some of them another way (say, warmup.ts importing
    // env/sendgrid.ts directly) splits those into a chunk of their own: another file every cold start reads.
    const files = ['kit', 'env'].flatMap((folder) =>
      readdirSync(join(DISPATCHER, 'src', 'providers', folder))
        .filter((name) => name.endsWith('.ts') && name !== 'index.ts' && name !== 'warm-agent.ts')
        .map((name) => `src/providers/${folder}/${name}`),
    );
    const chunkOf = Object.fromEntries(files.map((file) => [file, chunksHolding(file)]));
    const [first] = chunksHolding('src/providers/kit/scrub.ts');

    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(chunkOf).toEqual(Object.fromEntries(files.map((file) => [file, [first]])));
  });

  it('loads only the SendGrid SDK when EMAIL_PROVIDER=sendgrid (sources)', async () => {
    const modules = await sourcesColdStart('sendgrid');

    expect(loaded(modules, SDK_PATHS.sendgrid)).toBe(true);
    expect(loaded(modules, SDK_PATHS.mailgun)).toBe(false);
    expect(loaded(modules, SDK_PATHS.brevo)).toBe(false);
    expect(loaded(modules, SDK_PATHS.ses)).toBe(false);
    expect(loaded(modules, SDK_PATHS.nodemailer)).toBe(false);
  });

  it('loads every SDK of a full chain (sources, positive control)', async () => {
    const modules = await sourcesColdStart('sendgrid,mailgun,brevo,ses,smtp');

    for (const path of Object.values(SDK_PATHS)) expect(loaded(modules, path)).toBe(true);
  });

  it('leaves the SES SDK unloaded in the bundle unless ses is configured', async () => {
    const sesChunks = chunksHolding(SDK_PATHS.ses);
    const [sendgridOnly, withSes] = await Promise.all([
      bundleColdStart('sendgrid'),
      bundleColdStart('sendgrid,ses'),
    ]);

    expect(sesChunks.length).toBeGreaterThan(0);
    expect(sesChunks.some((chunk) => loaded(sendgridOnly, chunk))).toBe(false);
    expect(sesChunks.some((chunk) => loaded(withSes, chunk))).toBe(true);
  });

  it('bundles the AWS SDK and leaves the Cognito client out of a cold start (takeover lookups only)', async () => {
    const cognitoChunks = chunksHolding('/@aws-sdk/client-cognito-identity-provider/');
    const kmsChunks = chunksHolding('/@aws-sdk/client-kms/');
    const modules = await bundleColdStart('sendgrid,ses');

    expect(modules.filter((m) => m.includes('/@aws-sdk/'))).toEqual([]);
    expect(kmsChunks.some((chunk) => loaded(modules, chunk))).toBe(true);
    expect(cognitoChunks.length).toBeGreaterThan(0);
    expect(cognitoChunks.some((chunk) => loaded(modules, chunk))).toBe(false);
  });
});
