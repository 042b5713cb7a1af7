import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dirs.js';

const run = promisify(execFile);
const pkg = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(pkg, 'node_modules', '.bin');

// A CLI synth (tsx start, app synthesis, asset staging, cdk-nag) took 16-55 s per run on a shared 2-core
// machine and over 60 s under a load average of 20: generous, never relied upon for correctness.
const CLI_TIMEOUT_MS = 240_000;

/** The CLI as CI runs it: no AWS credentials, no profile, no metadata service, no network notices. */
async function cdk(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const home = tempDir('mailroom-cdk-home-');
  const env: NodeJS.ProcessEnv = {
    PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
    HOME: home,
    CDK_DISABLE_VERSION_CHECK: '1',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
  };
  try {
    const { stdout, stderr } = await run(join(bin, 'cdk'), args, {
      cwd: pkg,
      env,
      maxBuffer: 32 * 1024 * 1024,
      // Ends the CLI before the test times out, so no synth keeps writing into a directory being removed.
      timeout: CLI_TIMEOUT_MS - 10_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('cdk synth (offline, no credentials)', { timeout: CLI_TIMEOUT_MS }, () => {
  it('synthesizes the app with the pinned 2.x CLI', async () => {
    const out = tempDir('mailroom-cdk-out-');

    const result = await cdk(['synth', '--quiet', '-o', out]);

    expect(result.stderr).not.toMatch(/Error|schema/i);
    expect(result.code).toBe(0);
    const templatePath = join(out, 'Mailroom.template.json');
    expect(existsSync(templatePath)).toBe(true);
    const template = JSON.parse(readFileSync(templatePath, 'utf8')) as {
      Resources: Record<string, { Type: string }>;
    };
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types).toEqual(
      expect.arrayContaining([
        'AWS::KMS::Key',
        'AWS::Cognito::UserPool',
        'AWS::Lambda::Function',
        'AWS::DynamoDB::Table',
      ]),
    );
  });

  // Regression, issue 12: the app resolved the context, the stack resolved the result again, and the
  // second pass took the default selfSignUpEnabled: false for an operator setting, refusing this mode.
  it('synthesizes existing-pool mode from the command line', async () => {
    const out = tempDir('mailroom-cdk-out-');

    const result = await cdk(['synth', '--quiet', '-o', out, '-c', 'existingUserPoolId=eu-west-1_AbC123xyz']);

    expect(result.stderr).not.toMatch(/Error|selfSignUpEnabled/);
    expect(result.code).toBe(0);
    const template = JSON.parse(readFileSync(join(out, 'Mailroom.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
      Rules?: Record<string, unknown>;
    };
    const resources = Object.values(template.Resources);
    expect(resources.map((r) => r.Type)).not.toContain('AWS::Cognito::UserPool');
    const fn = resources.find((r) => r.Type === 'AWS::Lambda::Function');
    expect(fn?.Properties?.Environment).toMatchObject({ Variables: { USER_POOL_ID: 'eu-west-1_AbC123xyz' } });
    expect(Object.keys(template.Rules ?? {})).toContain('ExistingPoolInDeployRegion');
  });

  it('adds the example stack with -c exampleApi=true, cdk-nag clean', async () => {
    const out = tempDir('mailroom-cdk-out-');

    const result = await cdk([
      'synth',
      '--quiet',
      '-o',
      out,
      '-c',
      'exampleApi=true',
      '-c',
      'selfSignUpEnabled=true',
    ]);

    expect(result.stderr).not.toMatch(/Error|AwsSolutions/);
    expect(result.code).toBe(0);
    const template = JSON.parse(readFileSync(join(out, 'MailroomExample.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
    };
    const routes = Object.values(template.Resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');
    expect(routes.map((r) => [r.Properties?.RouteKey, r.Properties?.AuthorizationType]).sort()).toEqual([
      ['$default', 'NONE'],
      ['GET /me', 'JWT'],
    ]);
  });

  it('fails with the field and the fix, not a stack trace, on bad context', async () => {
    const out = tempDir('mailroom-cdk-out-');

    const result = await cdk([
      'synth',
      '--quiet',
      '-o',
      out,
      '-c',
      'emailProvider=outbox',
      '-c',
      'appUrl=http://x.example',
    ]);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('emailProvider: "outbox" is the local dev sink');
    expect(result.stderr).toContain('appUrl: links in emails must use https');
    expect(result.stderr).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  });
});
