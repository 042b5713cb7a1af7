import { describe, expect, it } from 'vitest';
import { placeholders } from '../../../src/check/placeholders.js';

describe('placeholders', () => {
  it('lists the {names} of a message, sorted, so word order does not matter', () => {
    expect(placeholders('Hi {name}, welcome to {brand}')).toEqual(['brand', 'name']);
    expect(placeholders('{brand} begrüßt {name}')).toEqual(['brand', 'name']);
  });

  it('ignores text without placeholders and braces around non-word text', () => {
    expect(placeholders('Hello')).toEqual([]);
    expect(placeholders('{ spaced } {a-b}')).toEqual([]);
  });
});
