import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { CustomEmailSenderEvent, TriggerName, TriggerSource } from '@mailroom/shared-types';
import { triggerInfo } from '@mailroom/shared-types';
import type { KmsKeySpec } from '../kms/key-store.js';

/** Absolute path of `packages/testkit/fixtures`. */
export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/**
 * File name (without `.json`) of a trigger's fixture: the kebab-case trigger name, e.g. `sign-up`,
 * `account-take-over-notification`.
 * @example fixtureName('CustomEmailSender_SignUp') // 'sign-up'
 */
export function fixtureName(trigger: TriggerName | TriggerSource): string {
  const info = triggerInfo(trigger);
  if (!info) throw new TypeError(`unknown trigger "${trigger}"`);
  return info.name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}

/**
 * The test-only KMS key the fixtures' ciphertexts were made under; pass it to `startKmsStandIn({ keys })`.
 * @example const kms = await startKmsStandIn({ keys: [await loadFixtureKmsKey()] });
 */
export async function loadFixtureKmsKey(): Promise<KmsKeySpec> {
  const raw = JSON.parse(await readFile(`${FIXTURES_DIR}kms-key.json`, 'utf8')) as KmsKeySpec;
  return { arn: raw.arn, material: raw.material, description: 'mailroom fixtures key (test only)' };
}

/**
 * A checked-in, sanitised event and the plaintext its `request.code` decrypts to (under the fixture key).
 * @example const { event, plaintext } = await loadFixture('ForgotPassword');
 */
export async function loadFixture(
  trigger: TriggerName | TriggerSource,
): Promise<{ event: CustomEmailSenderEvent; plaintext: string | null }> {
  const name = fixtureName(trigger);
  const event = JSON.parse(
    await readFile(`${FIXTURES_DIR}events/${name}.json`, 'utf8'),
  ) as CustomEmailSenderEvent;
  const plaintexts = JSON.parse(await readFile(`${FIXTURES_DIR}plaintexts.json`, 'utf8')) as Record<
    string,
    string | null
  >;
  return { event, plaintext: plaintexts[name] ?? null };
}
