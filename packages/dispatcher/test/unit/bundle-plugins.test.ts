import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { fastEccDecode, nodeFormDataForAxios } from '../../scripts/bundle-plugins.js';

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
  it("gives axios Node's built-in FormData instead of the form-data package and its MIME database", async () => {
    const result = await bundle("module.exports = require('axios');", nodeFormDataForAxios(), axiosDir);
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).toContain('module.exports = globalThis.FormData;');
    expect(code).not.toContain('application/vnd.');
    expect(code).not.toContain('CombinedStream');
  });

  it('fails the build when axios no longer imports form-data', async () => {
    await expect(bundle('export const nothing = 1;', nodeFormDataForAxios())).rejects.toThrow(
      /node-form-data-for-axios: axios no longer imports 'form-data'/,
    );
  });
});
