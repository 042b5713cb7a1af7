/**
 * The bundle's main chunk (`dist/chunks/main-<hash>.js`): everything the entry (`lambda.ts`) loads with
 * `import()` once the warm-up has started. Its own module only for the chunk's name: esbuild names a
 * dynamically imported chunk after its file, and an `index` file would give `chunks/-<hash>.js`.
 * @example const { handler } = await import('./main.js');
 */
export { AWS_SDK_VERSION, createHandler, createLogger, handler } from './index.js';
