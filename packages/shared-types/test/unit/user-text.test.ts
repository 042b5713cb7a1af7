import { describe, expect, it } from 'vitest';
import { COGNITO_ATTRIBUTE_MAX_CHARS, displayNameOf, oneLineText, truncateText } from '../../src/index.js';

describe('truncateText', () => {
  it("cuts 100k characters to Cognito's 2,048", () => {
    expect(truncateText('a'.repeat(100_000))).toBe('a'.repeat(COGNITO_ATTRIBUTE_MAX_CHARS));
  });

  it('leaves shorter text alone and never splits a surrogate pair', () => {
    expect(truncateText('Ana')).toBe('Ana');
    expect(truncateText(`${'a'.repeat(2_047)}😀`)).toBe('a'.repeat(2_047));
  });
});

describe('displayNameOf', () => {
  it('turns line breaks into spaces', () => {
    expect(displayNameOf('Ana\r\n\r\nClick https://evil.example\u2028now')).toBe(
      'Ana Click https://evil.example now',
    );
  });

  it('cuts a 100k-character name at 100 characters with an ellipsis', () => {
    const name = displayNameOf(`${'Ana '.repeat(25_000)}\n`);

    expect(name).toHaveLength(100);
    expect(name.endsWith('…')).toBe(true);
    expect(name).not.toMatch(/[\r\n]/);
  });

  it('keeps a name of exactly 100 characters whole', () => {
    expect(displayNameOf('x'.repeat(100))).toBe('x'.repeat(100));
    expect(displayNameOf('x'.repeat(101))).toBe(`${'x'.repeat(100)}…`);
  });
});

describe('oneLineText', () => {
  it('turns runs of control characters, CR/LF included, into one space and caps the length', () => {
    expect(oneLineText('Eve\r\nBcc: x\u0000\u0007y\u2028z\u0085')).toBe('Eve Bcc: x y z');
    expect(oneLineText('x'.repeat(100_000))).toHaveLength(2_048);
    // Capped before the pattern runs: the 'b' past 2,048 characters is gone.
    expect(oneLineText(`a${'\n'.repeat(100_000)}b`)).toBe('a');
  });
});
