// Child process for lazy-loading.test.ts: the cold-start work of the sources (loadConfig with the real
// registry, then each configured provider's create), then prints which CommonJS modules got loaded.
import { createRequire } from 'node:module';
import { loadConfig } from '../../../../src/config.js';
import { createLogger } from '../../../../src/logger.js';
import { createChain, loadProvider } from '../../../../src/providers/registry.js';
import { loadSecrets } from '../../../../src/secrets.js';

const { config, modules } = await loadConfig(process.env, { loadProvider, loadSecrets });
const logger = createLogger({ level: 'silent' });
createChain(config.providers, { modules, configs: config.providerConfigs }, () => ({
  logger,
  sandbox: false,
}));
process.stdout.write(JSON.stringify({ cjs: Object.keys(createRequire(import.meta.url).cache) }));
