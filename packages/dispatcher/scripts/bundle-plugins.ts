/**
 * esbuild plugins of the dispatcher bundle (used by `scripts/bundle-options.ts`). Each one exists for a
 * measured reason (bench/README.md) and fails the build when it stops matching, so a dependency upgrade
 * cannot silently undo it.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The SDK's CommonJS (`main`) and ESM (`module`) builds of the P-256/P-384 point decompressor. */
export const ECC_DECODE_FILTER =
  /@aws-crypto[\\/]material-management[\\/]build[\\/](?:main|module)[\\/]src[\\/]ecc_decode\.js$/;

/**
 * Swaps `@aws-crypto/material-management`'s bn.js point decompression for `src/ecc-decode.ts`
 * (OpenSSL, byte-identical output): −2.5 ms per warm invocation and no bn.js precomputation at cold start
 * (bench/README.md fix 2). Fails the build when the filter matched no file, e.g. after an SDK upgrade
 * moved or renamed it.
 * @example build({ …, plugins: [fastEccDecode()] })
 */
export function fastEccDecode(): Plugin {
  return {
    name: 'fast-ecc-decode',
    setup(build) {
      let replaced = 0;
      build.onStart(() => {
        replaced = 0;
      });
      build.onLoad({ filter: ECC_DECODE_FILTER }, async () => {
        replaced += 1;
        const path = join(root, 'src', 'ecc-decode.ts');
        return { contents: await readFile(path, 'utf8'), loader: 'ts', resolveDir: dirname(path) };
      });
      build.onEnd((result) => {
        if (result.errors.length > 0 || replaced > 0) return;
        return {
          errors: [
            {
              text:
                'fast-ecc-decode: @aws-crypto/material-management/build/*/src/ecc_decode.js was not bundled; ' +
                'the SDK moved it: update ECC_DECODE_FILTER in scripts/bundle-plugins.ts (or drop the plugin)',
            },
          ],
        };
      });
    },
  };
}
