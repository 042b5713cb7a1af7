import { describe, expect, it } from 'vitest';
import { malformedResponse } from '../../../../src/providers/kit/malformed.js';

describe('malformedResponse', () => {
  it('names the error so classifiers read it as transient, and says what was missing', () => {
    const err = malformedResponse('SES answered without a MessageId');

    expect(err.name).toBe('MalformedResponseError');
    expect(err.message).toBe('SES answered without a MessageId (malformed response)');
  });
});
