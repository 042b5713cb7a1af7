/**
 * Attaches Mailroom to (or detaches it from) a user pool this stack does not own, without resetting anything
 * else. `UpdateUserPool` sets every parameter the request leaves out to its default, so the request is built
 * from the pool's current `DescribeUserPool`, member by member over the fields the pinned SDK's
 * `UpdateUserPoolRequest` declares (a type-checked table: an SDK bump that adds a field fails `tsc` until the
 * table says where it comes from), with only `LambdaConfig.CustomEmailSender` and `LambdaConfig.KMSKeyID`
 * changed. CLI: `bin/attach-existing-pool.ts` (README, "Existing user pool").
 */
import {
  type CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  type LambdaConfigType,
  UpdateUserPoolCommand,
  type UpdateUserPoolRequest,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { InfraError } from './errors.js';

/**
 * Where each `UpdateUserPoolRequest` member comes from in `DescribeUserPool`'s `UserPool`. Every member of the
 * pinned SDK's type must be listed (and nothing else): `PoolName` is `Name` there, `UserPoolId` is `Id`.
 */
export const UPDATE_FROM_DESCRIBE = {
  UserPoolId: 'Id',
  Policies: 'Policies',
  DeletionProtection: 'DeletionProtection',
  LambdaConfig: 'LambdaConfig',
  AutoVerifiedAttributes: 'AutoVerifiedAttributes',
  SmsVerificationMessage: 'SmsVerificationMessage',
  EmailVerificationMessage: 'EmailVerificationMessage',
  EmailVerificationSubject: 'EmailVerificationSubject',
  VerificationMessageTemplate: 'VerificationMessageTemplate',
  SmsAuthenticationMessage: 'SmsAuthenticationMessage',
  UserAttributeUpdateSettings: 'UserAttributeUpdateSettings',
  MfaConfiguration: 'MfaConfiguration',
  DeviceConfiguration: 'DeviceConfiguration',
  EmailConfiguration: 'EmailConfiguration',
  SmsConfiguration: 'SmsConfiguration',
  UserPoolTags: 'UserPoolTags',
  AdminCreateUserConfig: 'AdminCreateUserConfig',
  UserPoolAddOns: 'UserPoolAddOns',
  AccountRecoverySetting: 'AccountRecoverySetting',
  PoolName: 'Name',
  UserPoolTier: 'UserPoolTier',
  KeyConfiguration: 'KeyConfiguration',
  IssuerConfiguration: 'IssuerConfiguration',
  AcrConfiguration: 'AcrConfiguration',
} as const satisfies { [K in keyof Required<UpdateUserPoolRequest>]: keyof UserPoolType };

/** What to do to the pool's `LambdaConfig`. */
export type PoolChange = { action: 'attach'; functionArn: string; keyArn: string } | { action: 'detach' };

/** One changed leaf between two JSON values, by dotted path. */
export interface DiffLine {
  path: string;
  before: unknown;
  after: unknown;
}

/**
 * The `UpdateUserPool` request that leaves `pool` as it is except for the change: the whole current
 * configuration, with the custom email sender and its key attached or removed. Throws when attaching would
 * replace a `KMSKeyID` that names another key (a custom SMS sender, or an earlier email sender, decrypts
 * with it: Cognito has one key for both).
 * @example
 * const request = buildUpdateRequest(pool, { action: 'attach', functionArn, keyArn });
 */
export function buildUpdateRequest(pool: UserPoolType, change: PoolChange): UpdateUserPoolRequest {
  const request: Record<string, unknown> = {};
  for (const [member, from] of Object.entries(UPDATE_FROM_DESCRIBE)) {
    const value = pool[from];
    if (value !== undefined) request[member] = structuredClone(value);
  }
  const update = request as unknown as UpdateUserPoolRequest;
  if (update.UserPoolId === undefined) {
    throw new InfraError('POOL_UPDATE_REFUSED', 'DescribeUserPool returned a pool without an Id');
  }
  withoutDeprecatedMirror(update);
  const lambda: LambdaConfigType = { ...(update.LambdaConfig ?? {}) };
  if (change.action === 'attach') {
    if (lambda.KMSKeyID !== undefined && lambda.KMSKeyID !== change.keyArn) {
      throw new InfraError(
        'POOL_UPDATE_REFUSED',
        `${update.UserPoolId} already names KMS key ${lambda.KMSKeyID} in LambdaConfig.KMSKeyID` +
          `${lambda.CustomSMSSender ? ' (its custom SMS sender decrypts with it)' : ''}; Cognito has one key ` +
          `for both custom senders, so attaching Mailroom's ${change.keyArn} would break that sender. Move the ` +
          'other sender to the Mailroom key first (its role needs kms:Decrypt on it), or detach it, then re-run.',
      );
    }
    lambda.CustomEmailSender = { LambdaVersion: 'V1_0', LambdaArn: change.functionArn };
    lambda.KMSKeyID = change.keyArn;
  } else {
    delete lambda.CustomEmailSender;
    // The key stays while a custom SMS sender still needs it.
    if (lambda.CustomSMSSender === undefined) delete lambda.KMSKeyID;
  }
  update.LambdaConfig = lambda;
  return update;
}

/**
 * DescribeUserPool still returns the deprecated `AdminCreateUserConfig.UnusedAccountValidityDays` as a mirror
 * of its replacement, `Policies.PasswordPolicy.TemporaryPasswordValidityDays`; a request carrying both is
 * refused, and the replacement is what Cognito uses. Drops the mirror (in place).
 */
function withoutDeprecatedMirror(
  settings: Pick<UpdateUserPoolRequest, 'Policies' | 'AdminCreateUserConfig'>,
): void {
  if (
    settings.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays !== undefined &&
    settings.AdminCreateUserConfig?.UnusedAccountValidityDays !== undefined
  ) {
    delete settings.AdminCreateUserConfig.UnusedAccountValidityDays;
  }
}

/**
 * The pool's current configuration in request form (what an update that changes nothing would send).
 * @example diffJson(currentSettings(pool), buildUpdateRequest(pool, change))
 */
export function currentSettings(pool: UserPoolType): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [member, from] of Object.entries(UPDATE_FROM_DESCRIBE)) {
    if (pool[from] !== undefined) out[member] = structuredClone(pool[from]);
  }
  withoutDeprecatedMirror(out as Pick<UpdateUserPoolRequest, 'Policies' | 'AdminCreateUserConfig'>);
  return out;
}

/**
 * Every leaf that differs between two JSON-like values (dates compared as ISO strings).
 * @example diffJson({ a: { b: 1 } }, { a: { b: 2 } }); // [{ path: 'a.b', before: 1, after: 2 }]
 */
export function diffJson(before: unknown, after: unknown, path = ''): DiffLine[] {
  const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
  const a = norm(before);
  const b = norm(after);
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffJson(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path, before: a, after: b }];
}

/**
 * One line per difference: `~ path: before → after` (`+`/`-` when a side is absent).
 * @example formatDiff([{ path: 'x', before: undefined, after: 1 }]); // '+ x: 1'
 */
export function formatDiff(lines: DiffLine[]): string {
  if (lines.length === 0) return '(no change)';
  const show = (v: unknown) => JSON.stringify(v);
  return lines
    .map(({ path, before, after }) =>
      before === undefined
        ? `+ ${path}: ${show(after)}`
        : after === undefined
          ? `- ${path}: ${show(before)}`
          : `~ ${path}: ${show(before)} → ${show(after)}`,
    )
    .join('\n');
}

/** What {@link updatePool} did. */
export interface PoolUpdateOutcome {
  /** Request vs the pool's current settings: what the update changes. */
  planned: DiffLine[];
  request: UpdateUserPoolRequest;
  applied: boolean;
  /** After applying: DescribeUserPool before vs after, `LastModifiedDate` left out. */
  observed?: DiffLine[];
}

/**
 * Reads the pool, builds the request, and (unless `dryRun`) applies it and checks that nothing outside
 * `LambdaConfig` changed (throws `POOL_UPDATE_UNEXPECTED` if it did, listing what).
 * @example
 * const outcome = await updatePool(client, 'eu-west-1_AbC123xyz', { action: 'attach', functionArn, keyArn }, { dryRun: true });
 * console.log(formatDiff(outcome.planned));
 */
export async function updatePool(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  change: PoolChange,
  { dryRun }: { dryRun: boolean },
): Promise<PoolUpdateOutcome> {
  const describe = async () => {
    const { UserPool } = await client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
    if (UserPool === undefined) {
      throw new InfraError('POOL_UPDATE_REFUSED', `DescribeUserPool returned no pool for ${userPoolId}`);
    }
    return UserPool;
  };
  const before = await describe();
  const request = buildUpdateRequest(before, change);
  const planned = diffJson(currentSettings(before), request);
  if (dryRun) return { planned, request, applied: false };

  await client.send(new UpdateUserPoolCommand(request));
  const after = await describe();
  const observed = diffJson(
    { ...before, LastModifiedDate: undefined },
    { ...after, LastModifiedDate: undefined },
  );
  const outside = observed.filter((line) => !line.path.startsWith('LambdaConfig.'));
  if (outside.length > 0) {
    throw new InfraError(
      'POOL_UPDATE_UNEXPECTED',
      `UpdateUserPool changed settings outside LambdaConfig; restore them from the "before" values:\n${formatDiff(outside)}`,
    );
  }
  return { planned, request, applied: true, observed };
}
