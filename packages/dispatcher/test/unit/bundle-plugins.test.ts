import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  axiosNoUndiciAtLoad,
  fastEccDecode,
  nativeReadableStream,
  noBrowserUserAgentParser,
  nodeFormDataForAxios,
  pinoWithoutTransports,
} from '../../scripts/bundle-plugins.js';

const run = promisify(execFile);
const requireHere = createRequire(import.meta.url);
const dirOf = (file: string) => file.replace(/[\\/][^\\/]+$/, '');
const sdkEntry = requireHere.resolve('@aws-crypto/material-management-node');
// axios as @sendgrid/client resolves it (it is not our direct dependency).
const axiosDir = dirOf(createRequire(requireHere.resolve('@sendgrid/client')).resolve('axios'));
// readable-stream as the Encryption SDK resolves it, @aws-sdk/core as the KMS client resolves it.
const decryptNodeDir = dirOf(requireHere.resolve('@aws-crypto/decrypt-node'));
const awsSdkDir = dirOf(requireHere.resolve('@aws-sdk/client-kms'));

/**
 * Bundles `contents` as an ES module (strict mode, as in dist/) with `plugin`, runs it in a child Node and
 * returns what it printed as JSON.
 */
async function runBundled(contents: string, plugin: ReturnType<typeof fastEccDecode>, resolveDir: string) {
  const dir = await mkdtemp(join(tmpdir(), 'mailroom-plugin-'));
  try {
    const file = join(dir, 'probe.mjs');
    await build({
      stdin: { contents, resolveDir, loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: file,
      logLevel: 'silent',
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      plugins: [plugin],
    });
    const { stdout } = await run(process.execPath, [file]);
    return JSON.parse(stdout) as unknown;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function bundle(contents: string, plugin = fastEccDecode(), resolveDir = dirOf(sdkEntry)) {
  return build({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    external: ['@aws-sdk/*'],
    plugins: [plugin],
  });
}

describe('fast-ecc-decode plugin', () => {
  it("replaces the SDK's bn.js decompressor with OpenSSL's", async () => {
    const result = await bundle(
      "export { decodeNamedCurves } from '@aws-crypto/material-management/build/main/src/ecc_decode.js';",
    );
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).toContain('convertKey');
    expect(code).not.toContain('eccDecodeCompressedPoint');
  });

  it('fails the build when the SDK file is not part of it, so an upgrade cannot silently drop the swap', async () => {
    await expect(bundle("export const nothing = 'here';")).rejects.toThrow(
      /fast-ecc-decode: .*was not bundled/,
    );
  });
});

describe('node-form-data-for-axios plugin', () => {
  it('leaves axios without the form-data package and its MIME database (it falls back to the built-in)', async () => {
    const result = await bundle("module.exports = require('axios');", nodeFormDataForAxios(), axiosDir);
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).toContain('module.exports = null;');
    expect(code).not.toContain('application/vnd.');
    expect(code).not.toContain('CombinedStream');
  });

  it('fails the build when axios no longer imports form-data', async () => {
    await expect(bundle('export const nothing = 1;', nodeFormDataForAxios())).rejects.toThrow(
      /node-form-data-for-axios: axios no longer imports 'form-data'/,
    );
  });
});

describe('axios-no-undici-at-load plugin', () => {
  it("removes axios' load-time fetch probe and FormData read, and keeps the lazy probe", async () => {
    const result = await bundle("module.exports = require('axios');", axiosNoUndiciAtLoad(), axiosDir);
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).not.toMatch(/\n\s*getFetch\(\);\n/);
    expect(code).toContain('get: getFetch');
    expect(code).toMatch(/(const|var) FormDataCtor = (undefined|void 0);/);
    expect(code).not.toContain('G.FormData');
  });

  it("loads axios without loading Node's undici, and axios still recognises a native FormData", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailroom-axios-'));
    try {
      const file = join(dir, 'axios.cjs');
      await build({
        stdin: { contents: "module.exports = require('axios');", resolveDir: axiosDir, loader: 'js' },
        bundle: true,
        platform: 'node',
        format: 'cjs',
        outfile: file,
        logLevel: 'silent',
        plugins: [axiosNoUndiciAtLoad()],
      });
      const probe = [
        `const axios = require(${JSON.stringify(file)});`,
        "const undiciAtLoad = process.moduleLoadList.some((m) => m.includes('undici'));",
        "const form = new FormData(); form.append('a', '1');",
        'console.log(JSON.stringify({ undiciAtLoad, json: axios.formToJSON(form) }));',
      ].join('\n');
      const { stdout } = await run(process.execPath, ['-e', probe]);
      expect(JSON.parse(stdout)).toEqual({ undiciAtLoad: false, json: { a: '1' } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails the build when axios is not part of it', async () => {
    await expect(bundle('export const nothing = 1;', axiosNoUndiciAtLoad())).rejects.toThrow(
      /axios-no-undici-at-load: axios was not bundled/,
    );
  });
});

describe('native-readable-stream plugin', () => {
  it("gives the Encryption SDK core's stream classes and readable-stream's own pipeline, which runs them, in strict mode", async () => {
    const classes = ['Readable', 'Writable', 'Duplex', 'Transform', 'PassThrough', 'Stream'];
    const probe = [
      "import rs from 'readable-stream';",
      "import * as core from 'node:stream';",
      `const classes = ${JSON.stringify(classes)};`,
      'const out = [];',
      'const upper = new rs.Transform({ transform(chunk, _enc, done) { done(null, String(chunk).toUpperCase()); } });',
      'const sink = new rs.Writable({ write(chunk, _enc, done) { out.push(String(chunk)); done(); } });',
      'const ended = new rs.PassThrough();',
      "const finishedOnce = new Promise((resolve) => rs.finished(ended, (e) => resolve(String(e ?? ''))));",
      'ended.resume();',
      "ended.end('x');",
      "rs.pipeline(rs.Readable.from(['a', 'b']), upper, sink, async (error) => console.log(JSON.stringify({",
      '  core: classes.filter((n) => rs[n] === core[n]),',
      '  ownPipeline: rs.pipeline !== core.pipeline && rs.finished !== core.finished,',
      "  out: out.join(''), error: String(error ?? ''), finished: await finishedOnce,",
      '})));',
    ].join('\n');

    const result = await runBundled(probe, nativeReadableStream(/<stdin>/), decryptNodeDir);

    expect(result).toEqual({ core: classes, ownPipeline: true, out: 'AB', error: '', finished: '' });
  });

  it("leaves readable-stream's own copy of Node 10's streams out of the bundle", async () => {
    const result = await bundle(
      "module.exports = require('@aws-crypto/decrypt-node');",
      nativeReadableStream(),
      decryptNodeDir,
    );
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).toMatch(/require\("stream"\)/);
    expect(code).not.toContain('_stream_readable');
    expect(code).not.toContain('ReadableState');
  });

  it('fails the build when a module it was not checked for imports readable-stream', async () => {
    await expect(
      bundle("module.exports = require('readable-stream');", nativeReadableStream(), decryptNodeDir),
    ).rejects.toThrow(/native-readable-stream: imported by <stdin>, which it was not checked for/);
  });

  it('fails the build when readable-stream is not part of it', async () => {
    await expect(bundle('export const nothing = 1;', nativeReadableStream())).rejects.toThrow(
      /native-readable-stream: no module matched/,
    );
  });
});

describe('pino-without-transports plugin', () => {
  it('bundles pino without thread-stream; it still logs JSON lines, and pino.transport() names the plugin', async () => {
    const probe = [
      "import pino from 'pino';",
      'const lines = [];',
      'const logger = pino({ base: undefined }, { write: (line) => lines.push(JSON.parse(line)) });',
      "logger.info({ event: 'probe' }, 'hello');",
      'let refused = "";',
      "try { pino.transport({ target: 'pino-pretty' }); } catch (error) { refused = error.message; }",
      'console.log(JSON.stringify({ line: { msg: lines[0].msg, event: lines[0].event }, refused }));',
    ].join('\n');

    const result = await runBundled(probe, pinoWithoutTransports(), dirOf(requireHere.resolve('pino')));

    expect(result).toEqual({
      line: { msg: 'hello', event: 'probe' },
      refused: expect.stringContaining('plugin pino-without-transports'),
    });
    const code =
      (
        await bundle(
          "module.exports = require('pino');",
          pinoWithoutTransports(),
          dirOf(requireHere.resolve('pino')),
        )
      ).outputFiles[0]?.text ?? '';
    expect(code).not.toContain('ThreadStream');
  });

  it('fails the build when pino is not part of it', async () => {
    await expect(bundle('export const nothing = 1;', pinoWithoutTransports())).rejects.toThrow(
      /pino-without-transports: no module matched/,
    );
  });
});

describe('no-browser-user-agent-parser plugin', () => {
  it("bundles the SDK's browser user-agent code without bowser, and that code keeps its own fallback", async () => {
    const probe = [
      "import { createUserAgentStringParsingProvider } from '@aws-sdk/core/client';",
      "const sections = await createUserAgentStringParsingProvider({ serviceId: 'KMS', clientVersion: '1' })();",
      'console.log(JSON.stringify(sections.map((s) => s[0])));',
    ].join('\n');

    const result = await runBundled(probe, noBrowserUserAgentParser(), awsSdkDir);

    expect(result).toEqual(['aws-sdk-js', 'ua', 'os/other', 'lang/js', 'md/browser', 'api/KMS']);
  });

  it('fails the build when the SDK no longer imports bowser there', async () => {
    await expect(bundle('export const nothing = 1;', noBrowserUserAgentParser())).rejects.toThrow(
      /no-browser-user-agent-parser: .*no longer imports 'bowser'/,
    );
  });
});
