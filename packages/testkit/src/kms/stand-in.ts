import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AWS_JSON_1_1 } from '../standins/aws-json.js';
import { KeyStore, type KmsKeySpec, KmsProtocolError } from './key-store.js';

export type { KmsKeySpec } from './key-store.js';

/** A failure the stand-in answers with instead of doing the work (each request consumes one `times`). */
export type KmsFault =
  | {
      error:
        | 'DisabledException'
        | 'AccessDeniedException'
        | 'ThrottlingException'
        | 'KMSInternalException'
        | 'NotFoundException';
      /** How many requests fail; default: every request until `fault(null)`. */
      times?: number;
    }
  | { delayMs: number; times?: number };

export interface KmsStandInOptions {
  region?: string;
  accountId?: string;
  /** Deterministic keys to hold (e.g. fixtures/kms-key.json). The first becomes `keyArn`; none are created. */
  keys?: KmsKeySpec[];
}

export interface KmsCall {
  /** `X-Amz-Target` operation, e.g. `Decrypt`. */
  target: string;
  /** The `KeyId` the request named, if any. */
  keyId?: string;
}

export interface KmsStandIn {
  /** Base URL for `AWS_ENDPOINT_URL_KMS` or a client's `endpoint`. */
  url: string;
  region: string;
  /** The key created (or the first key loaded) at start. */
  keyArn: string;
  /** Adds another key and returns its ARN. */
  createKey(): string;
  /**
   * Points an alias (`alias/<name>`) at a key (default: `keyArn`) and returns the alias ARN. Requests may then
   * name the key by alias or alias ARN, as cognito-local's `KMSConfig.KMSKeyAlias` does.
   */
  createAlias(aliasName: string, targetKeyId?: string): string;
  fault(spec: KmsFault | null): void;
  /** Every well-formed request in arrival order (faulted ones included). */
  calls: KmsCall[];
  close(): Promise<void>;
}

const CONTENT_TYPE = AWS_JSON_1_1;
const TARGET_PREFIX = 'TrentService.';

const FAULT_MESSAGES: Record<string, { status: number; message: (keyId: string) => string }> = {
  DisabledException: { status: 400, message: (keyId) => `${keyId} is disabled.` },
  AccessDeniedException: {
    status: 400,
    message: (keyId) =>
      `User: arn:aws:sts::000000000000:assumed-role/mailroom-test/stand-in is not authorized to perform this operation on resource: ${keyId}`,
  },
  ThrottlingException: { status: 400, message: () => 'Rate exceeded' },
  // KMS answers its internal error with a 500, which is what makes SDKs treat it as retryable.
  KMSInternalException: { status: 500, message: () => 'We encountered an internal error. Please try again.' },
  NotFoundException: { status: 400, message: (keyId) => `Key '${keyId}' does not exist` },
};

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': payload.length,
    'x-amzn-requestid': randomUUID(),
  });
  res.end(payload);
}

function sendError(res: ServerResponse, error: KmsProtocolError): void {
  send(res, error.status, { __type: error.type, message: error.message });
}

function decodeBlob(value: unknown, field: string): Buffer {
  if (typeof value !== 'string' || value.length === 0) {
    throw new KmsProtocolError(
      'ValidationException',
      `1 validation error detected: '${field}' must be a non-empty blob`,
    );
  }
  return Buffer.from(value, 'base64');
}

function readContext(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    typeof value !== 'object' ||
    Array.isArray(value) ||
    Object.values(value).some((v) => typeof v !== 'string')
  ) {
    throw new KmsProtocolError('ValidationException', 'EncryptionContext must be a map of strings');
  }
  return value as Record<string, string>;
}

function dataKeyLength(input: Record<string, unknown>): number {
  if (typeof input.NumberOfBytes === 'number') {
    if (!Number.isInteger(input.NumberOfBytes) || input.NumberOfBytes < 1 || input.NumberOfBytes > 1024) {
      throw new KmsProtocolError('ValidationException', 'NumberOfBytes must be between 1 and 1024');
    }
    return input.NumberOfBytes;
  }
  if (input.KeySpec === 'AES_256') return 32;
  if (input.KeySpec === 'AES_128') return 16;
  throw new KmsProtocolError('ValidationException', 'Please specify either number of bytes or key spec.');
}

type Operations = Record<string, (input: Record<string, unknown>) => unknown>;

function describeKey(store: KeyStore, input: Record<string, unknown>): unknown {
  const key = store.describe(input.KeyId);
  return {
    KeyMetadata: {
      AWSAccountId: key.arn.split(':')[4],
      KeyId: key.keyId,
      Arn: key.arn,
      CreationDate: key.createdAt.getTime() / 1000,
      Enabled: true,
      Description: key.description,
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    },
  };
}

/** GenerateDataKey, Encrypt, Decrypt and DescribeKey over one key store. */
function kmsOperations(store: KeyStore): Operations {
  return {
    GenerateDataKey: (input) => {
      const plaintext = randomBytes(dataKeyLength(input));
      const { arn, blob } = store.wrap(input.KeyId, plaintext, readContext(input.EncryptionContext));
      return { KeyId: arn, Plaintext: plaintext.toString('base64'), CiphertextBlob: blob.toString('base64') };
    },
    Encrypt: (input) => {
      const plaintext = decodeBlob(input.Plaintext, 'plaintext');
      if (plaintext.length > 4096) {
        throw new KmsProtocolError('ValidationException', 'Plaintext must be at most 4096 bytes');
      }
      const { arn, blob } = store.wrap(input.KeyId, plaintext, readContext(input.EncryptionContext));
      return {
        KeyId: arn,
        CiphertextBlob: blob.toString('base64'),
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      };
    },
    Decrypt: (input) => {
      const blob = decodeBlob(input.CiphertextBlob, 'ciphertextBlob');
      const { arn, plaintext } = store.unwrap(blob, input.KeyId, readContext(input.EncryptionContext));
      return {
        KeyId: arn,
        Plaintext: plaintext.toString('base64'),
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      };
    },
    DescribeKey: (input) => describeKey(store, input),
  };
}

/** The operation a request names (POST /, JSON 1.1, a SigV4 Authorization), or the protocol error. */
function operationOf(req: IncomingMessage): string {
  if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/') {
    throw new KmsProtocolError(
      'UnknownOperationException',
      `KMS only answers POST /, got ${req.method} ${req.url}`,
    );
  }
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
  if (contentType !== CONTENT_TYPE) {
    throw new KmsProtocolError(
      'SerializationException',
      `Content-Type must be ${CONTENT_TYPE}, got ${contentType}`,
    );
  }
  if (!req.headers.authorization?.startsWith('AWS4-HMAC-SHA256 ')) {
    throw new KmsProtocolError(
      'MissingAuthenticationTokenException',
      'Missing or non-SigV4 Authorization header (signature contents are not checked by the stand-in)',
    );
  }
  const target = String(req.headers['x-amz-target'] ?? '');
  return target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
}

function inputOf(body: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8') || '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new KmsProtocolError('SerializationException', 'Request body is not a JSON object');
  }
}

/** The current fault: each request consumes one of its `times`; an error fault throws, a delay waits. */
class KmsFaults {
  #current: (KmsFault & { remaining: number }) | null = null;
  readonly #delays = new Set<NodeJS.Timeout>();

  set(spec: KmsFault | null): void {
    if (spec && 'delayMs' in spec && (!Number.isFinite(spec.delayMs) || spec.delayMs < 0)) {
      throw new TypeError(`fault delayMs must be a non-negative number, got ${spec.delayMs}`);
    }
    if (spec?.times !== undefined && (!Number.isInteger(spec.times) || spec.times < 1)) {
      throw new TypeError(
        `fault times must be a positive integer (omit it to fail until fault(null)), got ${spec.times}`,
      );
    }
    this.#current = spec ? { ...spec, remaining: spec.times ?? Number.POSITIVE_INFINITY } : null;
  }

  async apply(keyId: string): Promise<void> {
    const fault = this.#current;
    if (!fault) return;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#current = null;
    if ('error' in fault) {
      const known = FAULT_MESSAGES[fault.error];
      throw new KmsProtocolError(fault.error, known?.message(keyId) ?? fault.error, known?.status ?? 400);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#delays.delete(timer);
        resolve();
      }, fault.delayMs);
      this.#delays.add(timer);
    });
  }

  clear(): void {
    for (const timer of this.#delays) clearTimeout(timer);
    this.#delays.clear();
  }
}

async function handleKms(
  ctx: { operations: Operations; calls: KmsCall[]; faults: KmsFaults; keyArn: string },
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readBody(req);
  const operationName = operationOf(req);
  const operation = ctx.operations[operationName];
  if (!operation) {
    throw new KmsProtocolError(
      'UnknownOperationException',
      `Unsupported X-Amz-Target "${String(req.headers['x-amz-target'] ?? '')}"`,
    );
  }
  const input = inputOf(body);
  ctx.calls.push({
    target: operationName,
    ...(typeof input.KeyId === 'string' ? { keyId: input.KeyId } : {}),
  });
  await ctx.faults.apply(typeof input.KeyId === 'string' ? input.KeyId : ctx.keyArn);
  send(res, 200, operation(input));
}

/**
 * Starts a local KMS speaking the JSON 1.1 protocol (`X-Amz-Target: TrentService.*`) on 127.0.0.1 and a
 * free port: GenerateDataKey, Encrypt, Decrypt and DescribeKey with real AES-256-GCM wrapping bound to the
 * encryption context; keys are named by ARN, key id, alias (`createAlias`) or alias ARN. SigV4 is not verified, but an `Authorization` header is required, as a signed client
 * always sends one.
 * @example
 * const kms = await startKmsStandIn();
 * process.env.AWS_ENDPOINT_URL_KMS = kms.url; // plus dummy AWS credentials and AWS_REGION = kms.region
 * // … new KMSClient({}) / KmsKeyringNode({ generatorKeyId: kms.keyArn }) …
 * await kms.close();
 */
export async function startKmsStandIn(opts: KmsStandInOptions = {}): Promise<KmsStandIn> {
  const firstLoaded = opts.keys?.[0]?.arn.split(':');
  const region = opts.region ?? firstLoaded?.[3] ?? 'us-east-1';
  const accountId = opts.accountId ?? firstLoaded?.[4] ?? '111122223333';
  const store = new KeyStore(region, accountId);
  const keyArn = opts.keys?.length ? opts.keys.map((spec) => store.load(spec))[0] : store.create();
  if (!keyArn) throw new TypeError('startKmsStandIn: could not create the initial key');
  const calls: KmsCall[] = [];
  const faults = new KmsFaults();
  const ctx = { operations: kmsOperations(store), calls, faults, keyArn };
  const server = createServer((req, res) => {
    handleKms(ctx, req, res).catch((error: unknown) => {
      if (error instanceof KmsProtocolError) return sendError(res, error);
      sendError(res, new KmsProtocolError('KMSInternalException', 'stand-in failure', 500));
    });
  });
  // SDK clients keep sockets alive between calls; outlive their idle timeout so reuse never hits a closed socket.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    region,
    keyArn,
    createKey: () => store.create(),
    createAlias: (aliasName, targetKeyId = keyArn) => store.createAlias(aliasName, targetKeyId),
    fault: (spec) => faults.set(spec),
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        faults.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
