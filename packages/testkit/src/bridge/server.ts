/**
 * The cognito-local bridge: the "Lambda" cognito-local invokes as its CustomEmailSender trigger. Per invoke it
 * runs four steps, each in its own file:
 *   1. invoke-api.ts  read the Lambda Invoke request
 *   2. normalise.ts   make cognito-local's event look as Cognito sends it (each field listed there)
 *   3. recrypt.ts     decrypt cognito-local's ciphertext, encrypt the secret again as Cognito does
 *   4. lambda-runner.ts  run the real dispatcher bundle (`handler`) in a Lambda-like process
 * (invocation.ts runs 2–4 for one event; cognito-local-config.ts is what cognito-local needs to call us)
 * and answers once the dispatcher has finished, so whoever called cognito-local finds the email delivered when
 * its call returns. Real Cognito invokes the custom sender asynchronously (InvocationType Event): its API call
 * returns before the email exists, and a failure never reaches the user. cognito-local calls RequestResponse and
 * waits; the bridge also accepts `Event` (202 at once, run afterwards) for callers that want Cognito's timing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { regionOfKeyArn } from '../factory/encrypt.js';
import { startListening } from '../net.js';
import { DISPATCHER_BUNDLE } from '../paths.js';
import { type CognitoLocalTriggerConfig, cognitoLocalTriggerConfig } from './cognito-local-config.js';
import { type BridgeInvocation, runInvocation } from './invocation.js';
import {
  InvokeApiError,
  readInvokeRequest,
  sendAccepted,
  sendInvokeApiError,
  sendInvokeResult,
} from './invoke-api.js';
import { startLambdaRunner } from './lambda-runner.js';
import type { BridgeKms } from './recrypt.js';

export interface CognitoLocalBridgeOptions {
  /** The KMS stand-in and key cognito-local encrypts with; the dispatcher decrypts with the same key. */
  kms: BridgeKms;
  /** The function name cognito-local's `TriggerFunctions.CustomEmailSender` names. */
  functionName?: string;
  /** The region events report instead of cognito-local's `"local"` (default: the key ARN's region). */
  region?: string;
  /**
   * The dispatcher's configuration: provider and its settings (`EMAIL_PROVIDER`, `OUTBOX_DIR` or `SMTP_URL`),
   * `EMAIL_FROM`, `APP_URL`, … Merged over what the bridge sets itself (KMS stand-in, region, dummy AWS
   * credentials, `EMAIL_PROVIDER=outbox`); nothing else from the caller's environment reaches the function.
   */
  functionEnv?: Record<string, string>;
  /** The bundle to run (default `packages/dispatcher/dist/index.js`). */
  bundle?: string;
  /** The function timeout (default 30 s). */
  timeoutMs?: number;
  /** Interface and port (default 127.0.0.1 and a free port). */
  host?: string;
  port?: number;
  /** Called after each invocation (dev:flow prints it). */
  onInvocation?: (record: BridgeInvocation) => void;
  /** Every raw line the function writes. */
  onLog?: (line: string) => void;
}

export interface CognitoLocalBridge {
  /** Base URL cognito-local's `LambdaClient.endpoint` points at. */
  url: string;
  functionName: string;
  region: string;
  /** Every invocation so far, in order. */
  invocations: BridgeInvocation[];
  /**
   * What to merge into cognito-local's config so it invokes this bridge and encrypts through the KMS stand-in;
   * `kmsKeyAlias` must already point at `kms.keyArn` (`kms.createAlias(…)`).
   */
  cognitoLocalConfig(kmsKeyAlias: string): CognitoLocalTriggerConfig;
  /** Waits for invocations still running (Event ones), stops the runtime and the server. */
  close(): Promise<void>;
}

/** The function's environment: the KMS stand-in, region and dummy credentials, then the caller's settings. */
function functionEnvironment(
  options: CognitoLocalBridgeOptions,
  region: string,
  functionName: string,
): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_KMS: options.kms.url,
    KMS_KEY_ARN: options.kms.keyArn,
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    EMAIL_PROVIDER: 'outbox',
    ...options.functionEnv,
  };
}

/** What the Invoke API handler needs: which function it serves and how to run one event. */
interface InvokeTarget {
  functionName: string;
  region: string;
  run(raw: unknown, invocationType: 'RequestResponse' | 'Event'): Promise<BridgeInvocation>;
  /** Event invocations still running (close waits for them). */
  running: Set<Promise<unknown>>;
}

function eventOf(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8') || 'null');
  } catch {
    throw new InvokeApiError(400, 'InvalidRequestContentException', 'Could not parse request body into json');
  }
}

/** One Invoke API request: DryRun answers at once, Event runs after a 202, RequestResponse waits. */
async function answerInvoke(target: InvokeTarget, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const invoke = await readInvokeRequest(req);
  if (invoke.functionName !== target.functionName) {
    throw new InvokeApiError(
      404,
      'ResourceNotFoundException',
      `Function not found: arn:aws:lambda:${target.region}:000000000000:function:${invoke.functionName} ` +
        `(this bridge serves "${target.functionName}")`,
    );
  }
  const raw = eventOf(invoke.payload);
  if (invoke.invocationType === 'DryRun') return sendAccepted(res, 'DryRun');
  if (invoke.invocationType === 'Event') {
    sendAccepted(res, 'Event');
    const pending = target.run(raw, 'Event');
    target.running.add(pending);
    pending.finally(() => target.running.delete(pending));
    return;
  }
  const record = await target.run(raw, 'RequestResponse');
  // The dispatcher returns nothing (Lambda answers `null`); cognito-local reads `.response` of the payload
  // and logs InvalidLambdaResponse on `null`, so the bridge answers `{}`, which it reads as "no response".
  sendInvokeResult(res, record.error ? { error: record.error } : { value: {} });
}

/** Listens and returns the base URL. */
async function listenAt(server: Server, port: number, host: string): Promise<string> {
  const address = await startListening(server, { port, host });
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shown}:${address.port}`;
}

/**
 * Starts the bridge: the Lambda runtime with the dispatcher bundle (its cold start must succeed: invalid
 * configuration rejects here with every problem listed), then the Invoke API server.
 * @example
 * const kms = await startKmsStandIn();
 * kms.createAlias('alias/cognito-local');
 * const bridge = await startCognitoLocalBridge({ kms, functionEnv: { EMAIL_PROVIDER: 'outbox', OUTBOX_DIR: dir } });
 * writeFileSync('.cognito/config.json', JSON.stringify(bridge.cognitoLocalConfig('alias/cognito-local')));
 */
export async function startCognitoLocalBridge(
  options: CognitoLocalBridgeOptions,
): Promise<CognitoLocalBridge> {
  const functionName = options.functionName ?? 'mailroom-custom-email-sender';
  const region = options.region ?? regionOfKeyArn(options.kms.keyArn);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const runner = await startLambdaRunner({
    bundle: options.bundle ?? DISPATCHER_BUNDLE,
    env: functionEnvironment(options, region, functionName),
    ...(options.onLog ? { onLog: options.onLog } : {}),
  });
  const invocations: BridgeInvocation[] = [];
  const target: InvokeTarget = {
    functionName,
    region,
    running: new Set(),
    /** Steps 2–4 for one event (invocation.ts); never throws: failures become the invocation's error. */
    async run(raw, invocationType) {
      const record = await runInvocation(raw, invocationType, {
        kms: options.kms,
        region,
        runner,
        timeoutMs,
      });
      invocations.push(record);
      options.onInvocation?.(record);
      return record;
    },
  };
  const server = createServer((req, res) => {
    answerInvoke(target, req, res).catch((error: unknown) => {
      sendInvokeApiError(
        res,
        error instanceof InvokeApiError ? error : new InvokeApiError(500, 'ServiceException', String(error)),
      );
    });
  });
  let url: string;
  try {
    url = await listenAt(server, options.port ?? 0, options.host ?? '127.0.0.1');
  } catch (error) {
    await runner.close();
    throw error;
  }
  return {
    url,
    functionName,
    region,
    invocations,
    cognitoLocalConfig: (kmsKeyAlias) =>
      cognitoLocalTriggerConfig({ bridgeUrl: url, functionName, region, kms: options.kms, kmsKeyAlias }),
    async close() {
      await Promise.allSettled([...target.running]);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await runner.close();
    },
  };
}
