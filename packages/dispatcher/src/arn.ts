/** Reading AWS ARNs (`arn:<partition>:<service>:<region>:<account>:<resource>`). */

/**
 * The region an ARN of `service` names, or `undefined` when it is not such an ARN.
 * @example arnRegion('arn:aws:kms:eu-west-1:111122223333:key/k', 'kms') // 'eu-west-1'
 */
export function arnRegion(arn: string | undefined, service: string): string | undefined {
  const parts = arn?.trim().split(':') ?? [];
  return parts[0] === 'arn' && parts[2] === service && parts[3] ? parts[3] : undefined;
}

/**
 * The region a client for an ARN of `service` calls: the ARN's own, else the environment's `AWS_REGION` (or
 * `AWS_DEFAULT_REGION`).
 * @example arnClientRegion('arn:aws:secretsmanager:eu-west-1:1:secret:s', 'secretsmanager', {}) // 'eu-west-1'
 */
export function arnClientRegion(
  arn: string | undefined,
  service: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  return arnRegion(arn, service) ?? (env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || undefined);
}
