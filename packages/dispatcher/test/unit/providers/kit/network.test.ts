import { describe, expect, it } from 'vitest';
import { isAbortName, isNetworkCode } from '../../../../src/providers/kit/network.js';

describe('isNetworkCode', () => {
  it.each(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN', 'ERR_NETWORK', 'ERR_CANCELED'])(
    'knows %s',
    (code) => {
      expect(isNetworkCode(code)).toBe(true);
    },
  );

  it.each(['EAUTH', 'ENOENT', '', 503, undefined])('does not take %j for a network failure', (code) => {
    expect(isNetworkCode(code)).toBe(false);
  });
});

describe('isAbortName', () => {
  it('knows the names of an aborted or timed-out attempt', () => {
    expect(['AbortError', 'TimeoutError', 'CanceledError'].every(isAbortName)).toBe(true);
    expect(['Error', 'TypeError', undefined].some(isAbortName)).toBe(false);
  });
});
