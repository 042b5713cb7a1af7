/**
 * A synthesized function run the way the nodejs22.x runtime runs it (issue 12): its asset read out of the
 * cloud assembly, copied outside the repository (so nothing resolves the repo's node_modules) into a
 * sandbox's /var/task, and started with the pinned Node 22 binary, the bootstrap's heap flags on the command
 * line, the template's environment plus what Lambda sets, and the runtime entry stand-in
 * (test/e2e/lambda-runtime/index.mjs) that resolves `Handler` inside the task root and invokes it per event.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { lambdaBootstrapArgs, lambdaNodeBinary } from '../../src/runtime.js';
import { tempDir } from './temp-dirs.js';

const HARNESS = fileURLToPath(new URL('../e2e/lambda-runtime/index.mjs', import.meta.url));

export const REGION = 'eu-west-1';

export interface SynthesizedFunction {
  runtime: string;
  handler: string;
  memorySize: number;
  timeout: number;
  /** Environment.Variables as the template holds them (strings, or CloudFormation tokens). */
  variables: Record<string, unknown>;
  /** The staged code asset in the cloud assembly. */
  assetDir: string;
}

export interface RunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  report: {
    initError?: { errorType: string; errorMessage: string };
    results?: { ok: boolean; result?: unknown; error?: { errorType: string; errorMessage: string } }[];
  } | null;
}

/**
 * The function resource `logicalId` of `stack`, and its code asset from the stack's asset manifest.
 * @example const fn = synthesizedFunction(app, stack, template, logicalId(stack, stack.function));
 */
export function synthesizedFunction(
  app: App,
  stack: Stack,
  template: Template,
  logicalId: string,
): SynthesizedFunction {
  const assembly = app.synth();
  const resource = (template.toJSON().Resources as Record<string, { Properties: unknown }>)[logicalId];
  const props = resource?.Properties as {
    Runtime: string;
    Handler: string;
    MemorySize: number;
    Timeout: number;
    Code: { S3Key: string };
    Environment?: { Variables: Record<string, unknown> };
  };
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
    variables: props.Environment?.Variables ?? {},
    assetDir: join(assembly.directory, asset.source.path),
  };
}

/**
 * Template environment values with each token replaced by the stand-in value for the resource type it
 * points at (`Ref`, `Fn::GetAtt` or `Fn::ImportValue` of an export named after the resource).
 * @example resolveVariables(fn.variables, template, { 'AWS::KMS::Key': kms.keyArn });
 */
export function resolveVariables(
  variables: Record<string, unknown>,
  template: Template,
  byType: Record<string, string>,
): Record<string, string> {
  const resources = template.toJSON().Resources as Record<string, { Type: string }>;
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (typeof value === 'string') {
      environment[name] = value;
      continue;
    }
    const token = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
    const resolved = byType[resources[token.Ref ?? token['Fn::GetAtt']?.[0] ?? '']?.Type ?? ''];
    if (resolved === undefined) throw new Error(`no stand-in for ${name}: ${JSON.stringify(value)}`);
    environment[name] = resolved;
  }
  return environment;
}

/**
 * /var/task (a copy of the asset) and /var/runtime (the entry stand-in, an empty node_modules) of a fresh
 * sandbox in a temporary directory removed after the test file.
 * @example const root = lambdaSandbox(fn.assetDir);
 */
export function lambdaSandbox(assetDir: string): string {
  const root = tempDir('mailroom-lambda-');
  cpSync(assetDir, join(root, 'var', 'task'), { recursive: true });
  mkdirSync(join(root, 'var', 'runtime', 'node_modules', '@aws-sdk'), { recursive: true });
  cpSync(HARNESS, join(root, 'var', 'runtime', 'index.mjs'));
  return root;
}

/** What Lambda sets around the function's own environment (NODE_PATH as the bootstrap builds it). */
function runtimeEnvironment(
  root: string,
  fn: SynthesizedFunction,
  functionName: string,
): Record<string, string> {
  const task = join(root, 'var', 'task');
  const runtimeDir = join(root, 'var', 'runtime');
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    LAMBDA_TASK_ROOT: task,
    LAMBDA_RUNTIME_DIR: runtimeDir,
    _HANDLER: fn.handler,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SESSION_TOKEN: 'test',
    // /opt is empty without layers.
    NODE_PATH: [
      join(root, 'opt', 'nodejs', 'node22', 'node_modules'),
      join(root, 'opt', 'nodejs', 'node_modules'),
      join(runtimeDir, 'node_modules'),
      runtimeDir,
      task,
    ].join(':'),
    AWS_EC2_METADATA_DISABLED: 'true',
    MAILROOM_SMOKE_TIMEOUT_MS: String(fn.timeout * 1000),
  };
}

/**
 * Starts the sandbox's runtime the way the nodejs22.x bootstrap does and runs `events` through the handler.
 * @example const run = await runAsLambda(root, fn, { environment, events: [event], functionName: 'Fn' });
 */
export async function runAsLambda(
  root: string,
  fn: SynthesizedFunction,
  options: { environment: Record<string, string>; events: unknown[]; functionName: string },
): Promise<RunResult> {
  const eventsFile = join(root, 'events.json');
  const resultsFile = join(root, 'results.json');
  writeFileSync(eventsFile, JSON.stringify(options.events));
  const env = { ...options.environment, ...runtimeEnvironment(root, fn, options.functionName) };
  const child = spawn(
    lambdaNodeBinary(),
    [
      ...lambdaBootstrapArgs(fn.memorySize),
      join(root, 'var', 'runtime', 'index.mjs'),
      eventsFile,
      resultsFile,
    ],
    { cwd: join(root, 'var', 'task'), env, stdio: ['ignore', 'pipe', 'pipe'] },
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
