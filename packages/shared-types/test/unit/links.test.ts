import { describe, expect, it } from 'vitest';
import { isAllowedLinkBase } from '../../src/index.js';

describe('isAllowedLinkBase', () => {
  it.each([
    'https://app.example.com',
    'http://localhost:5173',
    'http://127.0.0.1:3000/x',
    'http://[::1]:8080',
  ])('allows %s', (url) => {
    expect(isAllowedLinkBase(new URL(url))).toBe(true);
  });

  it.each(['http://app.example.com', 'http://192.168.1.10:3000', 'javascript:alert(1)', 'ftp://example.com'])(
    'refuses %s',
    (url) => {
      expect(isAllowedLinkBase(new URL(url))).toBe(false);
    },
  );
});
