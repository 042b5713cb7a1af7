/**
 * The shared world every contestant runs against: one KMS stand-in, one SendGrid stand-in (both loopback,
 * keep-alive), the same factory-made events with real 0x0378 ciphertexts, and the same child environment.
 */

import { TRIGGERS } from '@mailroom/shared-types';
import {
  type KmsStandIn,
  makeEvent,
  type StandIn,
  startKmsStandIn,
  startSendGridStandIn,
} from '@mailroom/testkit';
import type { LabelledEvent } from './child/protocol.js';

export interface World {
  kms: KmsStandIn;
  sendgrid: StandIn;
  env: Record<string, string>;
  close(): Promise<void>;
}

const SENDGRID_KEY = 'SG.bench-key';

/**
 * Starts the stand-ins and derives the environment every child gets (ours and baselines alike).
 * @example const world = await startWorld(); … await world.close();
 */
export async function startWorld(): Promise<World> {
  const kms = await startKmsStandIn({ region: 'eu-west-1' });
  const sendgrid = await startSendGridStandIn({ apiKey: SENDGRID_KEY });
  const env: Record<string, string> = {
    // Only what a Lambda would have: no NODE_OPTIONS (tsx's loader must not leak into the children).
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    TZ: 'UTC',
    AWS_REGION: kms.region,
    AWS_DEFAULT_REGION: kms.region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SESSION_TOKEN: 'test',
    AWS_ENDPOINT_URL_KMS: kms.url,
    AWS_LAMBDA_FUNCTION_NAME: 'mailroom-bench',
    KMS_KEY_ARN: kms.keyArn,
    EMAIL_PROVIDER: 'sendgrid',
    EMAIL_FROM: 'Mailroom <no-reply@example.com>',
    SENDGRID_API_KEY: SENDGRID_KEY,
    SENDGRID_API_URL: sendgrid.url,
    APP_URL: 'https://app.example.com',
    LOG_LEVEL: 'info',
  };
  return {
    kms,
    sendgrid,
    env,
    close: async () => {
      await Promise.all([kms.close(), sendgrid.close()]);
    },
  };
}

/**
 * `perTrigger` factory events for each of the 8 triggers, each with its own real ciphertext.
 * @example const events = await makeEvents(world, 4);
 */
export async function makeEvents(world: World, perTrigger: number): Promise<LabelledEvent[]> {
  const out: LabelledEvent[] = [];
  for (let i = 0; i < perTrigger; i += 1) {
    for (const trigger of TRIGGERS) {
      const made = await makeEvent(trigger.name, {
        kms: { url: world.kms.url, keyArn: world.kms.keyArn, region: world.kms.region },
        userName: `bench-user-${i}`,
        email: `bench-user-${i}@example.com`,
      });
      out.push({ trigger: trigger.name, event: made.event });
    }
  }
  return out;
}
