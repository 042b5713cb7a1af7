import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskEmail, serializeError } from '../../src/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { lines, destination };
}

describe('maskEmail', () => {
  it('keeps the first character and the domain', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j***@example.com');
    expect(maskEmail('x@a.b')).toBe('x***@a.b');
  });

  it('masks what it cannot parse entirely', () => {
    expect(maskEmail('@example.com')).toBe('***');
    expect(maskEmail('no-at-sign')).toBe('***');
  });
});

describe('createLogger', () => {
  it('redacts secrets wherever the configured paths put them', () => {
    // Arrange
    const { lines, destination } = capture();
    const logger = createLogger({ destination });
    const secrets = ['481516', 'Tmp<Pa55>&', 'SG.super-secret-key', 'Bearer SG.super-secret-key'];

    // Act
    logger.info({
      plaintext: secrets[0],
      temporaryPassword: secrets[1],
      apiKey: secrets[2],
      headers: { authorization: secrets[3] },
      event: { request: { code: 'AYADeCipherText' } },
      env: { SENDGRID_API_KEY: secrets[2] },
      nested: { password: secrets[1] },
    });

    // Assert
    const output = lines.join('');
    for (const secret of [...secrets, 'AYADeCipherText']) expect(output).not.toContain(secret);
    expect(output).toContain('[redacted]');
  });

  it('keeps `code` for error codes', () => {
    const { lines, destination } = capture();

    createLogger({ destination }).error({ code: 'KMS_CONFIG' }, 'failed');

    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'error', code: 'KMS_CONFIG', msg: 'failed' });
  });

  it('serialises errors without request configuration, headers or bodies', () => {
    const { lines, destination } = capture();
    const axiosLike = Object.assign(new Error('Request failed with status code 401'), {
      code: 'ERR_BAD_REQUEST',
      config: { headers: { Authorization: 'Bearer SG.leaky' }, data: '{"content":"code 123456"}' },
      response: { data: 'x' },
    });

    createLogger({ destination }).error({ err: axiosLike }, 'send failed');

    const output = lines.join('');
    expect(output).not.toContain('SG.leaky');
    expect(output).not.toContain('123456');
    expect(JSON.parse(output).err).toEqual({
      type: 'Error',
      message: 'Request failed with status code 401',
      code: 'ERR_BAD_REQUEST',
    });
  });

  it('honours the level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'warn', destination });

    logger.info('hidden');
    logger.warn('shown');

    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['shown']);
  });
});

describe('serializeError', () => {
  it('describes non-errors without throwing', () => {
    expect(serializeError('boom')).toEqual({ type: 'string', message: 'boom' });
  });
});
