/**
 * Factory → decrypt round trip, narrated. Everything runs locally against the KMS stand-in. The generated
 * code is test data, but the demo still never prints it: it shows the shape, and compares in step 5, the way
 * Mailroom treats real codes.
 *
 *   pnpm --filter @mailroom/testkit exec tsx src/demo.ts
 */
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import { parseCustomEmailSenderEvent } from '@mailroom/shared-types';
import { standInClientProvider } from './factory/encrypt.js';
import { makeEvent } from './factory/make-event.js';
import { startKmsStandIn } from './kms/stand-in.js';

const kms = await startKmsStandIn();
try {
  console.log(`1. KMS stand-in listening on ${kms.url} with key ${kms.keyArn}`);

  const { event, plaintext } = await makeEvent('SignUp', { kms, email: 'ada@example.com' });
  const code = event.request.code ?? '';
  console.log(`2. makeEvent('SignUp'): ${event.triggerSource} for ${event.request.userAttributes.email}`);
  console.log(`   pool ${event.userPoolId}, user ${event.userName}`);
  console.log(
    `   request.code is a ${code.length}-character base64 Encryption SDK message (${code.slice(0, 16)}…)`,
  );
  console.log('   the factory kept the generated code in memory for step 5 (never printed)');

  parseCustomEmailSenderEvent(event);
  console.log('3. parseCustomEmailSenderEvent: the event has the shape Cognito sends');

  // Cognito's suite 0x0378 is not key-committing: this is the policy the dispatcher must use.
  const { decrypt } = buildClient({
    commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT,
    maxEncryptedDataKeys: 1,
  });
  const keyring = new KmsKeyringNode({
    keyIds: [kms.keyArn],
    clientProvider: standInClientProvider(kms.url),
  });
  const result = await decrypt(keyring, Buffer.from(code, 'base64'));
  const suite = `0x${result.messageHeader.suiteId.toString(16).padStart(4, '0')}`;
  const keys = result.messageHeader.encryptedDataKeys.map((k) => k.providerInfo);
  console.log(
    `4. decrypted with the Encryption SDK: suite ${suite}, ${keys.length} data key(s) under ${keys.join(', ')}`,
  );
  console.log(`   encryption context userpool-id = ${result.messageHeader.encryptionContext['userpool-id']}`);

  const matches = result.plaintext.toString('utf8') === plaintext;
  console.log(`5. decrypted code ${matches ? 'matches' : 'DOES NOT match'} the generated one`);
  console.log(`   KMS calls: ${kms.calls.map((c) => c.target).join(', ')}`);
  if (!matches) process.exitCode = 1;
} finally {
  await kms.close();
}
