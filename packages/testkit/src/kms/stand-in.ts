import { randomBytes, randomUUID } from 'node:crypto';
import { AWS_JSON_1_1 } from '../standins/aws-json.js';
import {
  type BaseStandIn,
  type FaultSpec,
  type HttpExchange,
  type HttpReply,
  type HttpStandInDefinition,
  isRecord,
  startHttpStandIn,
} from '../standins/core.js';
import { KeyStore, type KmsKeySpec, KmsProtocolError } from './key-store.js';

export type { KmsKeySpec } from './key-store.js';

/**
 * A failure in KMS's own words (`fault()`, kept for existing callers): each request consumes one `times`.
 * `fail()` takes the shared `FaultSpec` instead (`{ status, body: { __type } }`, `delayMs`, `reset`,
 * `malformed`); `fault({ error })` is `fail({ status, body: { __type: error } })` with KMS's status.
 */
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

export interface KmsStandIn extends BaseStandIn {
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
  /** Alias of `fail()` in KMS's own words: `fault({ error: 'ThrottlingException', times: 1 })`. */
  fault(spec: KmsFault | null): void;
  /** Every well-formed request in arrival order (faulted ones included). */
  calls: KmsCall[];
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

/** A KMS-shaped error answer (`{ __type, message }`, which the SDK turns into the named exception). */
function kmsError(error: KmsProtocolError): HttpReply {
  return {
    status: error.status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify({ __type: error.type, message: error.message }),
    reason: `${error.type}: ${error.message}`,
  };
}

function kmsOk(body: unknown): HttpReply {
  return {
    status: 200,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify(body),
  };
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
function operationOf(req: HttpExchange): string {
  if (req.method !== 'POST' || req.path !== '/') {
    throw new KmsProtocolError(
      'UnknownOperationException',
      `KMS only answers POST /, got ${req.method} ${req.path}`,
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

/** A well-formed request: its operation, input and the key it names (the initial key when it names none). */
interface KmsRequest {
  target: string;
  operation: (input: Record<string, unknown>) => unknown;
  input: Record<string, unknown>;
  keyId: string;
}

/** Parses a request, or throws the protocol error KMS would answer before doing (or failing) any work. */
function parseRequest(operations: Operations, exchange: HttpExchange, keyArn: string): KmsRequest {
  const operationName = operationOf(exchange);
  const operation = operations[operationName];
  if (!operation) {
    throw new KmsProtocolError(
      'UnknownOperationException',
      `Unsupported X-Amz-Target "${String(exchange.headers['x-amz-target'] ?? '')}"`,
    );
  }
  const input = inputOf(exchange.body);
  return {
    target: operationName,
    operation,
    input,
    keyId: typeof input.KeyId === 'string' ? input.KeyId : keyArn,
  };
}

/** A KmsProtocolError answered as KMS would, anything else as its internal error. */
function errorReply(error: unknown): HttpReply {
  if (error instanceof KmsProtocolError) return kmsError(error);
  return kmsError(new KmsProtocolError('KMSInternalException', 'stand-in failure', 500));
}

/** The injected error for `status` (or the `__type` a `fail()` body names), worded as KMS words it. */
function kmsFaultReply(status: number, body: unknown, keyId: string): HttpReply {
  const named = isRecord(body) && typeof body.__type === 'string' ? body.__type : undefined;
  const type =
    named ??
    (status >= 500 ? 'KMSInternalException' : status === 429 ? 'ThrottlingException' : 'ValidationException');
  const message =
    isRecord(body) && typeof body.message === 'string'
      ? body.message
      : (FAULT_MESSAGES[type]?.message(keyId) ?? `injected ${status}`);
  return kmsError(new KmsProtocolError(type, message, status));
}

/**
 * KMS over the shared stand-in core: protocol errors are answered in `admit` (before any fault, as KMS checks
 * the request first), where every well-formed request is also recorded in `calls`, faulted ones included.
 */
function kmsDefinition(operations: Operations, calls: KmsCall[], keyArn: string): HttpStandInDefinition {
  const parsed = new WeakMap<HttpExchange, KmsRequest>();
  return {
    admit: (exchange) => {
      try {
        const request = parseRequest(operations, exchange, keyArn);
        parsed.set(exchange, request);
        const { KeyId } = request.input;
        calls.push({ target: request.target, ...(typeof KeyId === 'string' ? { keyId: KeyId } : {}) });
        return undefined;
      } catch (error) {
        return errorReply(error);
      }
    },
    route: (exchange) => {
      try {
        const request = parsed.get(exchange) ?? parseRequest(operations, exchange, keyArn);
        return kmsOk(request.operation(request.input));
      } catch (error) {
        return errorReply(error);
      }
    },
    faultReply: (status, body, exchange) =>
      kmsFaultReply(status, body, parsed.get(exchange)?.keyId ?? keyArn),
    malformedReply: () => ({
      status: 200,
      headers: { 'content-type': CONTENT_TYPE },
      body: '{"KeyId": <html>',
    }),
    // SDK clients keep sockets alive between calls; outlive their idle timeout so reuse never hits a closed socket.
    keepAliveTimeoutMs: 65_000,
  };
}

/** The `fault()` spelling of a fault, checked with its own messages, in `fail()`'s terms. */
function faultSpecOf(spec: KmsFault): FaultSpec {
  if ('delayMs' in spec && (!Number.isFinite(spec.delayMs) || spec.delayMs < 0)) {
    throw new TypeError(`fault delayMs must be a non-negative number, got ${spec.delayMs}`);
  }
  if (spec.times !== undefined && (!Number.isInteger(spec.times) || spec.times < 1)) {
    throw new TypeError(
      `fault times must be a positive integer (omit it to fail until fault(null)), got ${spec.times}`,
    );
  }
  const times = spec.times === undefined ? {} : { times: spec.times };
  if ('delayMs' in spec) return { delayMs: spec.delayMs, ...times };
  const status = FAULT_MESSAGES[spec.error]?.status ?? 400;
  return { status, body: { __type: spec.error }, ...times };
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
  const server = await startHttpStandIn(kmsDefinition(kmsOperations(store), calls, keyArn));
  return {
    url: server.origin,
    region,
    keyArn,
    createKey: () => store.create(),
    createAlias: (aliasName, targetKeyId = keyArn) => store.createAlias(aliasName, targetKeyId),
    fail: server.fail,
    fault: (spec) => server.fail(spec === null ? null : faultSpecOf(spec)),
    calls,
    rejected: server.rejected,
    get requestCount() {
      return server.requestCount;
    },
    close: server.close,
  };
}
