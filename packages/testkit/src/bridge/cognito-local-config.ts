/**
 * What cognito-local's `.cognito/config.json` needs so that it invokes the bridge as its CustomEmailSender and
 * encrypts codes through the KMS stand-in (cognito-local merges it over its defaults).
 */
import type { BridgeKms } from './recrypt.js';

/** The `.cognito/config.json` entries cognito-local needs to call the bridge and encrypt through the stand-in. */
export interface CognitoLocalTriggerConfig {
  LambdaClient: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  TriggerFunctions: { CustomEmailSender: string };
  KMSConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    KMSKeyId: string;
    KMSKeyAlias: string;
  };
}

/** cognito-local's clients sign requests; neither the bridge nor the KMS stand-in checks the signature. */
const DUMMY_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The config entries for one bridge; `kmsKeyAlias` must already point at `kms.keyArn` (`kms.createAlias(…)`):
 * cognito-local generates its data key under the alias and encrypts it again under the key id.
 * @example writeFileSync('.cognito/config.json', JSON.stringify(cognitoLocalTriggerConfig({ bridgeUrl, functionName, region, kms, kmsKeyAlias })));
 */
export function cognitoLocalTriggerConfig(input: {
  bridgeUrl: string;
  functionName: string;
  region: string;
  kms: BridgeKms;
  kmsKeyAlias: string;
}): CognitoLocalTriggerConfig {
  return {
    LambdaClient: { endpoint: input.bridgeUrl, region: input.region, credentials: DUMMY_CREDENTIALS },
    TriggerFunctions: { CustomEmailSender: input.functionName },
    KMSConfig: {
      endpoint: input.kms.url,
      region: input.region,
      credentials: DUMMY_CREDENTIALS,
      KMSKeyId: input.kms.keyArn,
      KMSKeyAlias: input.kmsKeyAlias,
    },
  };
}
