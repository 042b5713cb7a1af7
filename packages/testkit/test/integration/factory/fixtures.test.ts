import { readFile } from 'node:fs/promises';
import { buildClient, CommitmentPolicy, getClient, KMS, KmsKeyringNode } from '@aws-crypto/client-node';
import { parseCustomEmailSenderEvent, TRIGGERS } from '@mailroom/shared-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR, loadFixture, loadFixtureKmsKey } from '../../../src/factory/fixtures.js';
import { escapeLikeCognito } from '../../../src/factory/make-event.js';
import { type KmsStandIn, startKmsStandIn } from '../../../src/kms/stand-in.js';

const reader = buildClient({
  commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT,
  maxEncryptedDataKeys: 1,
});
let kms: KmsStandIn;

function keyringAt(url: string, keyArn: string): KmsKeyringNode {
  return new KmsKeyringNode({
    keyIds: [keyArn],
    clientProvider: getClient(KMS, {
      endpoint: url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  });
}

beforeAll(async () => {
  kms = await startKmsStandIn({ keys: [await loadFixtureKmsKey()] });
});

afterAll(async () => {
  await kms.close();
});

describe('checked-in fixtures', () => {
  it('ship test-only key material that says so', async () => {
    const raw = JSON.parse(await readFile(`${FIXTURES_DIR}kms-key.json`, 'utf8')) as Record<string, string>;

    expect(raw.$comment).toMatch(/^TEST-ONLY/);
    expect(Buffer.from(raw.material ?? '', 'base64')).toHaveLength(32);
    expect(kms.keyArn).toBe(raw.arn);
  });

  it.each(TRIGGERS.map((t) => [t.name, t.codeKind] as const))(
    'hold a %s event the schema accepts and whose code decrypts under the fixture key',
    async (name, codeKind) => {
      const { event, plaintext } = await loadFixture(name);

      expect(parseCustomEmailSenderEvent(event).triggerSource).toBe(`CustomEmailSender_${name}`);
      if (codeKind === 'none') {
        expect(event.request.code).toBeNull();
        expect(plaintext).toBeNull();
        return;
      }
      const decrypted = await reader.decrypt(
        keyringAt(kms.url, kms.keyArn),
        Buffer.from(event.request.code ?? '', 'base64'),
      );
      expect(decrypted.messageHeader.suiteId).toBe(0x0378);
      expect(decrypted.messageHeader.encryptionContext['userpool-id']).toBe(event.userPoolId);
      const expected = codeKind === 'temporaryPassword' ? escapeLikeCognito(plaintext ?? '') : plaintext;
      expect(decrypted.plaintext.toString('utf8')).toBe(expected);
    },
  );

  it('cannot be decrypted by a stand-in that lacks the fixture key', async () => {
    const stranger = await startKmsStandIn();
    const { event } = await loadFixture('SignUp');
    const fixtureArn = kms.keyArn;

    const outcome = await reader
      .decrypt(keyringAt(stranger.url, fixtureArn), Buffer.from(event.request.code ?? '', 'base64'))
      .then(
        () => 'decrypted',
        (error: Error) => error.message,
      );
    await stranger.close();

    // The Encryption SDK wraps keyring errors; the stand-in's hint must survive inside the message.
    expect(outcome).toContain('Unable to decrypt data key');
    expect(outcome).toContain(
      `Key '${fixtureArn}' does not exist in this stand-in (fixtures need fixtures/kms-key.json loaded)`,
    );
  });
});
