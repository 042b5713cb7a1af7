import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { render } from '../../../src/index.js';
import type { TemplateInput } from '../../../src/types.js';

// Strings that have broken email templates somewhere: markup, entities, RTL and bidi controls,
// emoji with joiners, header injection, NUL and other controls.
const nasty = fc.constantFrom(
  '<img src=x onerror=alert(1)>',
  '"><script>alert(1)</script>',
  "' onmouseover='alert(1)",
  '{{code}} {{{links.verify}}}',
  '&lt;b&gt; &amp; &#x3C;',
  'مرحبا بالعالم',
  '\u202Egnp.exe\u202C',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'line1\r\nBcc: victim@example.com',
  'nul\u0000bell\u0007esc\u001b[31m',
  '\u2028\u2029\u0085',
);
const userString = fc.oneof(
  nasty,
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 64 }),
  fc.string({ unit: 'binary', minLength: 10_240, maxLength: 10_240 }),
);
const attributes = fc.record({
  given_name: userString,
  email: userString,
  locale: fc.constantFrom('en', 'de', 'pt-BR', 'ar', 'xx', ''),
  CITY: userString,
  DEVICE_NAME: userString,
  IP_ADDRESS: userString,
});

// Every '<' in a rendered email comes from the template: user data can only ever add '&lt;'.
const baseline = new Map<string, number>();
function tagCount(html: string): number {
  return html.split('<').length - 1;
}

describe('arbitrary user data', () => {
  it('always yields escaped HTML, a single-line subject and no control characters', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('welcome-rich', 'admin-create-user', 'account-take-over', 'sign-up'),
        attributes,
        userString,
        userString,
        (templateId, userAttributes, username, code) => {
          const data: TemplateInput = { username, code, userAttributes };
          const email = render({ templateId, data });
          const key = `${templateId}/${email.locale}`;
          const clean: TemplateInput = { username: 'u', code: 'c', userAttributes: { ...userAttributes } };
          for (const k of ['given_name', 'email', 'CITY', 'DEVICE_NAME', 'IP_ADDRESS'] as const) {
            clean.userAttributes[k] = 'x';
          }
          if (!baseline.has(key)) {
            baseline.set(key, tagCount(render({ templateId, data: clean }).html));
          }
          expect(tagCount(email.html)).toBe(baseline.get(key));
          expect(email.html).not.toMatch(/<script|onerror=|onmouseover=/i);
          // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting those characters are absent
          expect(email.subject).not.toMatch(/[\r\n\u0000-\u001f\u007f\u2028\u2029]/);
          expect(email.subject.length).toBeGreaterThan(0);
          // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting those characters are absent
          expect(email.html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
        },
      ),
      { numRuns: 150 },
    );
  });
});
