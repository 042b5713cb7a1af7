import { describe, expect, it } from 'vitest';
import { classifyKmsError, unescapeTemporaryPassword } from '../../src/decrypt.js';

describe('unescapeTemporaryPassword', () => {
  it("undoes Cognito's escaping of & < > \" '", () => {
    expect(unescapeTemporaryPassword('a&lt;b&gt;c&amp;d&quot;e&#39;f&#x27;g')).toBe(`a<b>c&d"e'f'g`);
  });

  it('decodes in one pass, so an escaped entity stays what the admin typed', () => {
    // Regression: a two-pass decode turned the literal password "&lt;" into "<".
    expect(unescapeTemporaryPassword('&amp;lt;')).toBe('&lt;');
  });

  it('leaves other text and unknown entities alone', () => {
    expect(unescapeTemporaryPassword('Pa55&nbsp;word&')).toBe('Pa55&nbsp;word&');
  });
});

describe('classifyKmsError', () => {
  it.each([
    ['AccessDeniedException', 'KMS_CONFIG'],
    ['DisabledException', 'KMS_CONFIG'],
    ['NotFoundException', 'KMS_CONFIG'],
    ['KMSInvalidStateException', 'KMS_CONFIG'],
    ['ThrottlingException', 'KMS_TRANSIENT'],
    ['KMSInternalException', 'KMS_TRANSIENT'],
    ['TimeoutError', 'KMS_TRANSIENT'],
    ['InvalidCiphertextException', 'DECRYPT_FAILED'],
  ])('classifies %s as %s', (name, expected) => {
    expect(classifyKmsError({ name, $metadata: { httpStatusCode: 400 } })).toBe(expected);
  });

  it('treats socket errors and 5xx answers as transient', () => {
    expect(classifyKmsError({ name: 'Error', code: 'ECONNRESET' })).toBe('KMS_TRANSIENT');
    expect(classifyKmsError({ name: 'UnknownError', $metadata: { httpStatusCode: 503 } })).toBe(
      'KMS_TRANSIENT',
    );
  });

  it('treats an unknown 4xx as a bad ciphertext', () => {
    expect(classifyKmsError({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } })).toBe(
      'DECRYPT_FAILED',
    );
  });
});
