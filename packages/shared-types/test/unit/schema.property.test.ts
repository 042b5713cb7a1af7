import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventValidationError } from '../../src/errors.js';
import { parseCustomEmailSenderEvent } from '../../src/schema.js';

const FIXTURE = fileURLToPath(new URL('../../../testkit/fixtures/events/sign-up.json', import.meta.url));
const signUp = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;

/** Parses, and reports what happened: 'ok', 'invalid' (our error, well formed), or rethrows anything else. */
function outcome(input: unknown): 'ok' | 'invalid' {
  try {
    parseCustomEmailSenderEvent(input);
    return 'ok';
  } catch (error) {
    if (!(error instanceof EventValidationError)) throw error;
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(issue.path).not.toBe('');
      expect(issue.message).toMatch(/^expected .+, got .+$/);
    }
    return 'invalid';
  }
}

/** Sets `value` at a dot path inside a deep copy of `base`. */
function setAt(base: Record<string, unknown>, path: string[], value: unknown): unknown {
  const copy = structuredClone(base);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) return copy;
    node = next as Record<string, unknown>;
  }
  node[path.at(-1) ?? ''] = value;
  return copy;
}

const PATHS = [
  ['version'],
  ['triggerSource'],
  ['region'],
  ['userPoolId'],
  ['userName'],
  ['callerContext'],
  ['callerContext', 'clientId'],
  ['callerContext', 'awsSdkVersion'],
  ['request'],
  ['request', 'type'],
  ['request', 'code'],
  ['request', 'userAttributes'],
  ['request', 'userAttributes', 'email'],
  ['request', 'clientMetadata'],
  ['response'],
];

describe('parseCustomEmailSenderEvent (properties)', () => {
  it('throws nothing but EventValidationError for arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        expect(['ok', 'invalid']).toContain(outcome(input));
      }),
      { numRuns: 500 },
    );
  });

  it('throws nothing but EventValidationError for arbitrary JavaScript values', () => {
    fc.assert(
      fc.property(
        fc.anything({ withMap: true, withSet: true, withDate: true, withTypedArray: true }),
        (input) => {
          expect(['ok', 'invalid']).toContain(outcome(input));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('throws nothing but EventValidationError when any field of a real event is replaced by arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), fc.jsonValue(), (path, value) => {
        expect(['ok', 'invalid']).toContain(outcome(setAt(signUp, path, value)));
      }),
      { numRuns: 500 },
    );
  });

  it('never echoes the code value, whatever the code is', () => {
    fc.assert(
      // The AYAD prefix (how real Encryption SDK messages start) never occurs in our messages unless echoed.
      fc.property(
        fc.string({ minLength: 8 }).map((s) => `AYAD${s}`),
        fc.constantFrom(...PATHS),
        (code, path) => {
          const withCode = setAt(signUp, ['request', 'code'], code) as Record<string, unknown>;
          const input = setAt(withCode, path, code);
          try {
            parseCustomEmailSenderEvent(input);
          } catch (error) {
            expect((error as Error).message).not.toContain(code);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
