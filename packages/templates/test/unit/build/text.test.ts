import { describe, expect, it } from 'vitest';
import { htmlToTextTemplate } from '../../../src/build/text.js';

describe('generated text part', () => {
  it('keeps links as "label: url" and Handlebars expressions as written', () => {
    const text = htmlToTextTemplate(
      '<div><h1>{{t "x.heading"}}</h1><p>Code: {{code}}</p><a href="{{links.verify}}">Verify</a>' +
        '<a href="{{links.home}}">{{links.home}}</a><img src="https://x.example/a.png" alt="logo"></div>',
    );
    expect(text).toBe('{{t "x.heading"}}\nCode: {{code}}\nVerify: {{links.verify}}{{links.home}}');
  });
});
