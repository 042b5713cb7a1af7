/**
 * The network model's world: a TLS front with the model's latency (latency-proxy.ts) before each service a
 * Mailroom sandbox talks to — KMS and the ESP (SendGrid) of the bench's world, plus a Secrets Manager
 * stand-in holding the provider key (as infra deploys it: `EMAIL_SECRETS_ARN`) and a DynamoDB (dynalite)
 * with the idempotency table — and the environment each network contestant gets. The certificate is
 * self-signed and trusted by the children only (`NODE_EXTRA_CA_CERTS`), never by the harness.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createSelfSignedCertificate,
  type DynamoDbStandIn,
  type SecretsManagerStandIn,
  startDynamoDbStandIn,
  startSecretsManagerStandIn,
} from '@mailroom/testkit';
import type { World } from '../env.js';
import { OUT_DIR } from '../paths.js';
import { type LatencyProxy, startLatencyProxy } from './latency-proxy.js';
import { jitterSource, NETWORK_SERVICES, type NetworkModel, type NetworkService } from './model.js';

/** The contestants of the network section. */
export const NETWORK_CONTESTANTS = ['ours', 'ours + idempotency', 'naive', 'floor probe'] as const;
export type NetworkContestant = (typeof NETWORK_CONTESTANTS)[number];

export interface NetworkWorld {
  fronts: Record<NetworkService, LatencyProxy>;
  /** The child environment per contestant. */
  envFor(contestant: NetworkContestant): Record<string, string>;
  reset(): void;
  close(): Promise<void>;
}

async function startFronts(
  model: NetworkModel,
  targets: Record<NetworkService, string>,
  tls: { key: string; cert: string },
): Promise<Record<NetworkService, LatencyProxy>> {
  const fronts: Partial<Record<NetworkService, LatencyProxy>> = {};
  for (const [index, service] of NETWORK_SERVICES.entries()) {
    fronts[service] = await startLatencyProxy({
      target: targets[service],
      rttMs: model.rttMs[service],
      handshakeRtts: model.handshakeRtts,
      // One seeded stream per service, so adding a request to one service does not shift another's delays.
      nextFactor: jitterSource(model.seed + index * 7_919, model.jitter),
      tls,
    });
  }
  return fronts as Record<NetworkService, LatencyProxy>;
}

/**
 * Starts the fronts (and the Secrets Manager and DynamoDB stand-ins behind two of them).
 * @example const net = await startNetworkWorld(world, networkModel(process.env)); … await net.close();
 */
export async function startNetworkWorld(world: World, model: NetworkModel): Promise<NetworkWorld> {
  const tls = createSelfSignedCertificate();
  const dir = join(OUT_DIR, 'network');
  await mkdir(dir, { recursive: true });
  const caFile = join(dir, 'stand-ins-ca.pem');
  await writeFile(caFile, tls.cert);

  let secrets: SecretsManagerStandIn | undefined;
  let dynamo: DynamoDbStandIn | undefined;
  try {
    secrets = await startSecretsManagerStandIn({ region: world.kms.region });
    const secretArn = secrets.putSecret(
      'mailroom/providers',
      JSON.stringify({ SENDGRID_API_KEY: world.env.SENDGRID_API_KEY }),
    );
    dynamo = await startDynamoDbStandIn({ region: world.kms.region });
    const table = await dynamo.createIdempotencyTable();
    const fronts = await startFronts(
      model,
      {
        kms: world.kms.url,
        'secrets-manager': secrets.url,
        dynamodb: dynamo.url,
        esp: new URL(world.sendgrid.url).origin,
      },
      tls,
    );
    const { SENDGRID_API_KEY: sendgridKey = '', ...common } = world.env;
    const base = {
      ...common,
      NODE_EXTRA_CA_CERTS: caFile,
      AWS_ENDPOINT_URL_KMS: fronts.kms.url,
      SENDGRID_API_URL: fronts.esp.url,
    };
    // Ours as infra deploys it: the provider key comes from one Secrets Manager secret read at init.
    const ours = {
      ...base,
      EMAIL_SECRETS_ARN: secretArn,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: fronts['secrets-manager'].url,
    };
    const envs: Record<NetworkContestant, Record<string, string>> = {
      ours,
      'ours + idempotency': {
        ...ours,
        IDEMPOTENCY_TABLE: table,
        AWS_ENDPOINT_URL_DYNAMODB: fronts.dynamodb.url,
      },
      // The tutorial reads its key from the environment.
      naive: { ...base, SENDGRID_API_KEY: sendgridKey },
      // The probe (baselines/network-floor) sends with the key from the environment, as the tutorial.
      'floor probe': { ...base, SENDGRID_API_KEY: sendgridKey },
    };
    const closeStandIns = [secrets, dynamo];
    return {
      fronts,
      envFor: (contestant) => envs[contestant],
      reset: () => {
        for (const front of Object.values(fronts)) front.reset();
      },
      close: async () => {
        await Promise.all(Object.values(fronts).map((f) => f.close()));
        await Promise.all(closeStandIns.map((s) => s.close()));
      },
    };
  } catch (error) {
    await Promise.all([secrets?.close(), dynamo?.close()]);
    throw error;
  }
}
