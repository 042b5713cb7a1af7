/**
 * What cognito-local 5.3 sends, rebuilt from its source (lib/services/crypto.js, lib/services/lambda.js,
 * lib/services/messages.js), so testkit can test the bridge without depending on cognito-local; the example
 * app's end-to-end test (examples/auth-api/test/e2e) runs the real cognito-local against it.
 */
import { buildClient, CommitmentPolicy, KMS, KmsKeyringNode } from '@aws-crypto/client-node';

/* cognito-local: buildClient(REQUIRE_ENCRYPT_ALLOW_DECRYPT) and a keyring generating under KMSKeyAlias with
 * KMSKeyId as a second key: a committing suite and two data keys, no encryption context. */
const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);

export async function encryptLikeCognitoLocal(
  plaintext: string,
  kms: { url: string; keyArn: string; alias: string; region: string },
): Promise<string> {
  const keyring = new KmsKeyringNode({
    generatorKeyId: kms.alias,
    keyIds: [kms.keyArn],
    // cognito-local's own provider: one client from KMSConfig, whatever region the key id implies.
    clientProvider: () =>
      new KMS({
        endpoint: kms.url,
        region: kms.region,
        credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
      }),
  });
  const { result } = await encrypt(keyring, plaintext);
  return result.toString('base64');
}

/** cognito-local's LambdaService.createLambdaEvent for a CustomEmailSender_* source. */
export function cognitoLocalEvent(input: {
  triggerSource: string;
  code: string;
  userPoolId: string;
  userName: string;
  clientId: string;
  userAttributes: Record<string, string>;
  clientMetadata?: Record<string, string>;
}): Record<string, unknown> {
  // JSON round trip: cognito-local sends JSON.stringify(event), which drops an undefined clientMetadata.
  return JSON.parse(
    JSON.stringify({
      version: '0',
      region: 'local',
      userPoolId: input.userPoolId,
      triggerSource: input.triggerSource,
      userName: input.userName,
      callerContext: { awsSdkVersion: '2.1692.0', clientId: input.clientId },
      request: {
        type: 'customEmailSenderRequestV1',
        code: input.code,
        userAttributes: input.userAttributes,
        clientMetadata: input.clientMetadata,
      },
      response: {},
    }),
  ) as Record<string, unknown>;
}

/** What aws-sdk v2's `Lambda.invoke({ InvocationType: 'RequestResponse' })` sends. */
export function invoke(
  bridgeUrl: string,
  functionName: string,
  event: unknown,
  invocationType = 'RequestResponse',
): Promise<Response> {
  return fetch(`${bridgeUrl}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`, {
    method: 'POST',
    headers: { 'x-amz-invocation-type': invocationType, 'content-type': 'binary/octet-stream' },
    body: JSON.stringify(event),
  });
}
