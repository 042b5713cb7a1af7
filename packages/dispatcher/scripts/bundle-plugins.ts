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
 * A plugin that resolves `specifier`, when `importer` asks for it, to a module of `contents` (a stub), and
 * fails the build when no such import was seen (`missing`: what changed upstream and what to do).
 */
function stubImport(spec: {
  name: string;
  specifier: RegExp;
  importer: RegExp;
  contents: string;
  missing: string;
}): Plugin {
  return {
    name: spec.name,
    setup(build) {
      let replaced = 0;
      build.onStart(() => {
        replaced = 0;
      });
      build.onResolve({ filter: spec.specifier }, (args) => {
        if (!spec.importer.test(args.importer)) return undefined;
        replaced += 1;
        return { path: args.path, namespace: spec.name };
      });
      build.onLoad({ filter: /.*/, namespace: spec.name }, () => ({ contents: spec.contents, loader: 'js' }));
      build.onEnd((result) => {
        if (result.errors.length > 0 || replaced > 0) return;
        return { errors: [{ text: `${spec.name}: ${spec.missing}` }] };
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
  // Only axios' import: anything else asking for form-data gets the real package.
  return stubImport({
    name: 'node-form-data-for-axios',
    specifier: /^form-data$/,
    importer: /[\\/]axios[\\/]/,
    contents: 'module.exports = null;',
    missing:
      "axios no longer imports 'form-data'; check what it uses for multipart now and update or drop the " +
      'plugin in scripts/bundle-plugins.ts',
  });
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

/**
 * A plugin that replaces the contents of the modules matching `filter` (the same file in every build it
 * matches) and fails the build when no module matched, or when a module no longer contains `expect` (the
 * code the replacement stands for): a dependency upgrade that moves or changes the file stops the build
 * instead of silently bundling something else.
 */
function replaceModule(spec: {
  name: string;
  filter: RegExp;
  expect: string;
  contents: string;
  fix: string;
  /** When set: fail the build if a module outside `allowed` imports `specifier` (the replacement was checked only for those). */
  importers?: { specifier: RegExp; allowed: RegExp };
}): Plugin {
  return {
    name: spec.name,
    setup(build) {
      let replaced = 0;
      let changed: string[] = [];
      let unchecked: string[] = [];
      build.onStart(() => {
        replaced = 0;
        changed = [];
        unchecked = [];
      });
      const { importers } = spec;
      if (importers) {
        build.onResolve({ filter: importers.specifier }, (args) => {
          if (!importers.allowed.test(args.importer)) unchecked.push(args.importer);
          return undefined;
        });
      }
      build.onLoad({ filter: spec.filter }, async (args) => {
        if (!(await readFile(args.path, 'utf8')).includes(spec.expect)) changed.push(args.path);
        replaced += 1;
        return { contents: spec.contents, loader: 'js', resolveDir: dirname(args.path) };
      });
      build.onEnd((result) => {
        if (result.errors.length > 0) return;
        if (unchecked.length > 0) {
          const who = [...new Set(unchecked)].join(', ');
          return {
            errors: [{ text: `${spec.name}: imported by ${who}, which it was not checked for; ${spec.fix}` }],
          };
        }
        if (replaced > 0 && changed.length === 0) return;
        const what = replaced === 0 ? 'no module matched' : `changed upstream: ${changed.join(', ')}`;
        return { errors: [{ text: `${spec.name}: ${what}; ${spec.fix}` }] };
      });
    },
  };
}

/** `readable-stream`'s entry (v3), which the Encryption SDK's decrypt streams and duplexify require. */
export const READABLE_STREAM_FILTER = /[\\/]readable-stream[\\/]readable\.js$/;

/**
 * The modules checked on core streams (the decrypt tests, damaged ciphertexts included): the Encryption SDK's
 * decrypt package and duplexify. Not every user of readable-stream would work: `@aws-crypto/encrypt-node`
 * calls `pipeline(a, b)` without a callback, which core rejects.
 */
export const READABLE_STREAM_USERS = /[\\/]@aws-crypto[\\/]decrypt-node[\\/]|[\\/]duplexify[\\/]/;

/**
 * Gives the Encryption SDK Node's own stream classes instead of `readable-stream`'s copy of Node 10's (its
 * `READABLE_STREAM=disable` switch does the same, `readable.js`' first branch), keeping readable-stream's own
 * `pipeline` and `finished` (see `contents`). Node's streams are already loaded and compiled in every
 * process; the classes' copy is ≈ 32 KB (with `string_decoder`, `safe-buffer`, `util-deprecate`) that every
 * cold start parsed and evaluated (bench/README.md, issue 15). Fails the build when `readable.js` no longer
 * has that switch, or when a module other than `allowed` (READABLE_STREAM_USERS) imports `readable-stream`.
 * @example build({ …, plugins: [nativeReadableStream()] })
 */
export function nativeReadableStream(allowed: RegExp = READABLE_STREAM_USERS): Plugin {
  return replaceModule({
    name: 'native-readable-stream',
    filter: READABLE_STREAM_FILTER,
    expect: "process.env.READABLE_STREAM === 'disable'",
    importers: { specifier: /^readable-stream$/, allowed },
    // Core's classes, readable-stream's own `pipeline` and `finished` (its lib/internal/streams/*.js, with its
    // errors.js: ≈ 9 KB). Core's pipeline allocates an Error (with its stack) for every stream it winds up and
    // a DOMException for its AbortController on every successful run: measured +0.5 ms CPU per warm decrypt
    // (bench compare, 6 × 250 invocations), where readable-stream's calls `destroy()` without one. Not the
    // switch's `Object.assign(Readable, Stream)` either: bundled as ES module code it runs in strict mode, where
    // copying Node 22's getter-only `Stream.promises` throws.
    contents: [
      "var core = require('stream');",
      'module.exports = {',
      '  Stream: core.Stream,',
      '  Readable: core.Readable,',
      '  Writable: core.Writable,',
      '  Duplex: core.Duplex,',
      '  Transform: core.Transform,',
      '  PassThrough: core.PassThrough,',
      "  finished: require('./lib/internal/streams/end-of-stream.js'),",
      "  pipeline: require('./lib/internal/streams/pipeline.js'),",
      '};',
    ].join('\n'),
    fix: 'check that readable-stream still switches to core streams and update or drop the plugin in scripts/bundle-plugins.ts',
  });
}

/** pino's transport module (worker-thread transports: `thread-stream`, `real-require`, `on-exit-leak-free`). */
export const PINO_TRANSPORT_FILTER = /[\\/]pino[\\/]lib[\\/]transport\.js$/;

/**
 * Leaves pino's worker-thread transports out: the dispatcher writes JSON lines to stdout (src/logger.ts
 * passes no `transport` option), so `thread-stream` and the transport loader (≈ 12 KB the cold start
 * evaluated) are dead weight. `pino.transport()` or a `transport` option throws, naming this plugin. Fails the
 * build when pino no longer requires `thread-stream` there.
 * @example build({ …, plugins: [pinoWithoutTransports()] })
 */
export function pinoWithoutTransports(): Plugin {
  return replaceModule({
    name: 'pino-without-transports',
    filter: PINO_TRANSPORT_FILTER,
    expect: "require('thread-stream')",
    contents: [
      "'use strict';",
      'module.exports = function transport() {',
      "  throw new Error('pino transports are not bundled into the dispatcher (plugin pino-without-transports, scripts/bundle-plugins.ts): it logs JSON lines to stdout');",
      '};',
    ].join('\n'),
    fix: 'check what pino/lib/transport.js loads now and update or drop the plugin in scripts/bundle-plugins.ts',
  });
}

/**
 * The AWS SDK's browser user-agent parser (`bowser`), which `@aws-sdk/core` loads with `import()` only in a
 * browser (`createUserAgentStringParsingProvider`; Node uses `util-user-agent-node`). It resolves to an empty
 * module, for which that function has its own fallback (`module.parse ?? module.default.parse ?? (() => "")`):
 * 33 KB of never-loaded code out of dist/. Fails the build when the SDK stops importing `bowser` there.
 * @example build({ …, plugins: [noBrowserUserAgentParser()] })
 */
export function noBrowserUserAgentParser(): Plugin {
  return stubImport({
    name: 'no-browser-user-agent-parser',
    specifier: /^bowser$/,
    importer: /[\\/]util-user-agent-browser[\\/]/,
    contents: 'export default {};',
    missing:
      "@aws-sdk/core's browser user-agent code no longer imports 'bowser'; update or drop the plugin in " +
      'scripts/bundle-plugins.ts',
  });
}
