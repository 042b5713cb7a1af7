/**
 * `pnpm dev:flow`: the whole sign-up flow on this machine, nothing in AWS. Starts the KMS stand-in, the
 * cognito-local bridge (the real dispatcher bundle, outbox provider), cognito-local with a pool and an app
 * client, the studio (`pnpm dev`'s server, reading the same outbox, so each email appears there as it
 * arrives) and the example API; prints the URLs and a curl walk-through. Ctrl+C stops everything.
 *
 * Environment: `PORT` (API, default 8787), `STUDIO_PORT` (default 3000), `COGNITO_LOCAL_PORT` (default 9229);
 * a busy port is replaced by a free one. `--verbose` prints the dispatcher's and cognito-local's own lines.
 */
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { serve } from '@hono/node-server';
import { DEFAULT_OUTBOX_DIR, ensureDispatcherBundle, startStudio } from '@mailroom/studio';
import type { BridgeInvocation } from '@mailroom/testkit';
import { createApp, loadConfig } from '../src/index.js';
import { freePort } from './cognito-local.js';
import { startFlow } from './flow.js';

const verbose = process.argv.includes('--verbose');
const dim = (text: string) => (process.stdout.isTTY ? `\u001b[2m${text}\u001b[22m` : text);
const bold = (text: string) => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[22m` : text);
const say = (line = '') => process.stdout.write(`${line}\n`);
// Under turbo/pnpm, Ctrl+C can close our stdout before we finish stopping: a failed write must not crash
// the cleanup.
process.stdout.on('error', () => {});

/** The preferred port if it is free, else any free one. */
async function portFor(preferred: number): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => freePort().then(resolve));
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolve(preferred)));
  });
}

function describeInvocation(record: BridgeInvocation): string {
  const trigger = (record.trigger ?? '?').replace('CustomEmailSender_', '');
  const outcome = record.outcome;
  const result = record.error
    ? `failed: ${record.error.errorMessage}`
    : `${String(outcome?.event ?? 'no outcome')} via ${String(outcome?.provider ?? '?')}`;
  return `✉  ${trigger} → ${result} ${dim(`(${record.durationMs} ms; normalised ${record.changes.map((c) => c.field).join(', ')})`)}`;
}

type Flow = Awaited<ReturnType<typeof startFlow>>;
type Studio = Awaited<ReturnType<typeof startStudio>>;
type ApiServer = ReturnType<typeof serve>;

/** Everything `dev:flow` runs, started in order: the flow (KMS, bridge, cognito-local), the studio, the API. */
interface Services {
  flow: Flow;
  studio: Studio;
  server: ApiServer;
  apiUrl: string;
  outboxDir: string;
}

async function startServices(): Promise<Services> {
  await ensureDispatcherBundle();
  const apiPort = await portFor(Number(process.env.PORT ?? 8787));
  const outboxDir = DEFAULT_OUTBOX_DIR;

  const flow = await startFlow({
    functionEnv: {
      EMAIL_PROVIDER: 'outbox',
      OUTBOX_DIR: outboxDir,
      EMAIL_FROM: 'Mailroom Example <hello@mailroom.example>',
      APP_URL: `http://127.0.0.1:${apiPort}`,
    },
    cognitoLocalPort: await portFor(Number(process.env.COGNITO_LOCAL_PORT ?? 9229)),
    // Next to the outbox (gitignored), emptied at each start: Ctrl+C under turbo can end this process before
    // its cleanup runs, so nothing is left in the temp dir, and the pool's database stays there to look into.
    cognitoLocalDir: join(dirname(outboxDir), 'cognito-local'),
    onInvocation: (record) => say(`  ${describeInvocation(record)}`),
    onDispatcherLog: (line) => verbose && say(dim(`  [dispatcher] ${line}`)),
    onCognitoLocalLog: (line) => (verbose || /ERROR/.test(line)) && say(dim(`  [cognito-local] ${line}`)),
  });
  const studio = await startStudio({
    port: Number(process.env.STUDIO_PORT ?? 3000),
    outboxDir,
    log: (line) => verbose && say(dim(`  [studio] ${line}`)),
  });
  const app = createApp({ config: loadConfig(flow.appEnv) });
  const server = serve({ fetch: app.fetch, port: apiPort, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { flow, studio, server, apiUrl, outboxDir };
}

/** The URLs of every service and a curl walk-through of the sign-up flow. */
function printWelcome({ flow, studio, apiUrl, outboxDir }: Services): void {
  const rows: [string, string][] = [
    ['API', `${bold(apiUrl)} ${dim('(examples/auth-api)')}`],
    ['Studio', `${bold(studio.url)} ${dim('→ Outbox tab: each email as it arrives')}`],
    [
      'User pool',
      `${flow.cognitoLocal.userPoolId} ${dim(`cognito-local at ${flow.cognitoLocal.url}, app client ${flow.cognitoLocal.clientId}`)}`,
    ],
    [
      'Bridge',
      `${flow.bridge.url} ${dim(`Lambda "${flow.bridge.functionName}" → dispatcher bundle, outbox provider`)}`,
    ],
    ['KMS', `${flow.kms.url} ${dim('stand-in')}`],
    ['Outbox', outboxDir],
    [
      'Pool data',
      `${join(dirname(outboxDir), 'cognito-local', '.cognito')} ${dim('(emptied at each start)')}`,
    ],
  ];
  say();
  say(`  ${bold('Mailroom sign-up flow')} ${dim('— everything local; Ctrl+C stops it')}`);
  say();
  for (const [name, value] of rows) say(`  ➜  ${name.padEnd(10)}${value}`);
  const json = (body: string) => `-H 'content-type: application/json' -d '${body}'`;
  say();
  say(`  ${bold('Walk-through')} ${dim("(read each code in the studio's Outbox)")}`);
  say(
    `    curl -s ${apiUrl}/auth/register ${json('{"email":"ada@example.com","password":"Correct-Horse-7"}')}`,
  );
  say(
    `    curl -s ${apiUrl}/auth/verify   ${json('{"email":"ada@example.com","code":"<code from the email>"}')}`,
  );
  say(
    `    curl -s ${apiUrl}/auth/login    ${json('{"email":"ada@example.com","password":"Correct-Horse-7"}')}`,
  );
  say(`    curl -s ${apiUrl}/me -H "authorization: Bearer <accessToken from login>"`);
  say(dim('    also: /auth/resend {email}, /auth/forgot {email}, /auth/reset {email,code,password}'));
  say();
}

/** SIGINT/SIGTERM stop the API, then the flow, then the studio, and exit. */
function stopOnSignals({ flow, studio, server }: Services): void {
  let stoppingAt = 0;
  const stop = async () => {
    // Ctrl+C reaches this process twice (from the terminal's process group and relayed by tsx): only a second
    // press, a while later, means "stop now".
    if (stoppingAt) {
      if (Date.now() - stoppingAt > 1_000) process.exit(130);
      return;
    }
    stoppingAt = Date.now();
    say(dim('\n  stopping…'));
    // The flow first (cognito-local, the Lambda runtime, temp dirs): the studio takes seconds to close.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
    await flow.close();
    await studio.close().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

async function main(): Promise<void> {
  const services = await startServices();
  printWelcome(services);
  stopOnSignals(services);
}

main().catch((error: unknown) => {
  const e = error as { message?: string; fix?: string };
  process.stderr.write(`\n  ✗ dev:flow could not start: ${e.message ?? String(error)}\n`);
  if (e.fix) process.stderr.write(`    fix: ${e.fix}\n`);
  process.exit(1);
});
