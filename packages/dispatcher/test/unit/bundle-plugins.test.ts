import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { fastEccDecode } from '../../scripts/bundle-plugins.js';

const sdkEntry = createRequire(import.meta.url).resolve('@aws-crypto/material-management-node');

function bundle(contents: string) {
  return build({
    stdin: { contents, resolveDir: sdkEntry.replace(/[\\/][^\\/]+$/, ''), loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    external: ['@aws-sdk/*'],
    plugins: [fastEccDecode()],
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
