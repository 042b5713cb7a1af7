/**
 * Regenerates `fixtures/events/*.json` and `fixtures/plaintexts.json` under the test-only key in
 * `fixtures/kms-key.json` (created on first run, or replaced with `--new-key`).
 *
 *   pnpm --filter @mailroom/testkit exec tsx src/factory/regenerate-fixtures.ts [--new-key]
 *
 * Ciphertexts differ on every run (fresh data keys, IVs and signing keys); everything else is fixed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { TRIGGERS, type TriggerName } from '@mailroom/shared-types';
import { startKmsStandIn } from '../kms/stand-in.js';
import { FIXTURES_DIR, fixtureName, loadFixtureKmsKey } from './fixtures.js';
import { type MakeEventOptions, makeEvent } from './make-event.js';

const USER_POOL_ID = 'us-east-1_AbCdEf123';
const CLIENT_ID = '3n4b5urk1ft4fl3mg5e62d9ado';

/** Sanitised, fixed inputs per trigger; the codes are test data, not anyone's secret. */
const INPUTS: Record<TriggerName, Partial<MakeEventOptions>> = {
  SignUp: { code: '482913', clientMetadata: { source: 'web-signup' } },
  ResendCode: { code: '730164' },
  ForgotPassword: { code: '059372', clientMetadata: null },
  UpdateUserAttribute: { code: '611840', email: 'jane.new@example.com' },
  VerifyUserAttribute: { code: '294857' },
  // Every character Cognito escapes, so the fixture proves the unescape path.
  AdminCreateUser: { temporaryPassword: `Tmp<Pa&ss>"9'x` },
  AccountTakeOverNotification: {
    userAttributes: {
      LOGIN_TIME: 'Fri Nov 20 21:56:31 UTC 2026',
      EVENT_ID: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
    },
  },
  Authentication: { code: '918273', clientMetadata: null },
};

const USER_NAMES: Record<TriggerName, string> = {
  SignUp: '8c2f4d6e-1a3b-4c5d-9e7f-0a1b2c3d4e01',
  ResendCode: '8c2f4d6e-1a3b-4c5d-9e7f-0a1b2c3d4e02',
  ForgotPassword: '8c2f4d6e-1a3b-4c5d-9e7f-0a1b2c3d4e03',
  UpdateUserAttribute: '8c2f4d6e-1a3b-4c5d-9e7f-0a1b2c3d4e04',
  VerifyUserAttribute: '8c2f4d6e-1a3b-4c5d-9e7f-0a1b2c3d4e05',
  AdminCreateUser: '8c2f4d6e-1a3b-4c5d-9e7f-0a1b2c3d4e06',
  AccountTakeOverNotification: '8c2f4d6e-1a3b-4c5d-9e7f-0a1b2c3d4e07',
  Authentication: '8c2f4d6e-1a3b-4c5d-9e7f-0a1b2c3d4e08',
};

async function ensureKey(replace: boolean): Promise<void> {
  const path = `${FIXTURES_DIR}kms-key.json`;
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  if (exists && !replace) return;
  const key = {
    $comment:
      'TEST-ONLY KMS key material for the testkit KMS stand-in. It protects nothing real; fixtures are encrypted under it so tests can decrypt them.',
    arn: `arn:aws:kms:us-east-1:111122223333:key/${randomUUID()}`,
    material: randomBytes(32).toString('base64'),
  };
  await writeFile(path, `${JSON.stringify(key, null, 2)}\n`);
}

async function main(): Promise<void> {
  await ensureKey(process.argv.includes('--new-key'));
  const kms = await startKmsStandIn({ keys: [await loadFixtureKmsKey()] });
  try {
    await mkdir(`${FIXTURES_DIR}events`, { recursive: true });
    const plaintexts: Record<string, string | null> = {
      $comment: 'TEST DATA: what each fixture event must deliver to the user (decrypted, unescaped).',
    };
    for (const trigger of TRIGGERS) {
      const name = fixtureName(trigger.name);
      const { event, plaintext } = await makeEvent(trigger.name, {
        kms,
        userPoolId: USER_POOL_ID,
        userName: USER_NAMES[trigger.name],
        clientId: CLIENT_ID,
        email: 'jane.doe@example.com',
        ...INPUTS[trigger.name],
      });
      plaintexts[name] = plaintext;
      await writeFile(`${FIXTURES_DIR}events/${name}.json`, `${JSON.stringify(event, null, 2)}\n`);
      console.log(`wrote fixtures/events/${name}.json`);
    }
    await writeFile(`${FIXTURES_DIR}plaintexts.json`, `${JSON.stringify(plaintexts, null, 2)}\n`);
    console.log('wrote fixtures/plaintexts.json');
  } finally {
    await kms.close();
  }
}

await main();
