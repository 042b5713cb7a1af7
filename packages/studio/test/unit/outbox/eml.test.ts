import { describe, expect, it } from 'vitest';
import { parseEml } from '../../../src/outbox/eml.js';

// What the outbox provider writes: folded, RFC 2047-encoded headers and a quoted-printable alternative.
const RAW = [
  'From: =?UTF-8?Q?Mailroom_D=C3=A9v?= <dev@mailroom.local>',
  'To: jane@example.com',
  'Subject: =?UTF-8?Q?Best=C3=A4tige_deine?=',
  ' =?UTF-8?Q?_E-Mail?=',
  'Date: Sat, 21 Nov 2026 22:08:41 +0000',
  'Message-ID: <6d1ef793@mailroom.outbox>',
  'X-Mailroom-Trigger: SignUp',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Dein Code: 123456 =E2=80=93 gr=C3=BC=C3=9Fe',
  '--b1',
  'Content-Type: text/html; charset=utf-8',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('<p>Dein Code: <b>123456</b></p>').toString('base64'),
  '--b1--',
  '',
].join('\r\n');

describe('parseEml', () => {
  it('decodes encoded-word headers, unfolded, in the order they appear', async () => {
    // Act
    const mail = await parseEml(RAW);

    // Assert
    expect(mail.subject).toBe('Bestätige deine E-Mail');
    expect(mail.from).toContain('Mailroom Dév');
    expect(mail.to).toBe('jane@example.com');
    expect(mail.messageId).toBe('<6d1ef793@mailroom.outbox>');
    expect(mail.headers.map((h) => h.name).slice(0, 4)).toEqual(['From', 'To', 'Subject', 'Date']);
    expect(mail.headers.find((h) => h.name === 'Date')?.value).toBe('Sat, 21 Nov 2026 22:08:41 +0000');
    expect(mail.headers.find((h) => h.name === 'X-Mailroom-Trigger')?.value).toBe('SignUp');
  });

  it('reads the text part (quoted-printable) and the HTML part (base64)', async () => {
    // Act
    const mail = await parseEml(Buffer.from(RAW));

    // Assert
    expect(mail.text?.trim()).toBe('Dein Code: 123456 – grüße');
    expect(mail.html).toBe('<p>Dein Code: <b>123456</b></p>');
  });

  it('reports no HTML for a text-only message instead of making one up', async () => {
    // Act
    const mail = await parseEml('Subject: Hi\r\n\r\nHello');

    // Assert
    expect(mail.html).toBeNull();
    expect(mail.text?.trim()).toBe('Hello');
    expect(mail.date).toBeNull();
  });
});
