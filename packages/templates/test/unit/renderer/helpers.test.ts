import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../../src/errors.js';
import { installHelpers, type RenderData } from '../../../src/renderer/helpers.js';
import type { RegistryRuntime } from '../../../src/types.js';

const root = {
  brand: { displayName: 'Acme' },
  displayName: 'Ana',
  userAttributes: { given_name: 'Ana', plan: '' },
};

/** Compiles `source` on a fresh runtime with the helpers and renders it with one catalog frame. */
function renderWith(source: string, mailroom: Partial<RenderData['mailroom']> = {}): string {
  const runtime = Handlebars.create();
  installHelpers(runtime as unknown as RegistryRuntime);
  const data: RenderData = {
    mailroom: {
      messages: {
        'sign-up.hello': 'Hi {name} <3',
        'sign-up.cta': 'Go {where}',
        'common.bye': 'Bye from {brand}',
      },
      fallback: { 'sign-up.base': 'Base text', 'welcome.only': 'Variant text' },
      escape: true,
      namespaces: ['sign-up'],
      locale: 'de',
      ...mailroom,
    },
  };
  // As the build compiles them: the HTML part escapes, subject and text parts do not.
  const template = runtime.compile(source, { strict: true, noEscape: !data.mailroom.escape });
  return template(root, { data: data as never });
}

function errorOf(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error('expected a TemplateError');
}

describe('the t helper', () => {
  it('resolves relative keys against the template namespace and fills {name} and {brand}', () => {
    expect(renderWith('{{t ".hello"}} / {{t "common.bye"}}')).toBe('Hi Ana &lt;3 / Bye from Acme');
  });

  it('falls back to the base catalog, then the template it is a variant of', () => {
    expect(renderWith('{{t ".base"}}')).toBe('Base text');
    expect(renderWith('{{t ".only"}}', { namespaces: ['welcome-rich', 'welcome'] })).toBe('Variant text');
  });

  it('escapes values in the HTML part, keeps SafeStrings, and leaves text parts unescaped', () => {
    expect(renderWith('{{t ".cta" where="<b>"}}')).toBe('Go &lt;b&gt;');
    expect(renderWith('{{t ".cta" where="<b>"}}', { escape: false })).toBe('Go <b>');
    expect(renderWith('{{t ".hello"}}', { escape: false })).toBe('Hi Ana <3');
  });

  it('names the key and locale of a missing translation', () => {
    const err = errorOf(() => renderWith('{{t ".nope"}}'));
    expect(err.code).toBe('MISSING_TRANSLATION');
    expect(err.message).toBe(
      'translation "sign-up.nope" is missing from locales/de.json and the base catalog; add it',
    );
  });

  it('names the placeholder a translation needs and how to pass it', () => {
    const err = errorOf(() => renderWith('{{t ".cta"}}'));
    expect(err.code).toBe('MISSING_VARIABLE');
    expect(err.details).toEqual({ key: 'sign-up.cta', variable: 'where', locale: 'de' });
    expect(err.message).toContain('{{t "sign-up.cta" where=…}}');
  });
});

describe('the attr helper', () => {
  it('returns a present attribute, else the fallback, else nothing', () => {
    expect(renderWith('{{attr "given_name" fallback="there"}}')).toBe('Ana');
    expect(renderWith('[{{attr "plan" fallback="free"}}][{{attr "missing"}}]')).toBe('[free][]');
  });
});
