import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CognitoLocalBridge, startCognitoLocalBridge } from '../../../src/bridge/server.js';
import { type KmsStandIn, startKmsStandIn } from '../../../src/kms/stand-in.js';
import { parseMime } from '../../../src/standins/mime.js';
import { cognitoLocalEvent, encryptLikeCognitoLocal, invoke } from '../../support/cognito-local-shapes.js';

const ALIAS = 'alias/cognito-local';
const POOL = 'local_Ab12Cd34';

let kms: KmsStandIn;
let bridge: CognitoLocalBridge;
let outbox: string;

async function emlFiles(): Promise<string[]> {
  return (await readdir(outbox)).filter((name) => name.endsWith('.eml')).sort();
}

async function newestEml(before: string[]): ReturnType<typeof parseMime> {
  const added = (await emlFiles()).filter((name) => !before.includes(name));
  expect(added).toHaveLength(1);
  return parseMime(await readFile(join(outbox, added[0] as string)));
}

async function signUpEvent(code: string, email: string) {
  return cognitoLocalEvent({
    triggerSource: 'CustomEmailSender_SignUp',
    code: await encryptLikeCognitoLocal(code, { ...kms, alias: ALIAS }),
    userPoolId: POOL,
    userName: 'a1b2c3d4-0000-4000-8000-000000000001',
    clientId: 'abcdefghijklmnopqrstuvwxyz',
    userAttributes: { sub: 'a1b2c3d4-0000-4000-8000-000000000001', email },
  });
}

beforeAll(async () => {
  outbox = await mkdtemp(join(tmpdir(), 'mailroom-bridge-'));
  kms = await startKmsStandIn({ region: 'eu-west-1' });
  kms.createAlias(ALIAS);
  bridge = await startCognitoLocalBridge({
    kms,
    functionEnv: {
      EMAIL_PROVIDER: 'outbox',
      OUTBOX_DIR: outbox,
      EMAIL_FROM: 'Mailroom Test <test@mailroom.local>',
      APP_URL: 'http://localhost:3000',
    },
  });
});

afterAll(async () => {
  await bridge?.close();
  await kms?.close();
  await rm(outbox, { recursive: true, force: true });
});

describe('cognito-local bridge', () => {
  it('runs the dispatcher bundle on a cognito-local SignUp invoke and answers once the email is written', async () => {
    const before = await emlFiles();

    const res = await invoke(bridge.url, bridge.functionName, await signUpEvent('271828', 'ada@example.com'));

    expect(res.status).toBe(200);
    expect(res.headers.get('x-amz-function-error')).toBeNull();
    expect(await res.json()).toEqual({});
    const email = await newestEml(before);
    expect(email.headers.To).toContain('ada@example.com');
    expect(email.text).toContain('271828');
    const record = bridge.invocations.at(-1);
    expect(record?.outcome?.event).toBe('email_sent');
    expect(record?.cognitoLocalMessage).toEqual({
      suiteId: 0x0578,
      messageFormat: 2,
      encryptedDataKeys: 2,
      encryptionContextKeys: ['aws-crypto-public-key'],
    });
    expect(record?.changes.map((c) => c.field)).toEqual([
      'version',
      'region',
      'callerContext.awsSdkVersion',
      'request.clientMetadata',
      'request.userAttributes.cognito:user_status',
      'request.userAttributes.email_verified',
      'request.code',
    ]);
  });

  it('HTML-escapes an AdminCreateUser temporary password as Cognito does, so the invitation shows it as set', async () => {
    const password = `Tmp<1>&"'x`;
    const before = await emlFiles();
    const event = cognitoLocalEvent({
      triggerSource: 'CustomEmailSender_AdminCreateUser',
      code: await encryptLikeCognitoLocal(password, { ...kms, alias: ALIAS }),
      userPoolId: POOL,
      userName: 'a1b2c3d4-0000-4000-8000-000000000002',
      clientId: 'CLIENT_ID_NOT_APPLICABLE',
      userAttributes: { email: 'grace@example.com', sub: 'a1b2c3d4-0000-4000-8000-000000000002' },
      clientMetadata: { origin: 'admin-console' },
    });

    const res = await invoke(bridge.url, bridge.functionName, event);

    expect(res.status).toBe(200);
    const email = await newestEml(before);
    expect(email.text).toContain(password);
    expect(email.text).not.toContain('&lt;');
    expect(bridge.invocations.at(-1)?.changes.map((c) => c.field)).toContain('request.clientMetadata');
  });

  it('answers a function error (Unhandled) naming the fix when the code cannot be decrypted, and sends nothing', async () => {
    const before = await emlFiles();
    const event = await signUpEvent('000000', 'ada@example.com');
    (event.request as { code: string }).code = Buffer.from('not an Encryption SDK message').toString(
      'base64',
    );

    const res = await invoke(bridge.url, bridge.functionName, event);

    expect(res.status).toBe(200);
    expect(res.headers.get('x-amz-function-error')).toBe('Unhandled');
    const body = (await res.json()) as { errorType: string; errorMessage: string };
    expect(body.errorType).toBe('BridgeError.DECRYPT_FAILED');
    expect(body.errorMessage).toContain('KMSConfig');
    expect(await emlFiles()).toEqual(before);
  });

  it('leaves validation to the dispatcher: an event without a trigger source reaches it and is refused there', async () => {
    const res = await invoke(bridge.url, bridge.functionName, { version: '0', region: 'local' });

    expect(res.status).toBe(200);
    expect(bridge.invocations.at(-1)?.outcome).toMatchObject({
      event: 'email_failed',
      code: 'INVALID_EVENT',
    });
  });

  it('accepts an asynchronous (Event) invoke with 202, as Cognito invokes, and runs it afterwards', async () => {
    const before = await emlFiles();
    const count = bridge.invocations.length;

    const res = await invoke(
      bridge.url,
      bridge.functionName,
      await signUpEvent('314159', 'ada@example.com'),
      'Event',
    );

    expect(res.status).toBe(202);
    await expect.poll(() => bridge.invocations.length, { timeout: 20_000 }).toBe(count + 1);
    expect(bridge.invocations.at(-1)?.invocationType).toBe('Event');
    expect((await newestEml(before)).text).toContain('314159');
  });

  it('answers ResourceNotFoundException for another function name, as Lambda does', async () => {
    const res = await invoke(bridge.url, 'someone-else', {});

    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
  });

  it('tells cognito-local where to invoke and how to encrypt', () => {
    const config = bridge.cognitoLocalConfig(ALIAS);

    expect(config.LambdaClient.endpoint).toBe(bridge.url);
    expect(config.TriggerFunctions.CustomEmailSender).toBe(bridge.functionName);
    expect(config.KMSConfig).toMatchObject({ endpoint: kms.url, KMSKeyId: kms.keyArn, KMSKeyAlias: ALIAS });
  });
});

describe('cognito-local bridge start-up', () => {
  it('refuses to start when the dispatcher cold start fails, listing the problem', async () => {
    await expect(
      startCognitoLocalBridge({ kms, functionEnv: { EMAIL_PROVIDER: 'carrier-pigeon' } }),
    ).rejects.toMatchObject({ code: 'INIT_FAILED', message: expect.stringContaining('EMAIL_PROVIDER') });
  });
});
