import { describe, expect, it } from 'vitest';
import { readHeader } from '../../../../src/providers/kit/headers.js';

describe('readHeader', () => {
  it('reads a Headers-like object through get()', () => {
    expect(readHeader(new Headers({ 'Retry-After': '2' }), 'retry-after')).toBe('2');
  });

  it('reads a plain record by exact or lower-case name', () => {
    expect(readHeader({ 'x-message-id': 'abc' }, 'X-Message-Id')).toBe('abc');
    expect(readHeader({ 'X-Message-Id': 'abc' }, 'X-Message-Id')).toBe('abc');
  });

  it('answers undefined for anything else', () => {
    expect(readHeader(undefined, 'x')).toBeUndefined();
    expect(readHeader('x: 1', 'x')).toBeUndefined();
    expect(readHeader({}, 'x')).toBeUndefined();
  });
});
