import { describe, expect, it } from 'vitest';
import { escapeLikeCognito } from '../../../src/factory/make-event.js';

describe('escapeLikeCognito', () => {
  it('escapes the five HTML-special characters and nothing else', () => {
    expect(escapeLikeCognito(`a&b<c>d"e'f!#$%`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f!#$%');
  });

  it('escapes an ampersand once, so an already escaped-looking password survives a round trip', () => {
    expect(escapeLikeCognito('&lt;')).toBe('&amp;lt;');
  });
});
