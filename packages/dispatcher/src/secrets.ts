/**
 * MINIMAL STAND-IN written by the "dispatcher" helper to unblock the handler; the "providers" helper owns
 * this file and replaces it.
 *
 * Reads `EMAIL_SECRETS_ARN` (a JSON object with the provider variables) with one GetSecretValue per cold
 * start. `AWS_ENDPOINT_URL_SECRETS_MANAGER` is honoured by the SDK's own configuration chain.
 */
export async function loadSecrets(env: Record<string, string | undefined>): Promise<Record<string, string>> {
  const arn = env.EMAIL_SECRETS_ARN?.trim();
  if (!arn) return {};
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  const out = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  const parsed: unknown = JSON.parse(out.SecretString ?? '{}');
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TypeError('the secret must be a JSON object of variable names to strings');
  }
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') secrets[key] = value;
  return secrets;
}
