import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { axiosNoUndiciAtLoad, fastEccDecode, nodeFormDataForAxios } from '../../scripts/bundle-plugins.js';

const run = promisify(execFile);
const requireHere = createRequire(import.meta.url);
const dirOf = (file: string) => file.replace(/[\\/][^\\/]+$/, '');
const sdkEntry = requireHere.resolve('@aws-crypto/material-management-node');
// axios as @sendgrid/client resolves it (it is not our direct dependency).
const axiosDir = dirOf(createRequire(requireHere.resolve('@sendgrid/client')).resolve('axios'));

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
