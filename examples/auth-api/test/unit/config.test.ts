import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/index.js';

describe('loadConfig', () => {
  it('reads the pool, the client, the region from the pool id and no endpoint in AWS', () => {
    const config = loadConfig({ USER_POOL_ID: 'eu-west-1_AbCdEf123', USER_POOL_CLIENT_ID: 'client' });

    expect(config).toEqual({
      userPoolId: 'eu-west-1_AbCdEf123',
      clientId: 'client',
      region: 'eu-west-1',
      endpoint: undefined,
    });
  });

  it('takes a local pool endpoint without its trailing slash', () => {
    const config = loadConfig({
      USER_POOL_ID: 'local_Ab12Cd34',
      USER_POOL_CLIENT_ID: 'client',
      AWS_REGION: 'us-east-1',
      COGNITO_ENDPOINT: 'http://127.0.0.1:9229/',
    });

    expect(config).toMatchObject({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9229' });
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ USER_POOL_ID: 'not a pool', COGNITO_ENDPOINT: 'ftp://x' });
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'USER_POOL_ID "not a pool" is not a user pool id',
      'USER_POOL_CLIENT_ID is not set (the app client id)',
      'COGNITO_ENDPOINT "ftp://x" is not an http(s) URL',
    ]);
  });
});
