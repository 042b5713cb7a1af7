import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';

/** Deterministic key material for a stand-in key (fixtures): the ARN and a base64 AES-256 key. */
export interface KmsKeySpec {
  arn: string;
  /** base64 of 32 random bytes. Test-only material: never a real key. */
  material: string;
  description?: string;
}

/** A KMS-style error the server turns into `{"__type": code, "message": …}`. */
export class KmsProtocolError extends Error {
  override readonly name = 'KmsProtocolError';
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

interface StoredKey {
  arn: string;
  keyId: string;
  material: Buffer;
  createdAt: Date;
  description: string;
}

/* Ciphertext blob layout (ours, opaque to clients like the real one):
 *   magic "MRK1" | u16 arn length | arn (utf8) | iv (12) | tag (16) | AES-256-GCM ciphertext
 * The ARN is embedded so Decrypt works without KeyId, as it does against KMS. The ARN and the canonical
 * encryption context are the GCM additional data, so changing either makes the tag check fail. */
const MAGIC = Buffer.from('MRK1', 'ascii');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/([A-Za-z0-9-]+)$/;

const ALIAS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(alias\/.+)$/;

/** The `alias/<name>` an alias name or alias ARN refers to; `undefined` for key ids and key ARNs. */
function aliasNameOf(keyId: string): string | undefined {
  if (keyId.startsWith('alias/')) return keyId;
  return ALIAS_ARN.exec(keyId)?.[1];
}

/** Canonical form of an encryption context: key order must not matter, as in KMS. */
function canonicalContext(context: Record<string, string> | undefined): Buffer {
  const entries = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(entries), 'utf8');
}

function additionalData(arn: string, context: Record<string, string> | undefined): Buffer {
  return Buffer.concat([Buffer.from(`${arn}\n`, 'utf8'), canonicalContext(context)]);
}

/** The keys one stand-in holds, with AES-256-GCM wrapping bound to the encryption context. */
export class KeyStore {
  readonly #keys = new Map<string, StoredKey>();

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  create(description = 'mailroom testkit stand-in key'): string {
    const keyId = randomUUID();
    const arn = `arn:aws:kms:${this.region}:${this.accountId}:key/${keyId}`;
    this.#keys.set(arn, { arn, keyId, material: randomBytes(32), createdAt: new Date(), description });
    return arn;
  }

  load(spec: KmsKeySpec): string {
    const match = KEY_ARN.exec(spec.arn);
    if (!match) {
      throw new TypeError(
        `key arn "${spec.arn}" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)`,
      );
    }
    const material = Buffer.from(spec.material, 'base64');
    if (material.length !== 32) {
      throw new TypeError(
        `key material for ${spec.arn} must be base64 of 32 bytes, got ${material.length} bytes`,
      );
    }
    this.#keys.set(spec.arn, {
      arn: spec.arn,
      keyId: match[3] ?? '',
      material,
      createdAt: new Date(0),
      description: spec.description ?? 'mailroom testkit stand-in key (loaded)',
    });
    return spec.arn;
  }

  /** Resolves a key ARN, a bare key id, an alias name (`alias/…`) or an alias ARN. */
  resolve(keyId: unknown): StoredKey {
    if (typeof keyId !== 'string' || keyId.length === 0) {
      throw new KmsProtocolError(
        'ValidationException',
        "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
      );
    }
    const aliasName = aliasNameOf(keyId);
    if (aliasName !== undefined) {
      const target = this.#aliases.get(aliasName);
      if (!target)
        throw new KmsProtocolError('NotFoundException', `Alias ${this.aliasArn(aliasName)} is not found.`);
      return this.resolve(target);
    }
    const byArn = this.#keys.get(keyId);
    if (byArn) return byArn;
    for (const key of this.#keys.values()) if (key.keyId === keyId) return key;
    throw new KmsProtocolError('NotFoundException', `Key '${keyId}' does not exist`);
  }

  /* Aliases (cognito-local's Encryption SDK keyring generates its data key under `KMSKeyAlias`, then encrypts
   * it again under `KMSKeyId`). Like KMS, an alias only resolves to a key: responses name the key's ARN. */
  readonly #aliases = new Map<string, string>();

  /** Points `alias/<name>` at a key (ARN or key id) and returns the alias ARN. */
  createAlias(aliasName: string, targetKeyId: string): string {
    if (!/^alias\/[A-Za-z0-9/_-]{1,250}$/.test(aliasName) || aliasName.startsWith('alias/aws/')) {
      throw new TypeError(
        `alias "${aliasName}" must look like alias/<name> (letters, digits, / _ -) and not alias/aws/…`,
      );
    }
    this.#aliases.set(aliasName, this.resolve(targetKeyId).arn);
    return this.aliasArn(aliasName);
  }

  aliasArn(aliasName: string): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:${aliasName}`;
  }

  describe(keyId: unknown): StoredKey {
    return this.resolve(keyId);
  }

  wrap(
    keyId: unknown,
    plaintext: Buffer,
    context: Record<string, string> | undefined,
  ): { arn: string; blob: Buffer } {
    const key = this.resolve(keyId);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.material, iv);
    cipher.setAAD(additionalData(key.arn, context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const arnBytes = Buffer.from(key.arn, 'utf8');
    const length = Buffer.alloc(2);
    length.writeUInt16BE(arnBytes.length);
    return { arn: key.arn, blob: Buffer.concat([MAGIC, length, arnBytes, iv, cipher.getAuthTag(), body]) };
  }

  unwrap(
    blob: Buffer,
    requestedKeyId: unknown,
    context: Record<string, string> | undefined,
  ): { arn: string; plaintext: Buffer } {
    const invalid = new KmsProtocolError('InvalidCiphertextException', '');
    if (blob.length < MAGIC.length + 2 || !blob.subarray(0, MAGIC.length).equals(MAGIC)) throw invalid;
    const arnLength = blob.readUInt16BE(MAGIC.length);
    const arnEnd = MAGIC.length + 2 + arnLength;
    if (blob.length < arnEnd + IV_BYTES + TAG_BYTES) throw invalid;
    const arn = blob.subarray(MAGIC.length + 2, arnEnd).toString('utf8');
    const key = this.#keys.get(arn);
    if (!key) {
      throw new KmsProtocolError(
        'NotFoundException',
        `Key '${arn}' does not exist in this stand-in (fixtures need fixtures/kms-key.json loaded)`,
      );
    }
    if (requestedKeyId !== undefined && requestedKeyId !== null) {
      const requested = this.resolve(requestedKeyId);
      if (requested.arn !== arn) {
        throw new KmsProtocolError(
          'IncorrectKeyException',
          'The key ID in the request does not identify a CMK that can perform this operation.',
        );
      }
    }
    const iv = blob.subarray(arnEnd, arnEnd + IV_BYTES);
    const tag = blob.subarray(arnEnd + IV_BYTES, arnEnd + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key.material, iv);
    decipher.setAAD(additionalData(arn, context));
    decipher.setAuthTag(tag);
    try {
      const plaintext = Buffer.concat([
        decipher.update(blob.subarray(arnEnd + IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]);
      return { arn, plaintext };
    } catch {
      // Same answer as KMS for a wrong encryption context or a tampered blob: no detail, by design.
      throw invalid;
    }
  }
}
