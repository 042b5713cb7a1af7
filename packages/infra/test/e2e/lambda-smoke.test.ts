/**
 * The function as Lambda runs it (issue 12): synthesize the stack, read the function resource from the
 * template (Runtime, Handler, Environment including NODE_OPTIONS, MemorySize, the code asset), copy the asset
 * outside the repository (so nothing resolves the repo's node_modules), and start it as the nodejs22.x
 * runtime does: the pinned Node 22 binary, the bootstrap's heap flags on the command line, the template's
 * environment, NODE_PATH as the runtime sets it, the handler resolved from `Handler` inside the asset. Then
 * Cognito-faithful events (real 0x0378 ciphertexts) go through the loopback stand-ins (KMS, Secrets Manager
 * holding the provider keys, DynamoDB for idempotency, SendGrid), and an email must be accepted.
 *
 * The runtime's NODE_PATH includes /var/runtime/node_modules, where it ships an AWS SDK. The dispatcher
 * bundles its own, so the case with that folder empty proves the bundle needs nothing from the runtime, and
 * the case with it holding @aws-sdk/* packages proves a runtime SDK changes nothing (the logged version is
 * still the bundled one).
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type DynamoDbStandIn,
  type KmsStandIn,
  makeEvent,
  type SecretsManagerStandIn,
  type StandIn,
  startDynamoDbStandIn,
  startKmsStandIn,
  startSecretsManagerStandIn,
  startSendGridStandIn,
} from '@mailroom/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailroomStackProps } from '../../src/mailroom-stack.js';
import { FUNCTION_RUNTIME, lambdaBootstrapArgs, lambdaNodeBinary } from '../../src/runtime.js';
import { build, EXISTING_POOL_ID, only } from '../support/stacks.js';

const REGION = 'eu-west-1';
const SENDGRID_KEY = 'SG.smoke-test-key';
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const HARNESS = fileURLToPath(new URL('./lambda-runtime/index.mjs', import.meta.url));

interface FunctionUnderTest {
  runtime: string;
  handler: string;
  memorySize: number;
  timeout: number;
  /** Environment.Variables, CloudFormation tokens resolved against the stand-ins. */
  environment: Record<string, string>;
  /** The staged code asset in the cloud assembly. */
  assetDir: string;
  /** The cloud assembly (a temporary directory the test removes). */
  assemblyDir: string;
}

interface World {
  kms: KmsStandIn;
  secrets: SecretsManagerStandIn;
  sendgrid: StandIn;
  dynamodb: DynamoDbStandIn;
  secretArn: string;
  table: string;
}

interface RunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  report: {
    initError?: { errorType: string; errorMessage: string };
    results?: { ok: boolean; result?: unknown; error?: { errorType: string; errorMessage: string } }[];
  } | null;
}

/** Reads the deployed function out of the synthesized template and cloud assembly. */
function synthesizedFunction(world: World, stackProps: Partial<MailroomStackProps> = {}): FunctionUnderTest {
  const { app, stack, template } = build(stackProps);
  const assembly = app.synth();
  const { resource } = only(template, 'AWS::Lambda::Function');
  const props = resource.Properties as {
    Runtime: string;
    Handler: string;
    MemorySize: number;
    Timeout: number;
    Code: { S3Key: string };
    Environment: { Variables: Record<string, unknown> };
  };
  // Tokens → stand-in values, by the type of the resource they point at.
  const byType: Record<string, string> = {
    'AWS::KMS::Key': world.kms.keyArn,
    'AWS::SecretsManager::Secret': world.secretArn,
    'AWS::DynamoDB::Table': world.table,
  };
  const resources = template.toJSON().Resources as Record<string, { Type: string }>;
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(props.Environment.Variables)) {
    if (typeof value === 'string') {
      environment[name] = value;
      continue;
    }
    const token = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
    const logicalId = token.Ref ?? token['Fn::GetAtt']?.[0] ?? '';
    const resolved = byType[resources[logicalId]?.Type ?? ''];
    if (resolved === undefined) throw new Error(`no stand-in for ${name}: ${JSON.stringify(value)}`);
    environment[name] = resolved;
  }
  // The asset whose S3 object key the function's Code names, from the stack's asset manifest.
  const manifest = JSON.parse(
    readFileSync(join(assembly.directory, `${stack.artifactId}.assets.json`), 'utf8'),
  ) as {
    files: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
  };
  const asset = Object.values(manifest.files).find((f) =>
    Object.values(f.destinations).some((d) => d.objectKey === props.Code.S3Key),
  );
  if (asset === undefined) throw new Error(`no asset for ${props.Code.S3Key}`);
  return {
    runtime: props.Runtime,
    handler: props.Handler,
    memorySize: props.MemorySize,
    timeout: props.Timeout,
    environment,
    assetDir: join(assembly.directory, asset.source.path),
    assemblyDir: assembly.directory,
  };
}

/** /var/task and /var/runtime of a fresh sandbox, outside the repository. */
function sandbox(fn: FunctionUnderTest, runtimeSdk: 'none' | 'aws-sdk'): string {
  const root = mkdtempSync(join(tmpdir(), 'mailroom-lambda-'));
  cpSync(fn.assetDir, join(root, 'var', 'task'), { recursive: true });
  mkdirSync(join(root, 'var', 'runtime', 'node_modules', '@aws-sdk'), { recursive: true });
  cpSync(HARNESS, join(root, 'var', 'runtime', 'index.mjs'));
  if (runtimeSdk === 'aws-sdk') {
    // What the runtime ships: @aws-sdk/* packages (here, those the dispatcher depends on, linked from the
    // store so their own dependencies resolve).
    const fromDispatcher = createRequire(join(REPO, 'packages', 'dispatcher', 'package.json'));
    const names = Object.keys(
      (
        JSON.parse(readFileSync(join(REPO, 'packages', 'dispatcher', 'package.json'), 'utf8')) as {
          dependencies: Record<string, string>;
        }
      ).dependencies,
    ).filter((n) => n.startsWith('@aws-sdk/'));
    for (const name of names) {
      const dir = realpathSync(dirname(fromDispatcher.resolve(`${name}/package.json`)));
      symlinkSync(dir, join(root, 'var', 'runtime', 'node_modules', name));
    }
  }
  return root;
}

/** Starts the sandbox's runtime the way the nodejs22.x bootstrap does and runs `events` through it. */
async function invoke(
  root: string,
  fn: FunctionUnderTest,
  world: World,
  events: unknown[],
): Promise<RunResult> {
  const eventsFile = join(root, 'events.json');
  const resultsFile = join(root, 'results.json');
  writeFileSync(eventsFile, JSON.stringify(events));
  const task = join(root, 'var', 'task');
  const runtimeDir = join(root, 'var', 'runtime');
  const env: Record<string, string> = {
    // What Lambda sets (NODE_PATH as the bootstrap builds it; /opt is empty without layers).
    ...fn.environment,
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    LAMBDA_TASK_ROOT: task,
    LAMBDA_RUNTIME_DIR: runtimeDir,
    _HANDLER: fn.handler,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: 'Mailroom-Dispatcher',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SESSION_TOKEN: 'test',
    NODE_PATH: [
      join(root, 'opt', 'nodejs', 'node22', 'node_modules'),
      join(root, 'opt', 'nodejs', 'node_modules'),
      join(runtimeDir, 'node_modules'),
      runtimeDir,
      task,
    ].join(':'),
    // Test only: the stand-ins, through the SDK's standard endpoint variables and SendGrid's base URL.
    AWS_ENDPOINT_URL_KMS: world.kms.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: world.secrets.url,
    AWS_ENDPOINT_URL_DYNAMODB: world.dynamodb.url,
    SENDGRID_API_URL: world.sendgrid.url,
    AWS_EC2_METADATA_DISABLED: 'true',
    MAILROOM_SMOKE_TIMEOUT_MS: String(fn.timeout * 1000),
  };
  const child = spawn(
    lambdaNodeBinary(),
    [...lambdaBootstrapArgs(fn.memorySize), join(runtimeDir, 'index.mjs'), eventsFile, resultsFile],
    { cwd: task, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  clearTimeout(timer);
  let report: RunResult['report'] = null;
  try {
    report = JSON.parse(readFileSync(resultsFile, 'utf8')) as RunResult['report'];
  } catch {
    // The process died before the harness could report (e.g. Node refused its options).
  }
  return { exitCode, stdout, stderr, report };
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the synthesized function, run as the nodejs22.x runtime runs it', () => {
  let world: World;
  let fn: FunctionUnderTest;
  let existingPoolFn: FunctionUnderTest;
  const roots: string[] = [];

  beforeAll(async () => {
    const kms = await startKmsStandIn({ region: REGION });
    const secrets = await startSecretsManagerStandIn({ region: REGION });
    const sendgrid = await startSendGridStandIn({ apiKey: SENDGRID_KEY });
    const dynamodb = await startDynamoDbStandIn({ region: REGION });
    const secretArn = secrets.putSecret(
      'mailroom/providers',
      JSON.stringify({ SENDGRID_API_KEY: SENDGRID_KEY }),
    );
    const table = await dynamodb.createIdempotencyTable('mailroom-idempotency');
    world = { kms, secrets, sendgrid, dynamodb, secretArn, table };
    fn = synthesizedFunction(world);
    existingPoolFn = synthesizedFunction(world, { existingUserPoolId: EXISTING_POOL_ID });
    // Two syntheses with asset staging: generous on a shared 2-core machine, never relied upon.
  }, 180_000);

  afterAll(async () => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
    for (const f of [fn, existingPoolFn]) if (f) rmSync(f.assemblyDir, { recursive: true, force: true });
    await Promise.all([
      world?.kms.close(),
      world?.secrets.close(),
      world?.sendgrid.close(),
      world?.dynamodb.close(),
    ]);
  });

  it('is the Node 22 runtime the pinned binary provides, with the bundle as its asset', () => {
    const major = execFileSync(lambdaNodeBinary(), ['--version'], { encoding: 'utf8' }).trim().split('.')[0];

    expect(fn.runtime).toBe('nodejs22.x');
    expect(fn.runtime).toBe(FUNCTION_RUNTIME);
    expect(major).toBe('v22');
    expect(fn.handler).toBe('index.handler');
    expect(readdirSync(fn.assetDir)).toEqual(expect.arrayContaining(['index.js', 'package.json', 'chunks']));
    expect(fn.assetDir.startsWith(REPO)).toBe(false);
  });

  it.each([
    ['empty: the bundle needs nothing from the runtime', 'none'],
    ['holding the @aws-sdk/* packages the runtime ships', 'aws-sdk'],
  ] as const)(
    'delivers Cognito emails through SendGrid with the runtime’s NODE_PATH %s',
    async (_label, sdk) => {
      const root = sandbox(fn, sdk);
      roots.push(root);
      const made = await Promise.all(
        (['SignUp', 'AdminCreateUser', 'ForgotPassword'] as const).map((trigger, i) =>
          makeEvent(trigger, {
            kms: { url: world.kms.url, keyArn: world.kms.keyArn, region: REGION },
            email: `smoke-${sdk}-${i}@example.com`,
          }),
        ),
      );
      world.sendgrid.accepted.length = 0;

      const run = await invoke(
        root,
        fn,
        world,
        made.map((m) => m.event),
      );

      expect(run.stderr).not.toMatch(/not allowed in NODE_OPTIONS|Error/);
      expect(run.exitCode).toBe(0);
      expect(run.report?.initError).toBeUndefined();
      expect(run.report?.results?.map((r) => r.ok)).toEqual([true, true, true]);
      expect(world.sendgrid.accepted.map((m) => m.to)).toEqual(
        made.map((m) => [m.event.request.userAttributes.email]),
      );
      made.forEach((m, i) => {
        const body = `${world.sendgrid.accepted[i]?.text ?? ''}${world.sendgrid.accepted[i]?.html ?? ''}`;
        expect(body).toContain(m.plaintext ?? '');
      });
      const logs = jsonLines(run.stdout);
      expect(logs.filter((l) => l.event === 'email_sent')).toHaveLength(3);
      expect(logs.find((l) => l.event === 'cold_start')).toMatchObject({
        awsSdk: '3.1162.0',
        node: expect.stringMatching(/^v22\./),
      });
    },
  );

  it('runs in existing-pool mode: delivers that pool’s emails and refuses another pool’s (USER_POOL_ID)', async () => {
    const root = sandbox(existingPoolFn, 'none');
    roots.push(root);
    const kms = { url: world.kms.url, keyArn: world.kms.keyArn, region: REGION };
    const ours = await Promise.all(
      (['SignUp', 'ForgotPassword'] as const).map((trigger, i) =>
        makeEvent(trigger, { kms, userPoolId: EXISTING_POOL_ID, email: `smoke-existing-${i}@example.com` }),
      ),
    );
    const foreign = await makeEvent('SignUp', {
      kms,
      userPoolId: 'eu-west-1_OtherPool9',
      email: 'smoke-foreign@example.com',
    });
    world.sendgrid.accepted.length = 0;

    const run = await invoke(root, existingPoolFn, world, [...ours.map((m) => m.event), foreign.event]);

    expect(existingPoolFn.environment.USER_POOL_ID).toBe(EXISTING_POOL_ID);
    expect(run.exitCode).toBe(0);
    expect(run.report?.initError).toBeUndefined();
    expect(world.sendgrid.accepted.map((m) => m.to)).toEqual(
      ours.map((m) => [m.event.request.userAttributes.email]),
    );
    const outcomes = jsonLines(run.stdout).filter(
      (l) => l.event === 'email_sent' || l.event === 'email_failed',
    );
    expect(outcomes.map((l) => l.event)).toEqual(['email_sent', 'email_sent', 'email_failed']);
  });
});
