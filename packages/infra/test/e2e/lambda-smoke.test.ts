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
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
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
import { FUNCTION_RUNTIME, lambdaNodeBinary } from '../../src/runtime.js';
import {
  lambdaSandbox,
  REGION,
  resolveVariables,
  runAsLambda,
  type SynthesizedFunction,
  synthesizedFunction,
} from '../support/lambda-runtime.js';
import { build, EXISTING_POOL_ID, logicalId } from '../support/stacks.js';

const SENDGRID_KEY = 'SG.smoke-test-key';
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

interface FunctionUnderTest extends SynthesizedFunction {
  /** Environment.Variables, CloudFormation tokens resolved against the stand-ins. */
  environment: Record<string, string>;
}

interface World {
  kms: KmsStandIn;
  secrets: SecretsManagerStandIn;
  sendgrid: StandIn;
  dynamodb: DynamoDbStandIn;
  secretArn: string;
  table: string;
}

/** Reads the deployed function out of the synthesized template and cloud assembly. */
function dispatcherUnderTest(world: World, stackProps: Partial<MailroomStackProps> = {}): FunctionUnderTest {
  const { app, stack, template } = build(stackProps);
  const fn = synthesizedFunction(app, stack, template, logicalId(stack, stack.function));
  // Tokens → stand-in values, by the type of the resource they point at.
  const environment = resolveVariables(fn.variables, template, {
    'AWS::KMS::Key': world.kms.keyArn,
    'AWS::SecretsManager::Secret': world.secretArn,
    'AWS::DynamoDB::Table': world.table,
  });
  return { ...fn, environment };
}

/** /var/task and /var/runtime of a fresh sandbox, outside the repository (removed after this file). */
function sandbox(fn: FunctionUnderTest, runtimeSdk: 'none' | 'aws-sdk'): string {
  const root = lambdaSandbox(fn.assetDir);
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

/** Runs `events` through the sandbox's function, its environment pointed at the stand-ins. */
function invoke(root: string, fn: FunctionUnderTest, world: World, events: unknown[]) {
  return runAsLambda(root, fn, {
    functionName: 'Mailroom-Dispatcher',
    events,
    environment: {
      ...fn.environment,
      // Test only: the stand-ins, through the SDK's standard endpoint variables and SendGrid's base URL.
      AWS_ENDPOINT_URL_KMS: world.kms.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: world.secrets.url,
      AWS_ENDPOINT_URL_DYNAMODB: world.dynamodb.url,
      SENDGRID_API_URL: world.sendgrid.url,
    },
  });
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
    fn = dispatcherUnderTest(world);
    existingPoolFn = dispatcherUnderTest(world, { existingUserPoolId: EXISTING_POOL_ID });
    // Two syntheses with asset staging: generous on a shared 2-core machine, never relied upon.
  }, 180_000);

  afterAll(async () => {
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
