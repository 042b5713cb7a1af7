/** Shared environment for bundle runs against the loopback stand-ins. */
export const API_KEY = 'SG.integration-secret-key-5f0c2e';
export const FROM = 'Mailroom Test <no-reply@mailroom.test>';
export const REGION = 'eu-west-1';

/** Every secret that must never show up in logs, errors or metadata. */
export function leaks(output: string, secrets: readonly (string | null | undefined)[]): string[] {
  return secrets.filter((s): s is string => typeof s === 'string' && s.length > 0 && output.includes(s));
}
