/** SES settings from the environment (no SDK loaded here). */
import { SES_CONFIGURATION_SET_PATTERN } from '@mailroom/shared-types';
import { type Env, envValue, type ParsedEnv, parsedEnv } from '../kit/index.js';

export interface SesConfig {
  /** `SES_REGION`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`, all from the (possibly injected) env. */
  region: string;
  /** `AWS_ENDPOINT_URL_SESV2`: passed explicitly, since an injected env never reaches the SDK's own chain. */
  endpoint: string | undefined;
  configurationSet: string | undefined;
}

/**
 * The region SES is called in: `SES_REGION`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`.
 * @example sesRegion({ AWS_REGION: 'eu-west-1' }) // 'eu-west-1'
 */
export function sesRegion(env: Env): string | undefined {
  return envValue(env, 'SES_REGION') ?? envValue(env, 'AWS_REGION') ?? envValue(env, 'AWS_DEFAULT_REGION');
}

/**
 * Reads the region (required), `AWS_ENDPOINT_URL_SESV2` and `SES_CONFIGURATION_SET`.
 * @example parseEnv({ AWS_REGION: 'eu-west-1' }) // { config: { region: 'eu-west-1', endpoint: undefined, configurationSet: undefined } }
 */
export function parseEnv(env: Env): ParsedEnv<SesConfig> {
  const problems: string[] = [];
  const region = sesRegion(env);
  if (region === undefined) problems.push('AWS_REGION (or SES_REGION) is required for provider ses');
  const configurationSet = envValue(env, 'SES_CONFIGURATION_SET');
  if (configurationSet !== undefined && !SES_CONFIGURATION_SET_PATTERN.test(configurationSet)) {
    problems.push(
      'SES_CONFIGURATION_SET: expected a configuration set name (letters, digits, _ and -, ≤ 64)',
    );
  }
  return parsedEnv(
    { region: region ?? '', endpoint: envValue(env, 'AWS_ENDPOINT_URL_SESV2'), configurationSet },
    problems,
  );
}
