import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { axiosLazyFetchProbe, fastEccDecode, nodeFormDataForAxios } from '../../scripts/bundle-plugins.js';

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

describe('axios-lazy-fetch-probe plugin', () => {
  it("removes axios' load-time fetch probe and keeps the lazy one", async () => {
    const result = await bundle("module.exports = require('axios');", axiosLazyFetchProbe(), axiosDir);
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).not.toMatch(/\n\s*getFetch\(\);\n/);
    expect(code).toContain('get: getFetch');
  });

  it('fails the build when axios is not part of it', async () => {
    await expect(bundle('export const nothing = 1;', axiosLazyFetchProbe())).rejects.toThrow(
      /axios-lazy-fetch-probe: axios was not bundled/,
    );
  });
});
