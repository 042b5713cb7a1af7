/**
 * Starts cognito-local (npm, an offline user-pool emulator) for one run: its own temporary working directory
 * (it keeps `.cognito/config.json` and its database there), a free loopback port, the ResendConfirmationCode
 * preload (resend-confirmation-code.cjs), then one user pool and one app client created through the AWS SDK,
 * as an app's setup would create them in AWS.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';

const require = createRequire(import.meta.url);
const COGNITO_LOCAL_BIN = join(
  dirname(require.resolve('cognito-local/package.json')),
  'lib',
  'bin',
  'start.js',
);
const RESEND_PRELOAD = join(dirname(fileURLToPath(import.meta.url)), 'resend-confirmation-code.cjs');

export interface CognitoLocalOptions {
  /** Merged into `.cognito/config.json` (the bridge's `cognitoLocalConfig(alias)`). */
  config: object;
  /** Default: a free port. */
  port?: number;
  /**
   * Working directory (its `.cognito/` holds the config and the database). Default: a temporary directory,
   * removed at close. A given directory is emptied at start and kept at close, to look into afterwards.
   */
  dir?: string;
  /** Every line cognito-local prints (it logs each request at info level). */
  onLog?: (line: string) => void;
}

export interface CognitoLocal {
  /** `http://127.0.0.1:<port>`: the SDK endpoint, and the token issuer's prefix. */
  url: string;
  userPoolId: string;
  clientId: string;
  /** An SDK client for admin calls (AdminCreateUser, …) against this pool. */
  admin: CognitoIdentityProviderClient;
  close(): Promise<void>;
}

/** A free loopback port (cognito-local takes its port from PORT and cannot be told to pick one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * How long cognito-local may take to answer /health. It loads the whole AWS SDK v2 at start: ~2 s on an idle
 * machine, 17 s measured while the rest of `pnpm test` ran on two cores (turbo runs every package's tests at
 * once), so 20 s failed both e2e suites there. A readiness wait, not a speed check.
 */
const HEALTH_TIMEOUT_MS = 90_000;

/** cognito-local ended before answering: most likely its port was taken between freePort() and its listen. */
class EarlyExit extends Error {}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  while (Date.now() < deadline) {
    if (exited !== null) throw new EarlyExit(`cognito-local exited with code ${exited} before it answered`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`cognito-local did not answer ${url}/health within ${timeoutMs} ms`);
}

/** The working directory with `.cognito/config.json` written: a fresh temporary one, or `dir` emptied. */
async function prepareDir(options: CognitoLocalOptions): Promise<string> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'mailroom-cognito-local-')));
  if (options.dir) await rm(join(options.dir, '.cognito'), { recursive: true, force: true });
  await mkdir(join(dir, '.cognito'), { recursive: true });
  await writeFile(join(dir, '.cognito', 'config.json'), JSON.stringify(options.config, null, 2));
  return dir;
}

/** Spawns cognito-local in `dir` on `port`, every non-empty output line to `onLog`. */
function launch(dir: string, port: number, onLog: ((line: string) => void) | undefined): ChildProcess {
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) onLog?.(line);
  };
  const child = spawn(process.execPath, ['--require', RESEND_PRELOAD, COGNITO_LOCAL_BIN], {
    cwd: dir,
    // HOST/PORT also make its token issuer http://127.0.0.1:<port>/<pool id>. No DEBUG: at debug level it
    // logs each code it encrypts.
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  return child;
}

/** Ends the process (SIGTERM, SIGKILL after 2 s) and waits for its exit; nothing to do if it already ended. */
async function end(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 2_000);
  await gone;
  clearTimeout(killer);
}

/**
 * Launches cognito-local until it answers /health. It cannot listen on port 0 (its issuer is built from PORT),
 * so a free port is chosen first; on a busy machine another process can take it in between: try another one,
 * twice (never with a given `port`).
 */
async function launchUntilHealthy(
  dir: string,
  options: CognitoLocalOptions,
): Promise<{ child: ChildProcess; port: number }> {
  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await freePort());
    const child = launch(dir, port, options.onLog);
    try {
      await waitForHealth(`http://127.0.0.1:${port}`, child, HEALTH_TIMEOUT_MS);
      return { child, port };
    } catch (error) {
      await end(child);
      if (options.port !== undefined || attempt >= 3 || !(error instanceof EarlyExit)) throw error;
    }
  }
}

/** The pool (email as username, email auto-verified) and an app client without secret (USER_PASSWORD_AUTH). */
async function createPoolAndClient(
  admin: CognitoIdentityProviderClient,
): Promise<{ userPoolId: string; clientId: string }> {
  const { UserPool } = await admin.send(
    new CreateUserPoolCommand({
      PoolName: 'mailroom-example',
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
    }),
  );
  const userPoolId = UserPool?.Id;
  if (!userPoolId) throw new Error('cognito-local created no user pool');
  const { UserPoolClient } = await admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'example-auth-api',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
    }),
  );
  const clientId = UserPoolClient?.ClientId;
  if (!clientId) throw new Error('cognito-local created no app client');
  return { userPoolId, clientId };
}

/**
 * Starts cognito-local and creates the pool (email as username, email auto-verified, so SignUp sends a code)
 * and an app client without secret that allows USER_PASSWORD_AUTH.
 * @example
 * const local = await startCognitoLocal({ config: bridge.cognitoLocalConfig('alias/cognito-local') });
 * // USER_POOL_ID=local.userPoolId USER_POOL_CLIENT_ID=local.clientId COGNITO_ENDPOINT=local.url
 */
export async function startCognitoLocal(options: CognitoLocalOptions): Promise<CognitoLocal> {
  const dir = await prepareDir(options);
  const removeDir = async () => {
    if (!options.dir) await rm(dir, { recursive: true, force: true });
  };
  const { child, port } = await launchUntilHealthy(dir, options).catch(async (error: unknown) => {
    await removeDir();
    throw error;
  });
  const stop = async () => {
    await end(child);
    await removeDir();
  };

  const url = `http://127.0.0.1:${port}`;
  const admin = new CognitoIdentityProviderClient({
    endpoint: url,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const { userPoolId, clientId } = await createPoolAndClient(admin);
    return {
      url,
      userPoolId,
      clientId,
      admin,
      async close() {
        admin.destroy();
        await stop();
      },
    };
  } catch (error) {
    admin.destroy();
    await stop();
    throw error;
  }
}
