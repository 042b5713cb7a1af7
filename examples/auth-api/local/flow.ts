/**
 * The whole local sign-up flow, minus the app: KMS stand-in (with the alias cognito-local encrypts under), the
 * bridge running the real dispatcher bundle, and cognito-local with its pool and app client. The e2e test and
 * `pnpm dev:flow` both start it; the app then runs with `appEnv`.
 */
import {
  type CognitoLocalBridge,
  type KmsStandIn,
  startCognitoLocalBridge,
  startKmsStandIn,
} from '@mailroom/testkit';
import { type CognitoLocal, startCognitoLocal } from './cognito-local.js';

export const KMS_ALIAS = 'alias/mailroom-cognito-local';

export interface FlowOptions {
  /** The dispatcher's provider settings (`EMAIL_PROVIDER` + `OUTBOX_DIR`, or `smtp` + `SMTP_URL`, …). */
  functionEnv: Record<string, string>;
  /** Region reported in events and used for the KMS key (default us-east-1). */
  region?: string;
  cognitoLocalPort?: number;
  /** cognito-local's working directory (default: a temporary one, removed at close). */
  cognitoLocalDir?: string;
  onInvocation?: Parameters<typeof startCognitoLocalBridge>[0]['onInvocation'];
  onDispatcherLog?: (line: string) => void;
  onCognitoLocalLog?: (line: string) => void;
}

export interface Flow {
  kms: KmsStandIn;
  bridge: CognitoLocalBridge;
  cognitoLocal: CognitoLocal;
  /** The example API's environment for this pool. */
  appEnv: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts KMS → bridge → cognito-local, in that order (each one's URL goes into the next one's config), and
 * closes whatever started if a later step fails.
 * @example
 * const flow = await startFlow({ functionEnv: { EMAIL_PROVIDER: 'outbox', OUTBOX_DIR: dir } });
 * const app = createApp({ config: loadConfig(flow.appEnv) });
 */
export async function startFlow(options: FlowOptions): Promise<Flow> {
  const region = options.region ?? 'us-east-1';
  const kms = await startKmsStandIn({ region });
  const closers: (() => Promise<void>)[] = [() => kms.close()];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
  };
  try {
    kms.createAlias(KMS_ALIAS);
    const bridge = await startCognitoLocalBridge({
      kms,
      region,
      functionEnv: options.functionEnv,
      ...(options.onInvocation ? { onInvocation: options.onInvocation } : {}),
      ...(options.onDispatcherLog ? { onLog: options.onDispatcherLog } : {}),
    });
    closers.push(() => bridge.close());
    const cognitoLocal = await startCognitoLocal({
      config: bridge.cognitoLocalConfig(KMS_ALIAS),
      ...(options.cognitoLocalPort ? { port: options.cognitoLocalPort } : {}),
      ...(options.cognitoLocalDir ? { dir: options.cognitoLocalDir } : {}),
      ...(options.onCognitoLocalLog ? { onLog: options.onCognitoLocalLog } : {}),
    });
    closers.push(() => cognitoLocal.close());
    return {
      kms,
      bridge,
      cognitoLocal,
      appEnv: {
        USER_POOL_ID: cognitoLocal.userPoolId,
        USER_POOL_CLIENT_ID: cognitoLocal.clientId,
        AWS_REGION: region,
        COGNITO_ENDPOINT: cognitoLocal.url,
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
