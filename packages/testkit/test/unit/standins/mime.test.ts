import { describe, expect, it } from 'vitest';
import { parseMime } from '../../../src/standins/mime.js';

describe('parseMime (mailparser)', () => {
  it('decodes encoded words and keeps header names as written, the first occurrence winning', async () => {
    const raw = [
      'Received: from top',
      'Received: from below',
      'From: =?UTF-8?Q?Caf=C3=A9?= <cafe@mailroom.test>',
      'To: Ana <ana@mailroom.test>',
      'Subject: =?UTF-8?B?Q2Fmw6k=?=',
      'X-Folded: one',
      '  two',
      '',
      'Hello',
    ].join('\r\n');

    const { headers, text, html } = await parseMime(raw);

    expect(headers).toMatchObject({
      Received: 'from top',
      From: 'Café <cafe@mailroom.test>',
      To: 'Ana <ana@mailroom.test>',
      Subject: 'Café',
      'X-Folded': 'one two',
    });
    expect(text).toBe('Hello');
    expect(html).toBeUndefined();
  });

  // Regression: mailparser decodes encoded words only in headers it knows, so X-Mailroom-Metadata stayed encoded.
  it('decodes encoded words folded across lines in a custom header, as nodemailer writes long values', async () => {
    const raw = [
      'X-Mailroom-Metadata: =?UTF-8?Q?=7B=22brand=22=3A=22a=C3=A7me=22=2C=22lo?=',
      ' =?UTF-8?Q?cale=22=3A=22pt-BR=22=7D?=',
      'Subject: Hi',
      '',
      'Hello',
    ].join('\r\n');

    const { headers } = await parseMime(raw);

    expect(JSON.parse(headers['X-Mailroom-Metadata'] ?? '')).toEqual({ brand: 'açme', locale: 'pt-BR' });
  });

  it('reads 8-bit UTF-8 header values as UTF-8', async () => {
    const raw = Buffer.from('From: Zoë <z@mailroom.test>\r\nX-Place: Café\r\n\r\nHello', 'utf8');

    const { headers } = await parseMime(raw);

    expect(headers).toMatchObject({ From: 'Zoë <z@mailroom.test>', 'X-Place': 'Café' });
  });

  it('reads the text and HTML parts of a multipart/alternative message with quoted-printable bodies', async () => {
    const raw = [
      'Content-Type: multipart/alternative; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'caf=C3=A9',
      '--b',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('<p>café</p>').toString('base64'),
      '--b--',
      '',
    ].join('\r\n');

    const { text, html } = await parseMime(Buffer.from(raw));

    expect(text?.trim()).toBe('café');
    expect(html).toBe('<p>café</p>');
  });
});
