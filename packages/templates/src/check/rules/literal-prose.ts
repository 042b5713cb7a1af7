import type { CheckRule, RuleFinding } from '../rule.js';
import type { MjmlSource, SourceFile } from '../source-files.js';

/** Three words or more outside `{{…}}` is a sentence that never reaches the translators. */
const MIN_WORDS = 3;
const WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;

/** The words a piece of source shows as is: Handlebars, build-time tokens and entities removed. */
function literalWords(text: string): string[] {
  const bare = text
    .replace(/\{\{!--[\s\S]*?--\}\}/g, ' ')
    .replace(/\{\{[\s\S]*?\}\}\}?/g, ' ')
    .replace(/\[\[[^\]]*\]\]/g, ' ')
    .replace(/&#?\w+;/g, ' ');
  return bare.match(WORD) ?? [];
}

function prose(file: string, line: number, words: string[]): RuleFinding {
  const quote = words.slice(0, 8).join(' ');
  return {
    severity: 'error',
    file,
    line,
    message: `literal text "${quote}${words.length > 8 ? ' …' : ''}" is not translated: move it to the catalogs`,
  };
}

function fromMjml(m: MjmlSource): RuleFinding[] {
  return m.contents
    .filter((c) => c.tag !== 'mj-style')
    .flatMap((c) => {
      const words = literalWords(c.texts.map((t) => t.text).join(' '));
      if (words.length < MIN_WORDS) return [];
      const first = c.texts.find((t) => literalWords(t.text).length > 0) ?? c;
      return [prose(m.source.file, first.line, words)];
    });
}

function fromHandlebars(source: SourceFile): RuleFinding[] {
  return source.text.split('\n').flatMap((text, i) => {
    const words = literalWords(text);
    return words.length >= MIN_WORDS ? [prose(source.file, i + 1, words)] : [];
  });
}

/**
 * Every sentence comes from a catalog: three or more words of literal text in an ending tag (mj-text,
 * mj-button, mj-title …), subject.hbs or text.hbs, outside `{{…}}`, is an error (it would be sent in
 * one language to everyone).
 * @example literalProseRule.check(ctx) // [{ line: 14, message: 'literal text "Need help with your account" is not translated: …' }]
 */
export const literalProseRule: CheckRule = {
  id: 'literal-prose',
  description: 'text comes from the catalogs, not literal prose',
  fix: 'add the sentence to every locales/<lang>.json under the template’s section and use {{t ".key"}}',
  check: (ctx) => [
    ...ctx.mjml.flatMap(fromMjml),
    ...ctx.sources.filter((s) => s.kind === 'subject' || s.kind === 'text').flatMap(fromHandlebars),
  ],
};
