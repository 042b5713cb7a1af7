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
 * (bench/README.md change 2). Fails the build when the filter matched no file, e.g. after an SDK upgrade
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

/**
 * Resolves axios' `require('form-data')` (the npm multipart encoder) to `null`, so axios falls back to Node's
 * built-in `FormData` (`new (FormData$1 || FormData)()`, `env.FormData && …`) if it ever builds a multipart
 * body. axios is here only for `@sendgrid/client`, which posts JSON to SendGrid's v3 API: `form-data` is dead
 * weight that pulls `mime-types` + `mime-db` (134 KB of MIME types) and the `get-intrinsic` family into the
 * SendGrid chunk (300 → 140 KB, −24 ms cold CPU). `null` rather than `globalThis.FormData`: reading that
 * global at load time makes Node load its internal undici. The real `@sendgrid/mail` and `@sendgrid/client`
 * stay (design.md, issue 4). Fails the build when axios stops importing `form-data`, so the reason is
 * re-checked on upgrade.
 * @example build({ …, plugins: [nodeFormDataForAxios()] })
 */
export function nodeFormDataForAxios(): Plugin {
  return {
    name: 'node-form-data-for-axios',
    setup(build) {
      let replaced = 0;
      build.onStart(() => {
        replaced = 0;
      });
      build.onResolve({ filter: /^form-data$/ }, (args) => {
        // Only axios' import: anything else asking for form-data gets the real package.
        if (!/[\\/]axios[\\/]/.test(args.importer)) return undefined;
        replaced += 1;
        return { path: 'form-data', namespace: 'node-form-data' };
      });
      build.onLoad({ filter: /.*/, namespace: 'node-form-data' }, () => ({
        contents: 'module.exports = null;',
        loader: 'js',
      }));
      build.onEnd((result) => {
        if (result.errors.length > 0 || replaced > 0) return;
        return {
          errors: [
            {
              text:
                "node-form-data-for-axios: axios no longer imports 'form-data'; check what it uses for " +
                'multipart now and update or drop the plugin in scripts/bundle-plugins.ts',
            },
          ],
        };
      });
    },
  };
}

/** axios' Node build (what `@sendgrid/client` requires). */
export const AXIOS_NODE_FILTER = /[\\/]axios[\\/]dist[\\/]node[\\/]axios\.cjs$/;

/**
 * The two statements in axios' Node build that make Node load its internal undici (≈ 7–10 ms CPU) at every
 * cold start, although axios uses its `http` adapter in Node: each reads one of Node's lazily loaded web
 * globals (`fetch`, `Request`, `Response`, `FormData`) while the module loads.
 */
const AXIOS_EAGER_UNDICI: readonly { find: string; replace: string; what: string }[] = [
  {
    // Probes the fetch adapter (`typeof fetch`, `new Request(…)`, `new Response(…)`). It still runs, lazily,
    // if an adapter lookup ever asks for `fetch` (`knownAdapters.fetch.get`).
    find: '\ngetFetch();\n',
    replace: '\n',
    what: 'the load-time getFetch() probe',
  },
  {
    // Only a shortcut in `isFormData`: a native FormData still passes its `kindOf(thing) === 'formdata'` test
    // (Symbol.toStringTag), so the result is unchanged for every input.
    find: "const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;",
    replace: 'const FormDataCtor = undefined;',
    what: 'the load-time read of the FormData global',
  },
];

/**
 * Keeps axios from loading Node's internal undici when it loads (AXIOS_EAGER_UNDICI: the fetch-adapter
 * probe and the FormData global read). Fails the build when a statement is gone (an axios upgrade), so the
 * plugin is re-checked rather than silently doing nothing.
 * @example build({ …, plugins: [axiosNoUndiciAtLoad()] })
 */
export function axiosNoUndiciAtLoad(): Plugin {
  return {
    name: 'axios-no-undici-at-load',
    setup(build) {
      let patched = 0;
      let missing: string[] = [];
      build.onStart(() => {
        patched = 0;
        missing = [];
      });
      build.onLoad({ filter: AXIOS_NODE_FILTER }, async (args) => {
        let source = await readFile(args.path, 'utf8');
        for (const edit of AXIOS_EAGER_UNDICI) {
          if (!source.includes(edit.find)) missing.push(`${edit.what} in ${args.path}`);
          else source = source.replace(edit.find, edit.replace);
        }
        patched += 1;
        return { contents: source, loader: 'js' };
      });
      build.onEnd((result) => {
        if (result.errors.length > 0 || (patched > 0 && missing.length === 0)) return;
        return {
          errors: [
            {
              text:
                `axios-no-undici-at-load: ${missing.length > 0 ? `not found: ${missing.join('; ')}` : 'axios was not bundled'}; ` +
                'check what axios does at load now and update or drop the plugin in scripts/bundle-plugins.ts',
            },
          ],
        };
      });
    },
  };
}
