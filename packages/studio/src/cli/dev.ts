import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { PROVIDER_NAMES } from '@mailroom/shared-types';
import { parseProviders } from '../dispatch/local-dispatcher.js';
import { StudioError } from '../errors.js';
import { DEFAULT_OUTBOX_DIR, DISPATCHER_BUNDLE, defaultTemplatesDir, REPO_ROOT } from '../paths.js';
import { type Studio, type StudioOptions, startStudio } from '../server/start-studio.js';
import { type CommandSpec, formatHelp, HELP_OPTION, parseCommand, str } from './args.js';
import { shortPath, style } from './output.js';
import { ensureDispatcherBundle } from './prebuild.js';

export const DEV: CommandSpec = {
  name: 'dev',
  summary: 'the studio: preview every email, live reload, outbox, send tests',
  usage: ['pnpm dev [-- options]', 'pnpm mailroom dev [options]'],
  description:
    'Serves the preview UI, recompiles a template within ~a second of a save (MJML/Handlebars errors show as\n' +
    'an overlay with file and line), shows the outbox, and sends tests through the real dispatcher bundle\n' +
    'against an in-process KMS stand-in. No AWS account or provider keys needed.',
  options: [
    {
      name: 'port',
      short: 'p',
      type: 'string',
      value: '<n>',
      description: 'preferred port (default $PORT or 3000; the next free one if taken)',
    },
    {
      name: 'host',
      type: 'string',
      value: '<addr>',
      description:
        'interface to listen on (default 127.0.0.1); on 0.0.0.0, :: or a LAN address the API needs the printed token',
    },
    {
      name: 'allowed-host',
      type: 'string',
      value: '<name>',
      multiple: true,
      description:
        'another Host name the studio answers to (repeatable); loopback and this machine are allowed',
    },
    {
      name: 'templates-dir',
      type: 'string',
      value: '<dir>',
      description: 'template sources (default packages/templates)',
    },
    {
      name: 'outbox-dir',
      type: 'string',
      value: '<dir>',
      description: 'outbox folder (default <repo>/.mailroom/outbox)',
    },
    {
      name: 'provider',
      type: 'string',
      value: '<name>',
      description: `default for "Send test": ${PROVIDER_NAMES.join(', ')} (default outbox)`,
    },
    {
      name: 'from',
      type: 'string',
      value: '<address>',
      description: 'EMAIL_FROM for sends (default "Mailroom Dev <dev@mailroom.local>")',
    },
    { name: 'open', type: 'boolean', description: 'open the studio in your browser' },
    { name: 'no-watch', type: 'boolean', description: 'no live reload' },
    {
      name: 'no-build',
      type: 'boolean',
      description: 'do not build a missing or stale dispatcher bundle ("Send test" needs it)',
    },
    HELP_OPTION,
  ],
  examples: [
    'pnpm dev',
    'pnpm dev -- --port 4000 --open',
    'pnpm dev -- --host 0.0.0.0 --allowed-host studio.team.lan',
    'pnpm mailroom dev --templates-dir ./my-templates',
  ],
};

function parsePort(value: string | undefined): number {
  const raw = value ?? process.env.PORT ?? '3000';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) {
    throw new StudioError(`--port "${raw}" is not a port number; use 0–65535, e.g. --port 3000`);
  }
  return port;
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(style.yellow(`  could not open a browser; visit ${url}\n`)));
  child.unref();
}

type DevValues = ReturnType<typeof parseCommand>['values'];

/** The studio's options from the flags; every bad flag is refused before anything starts. */
function studioOptionsFrom(
  values: DevValues,
): StudioOptions & { port: number; templatesDir: string; outboxDir: string } {
  const port = parsePort(str(values, 'port'));
  const provider = str(values, 'provider');
  if (provider) parseProviders(provider);
  const templatesDir = resolve(str(values, 'templates-dir') ?? defaultTemplatesDir());
  const outboxDir = resolve(str(values, 'outbox-dir') ?? DEFAULT_OUTBOX_DIR);
  if (!existsSync(join(templatesDir, 'templates'))) {
    throw new StudioError(
      `--templates-dir ${templatesDir} has no templates/ folder; point it at a folder holding templates/, ` +
        'layouts/, partials/, locales/ and brands/ (like packages/templates)',
    );
  }
  const allowedHosts = ([] as unknown[])
    .concat(values['allowed-host'] ?? [])
    .filter((h): h is string => typeof h === 'string' && h.trim() !== '');
  const host = str(values, 'host');
  const from = str(values, 'from');
  return {
    port,
    templatesDir,
    outboxDir,
    watch: values['no-watch'] !== true,
    ...(host ? { host } : {}),
    ...(allowedHosts.length > 0 ? { allowedHosts } : {}),
    ...(provider ? { provider } : {}),
    ...(from ? { from } : {}),
    // Only for the package's own sources: the bundle is built from packages/templates, not another folder.
    ...(values['no-build'] !== true && templatesDir === resolve(defaultTemplatesDir())
      ? { rebuildBundle: () => ensureDispatcherBundle() }
      : {}),
    log: (line) => process.stdout.write(`  ${style.dim(new Date().toLocaleTimeString())} ${line}\n`),
  };
}

/** "Send test" runs the deployable bundle: build it now (turbo usually has) rather than on the first click. */
async function bundleNote(skip: boolean): Promise<string> {
  try {
    await ensureDispatcherBundle({ skip });
    return relative(REPO_ROOT, DISPATCHER_BUNDLE);
  } catch (error) {
    return style.yellow(`not available — ${(error as Error).message.split('\n')[0]}`);
  }
}

/** The banner's rows: where the studio, its sources, its outbox, the KMS stand-in and the bundle are. */
function bannerRows(studio: Studio, watching: boolean, bundle: string): [string, string][] {
  const info = studio.dispatcher.info();
  // On a network address, the URL others open: same token, this machine's name instead of localhost.
  const network: [string, string][] = studio.token
    ? [
        [
          'Network',
          `${style.cyan(studio.url.replace('//localhost:', `//${hostname()}:`))} ${style.dim('(the token is required)')}`,
        ],
      ]
    : [];
  return [
    ['Studio', style.cyan(style.bold(studio.url))],
    ...network,
    ['Templates', `${shortPath(studio.templatesDir, REPO_ROOT)}${watching ? style.dim(' (watching)') : ''}`],
    ['Outbox', shortPath(studio.outboxDir, REPO_ROOT)],
    ['KMS', `${info.kmsUrl} ${style.dim(`stand-in, key ${info.keyArn}`)}`],
    ['Dispatcher', `${bundle} ${style.dim(`via ${info.provider}`)}`],
  ];
}

function printBanner(studio: Studio, rows: [string, string][], port: number, startedMs: number): void {
  process.stdout.write(
    `\n  ${style.bold('Mailroom Studio')} ${style.dim(`ready in ${Math.round(performance.now() - startedMs)} ms`)}\n\n`,
  );
  for (const [k, v] of rows) process.stdout.write(`  ${style.green('➜')}  ${k.padEnd(11)}${v}\n`);
  if (port !== 0 && studio.port !== port) {
    process.stdout.write(style.yellow(`\n  port ${port} was busy, so the studio took ${studio.port}\n`));
  }
  process.stdout.write(`\n  ${style.dim('compiling templates… press Ctrl+C to stop')}\n`);
}

/** Reports a failed first compile, and stops cleanly on Ctrl+C (a second one forces exit). */
function superviseStudio(studio: Studio): void {
  studio.ready.catch((error: unknown) => {
    process.stderr.write(
      style.red(`\n  ✗ the studio could not compile the templates: ${(error as Error).message}\n`),
    );
  });
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stdout.write(style.dim('\n  stopping…\n'));
    studio.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * `mailroom dev`: starts the studio and resolves once it is serving (the process keeps running).
 * Returns the exit code for `--help`, or the running studio.
 * @example const started = await runDev(['--port', '0']);
 */
export async function runDev(argv: string[]): Promise<number | Studio> {
  const { values, positionals } = parseCommand(DEV, argv);
  if (values.help) {
    process.stdout.write(formatHelp(DEV));
    return 0;
  }
  if (positionals.length > 0) throw new StudioError(`unexpected argument "${positionals[0]}" (see --help)`);
  const options = studioOptionsFrom(values);
  const bundle = await bundleNote(values['no-build'] === true);
  const started = performance.now();
  const studio = await startStudio(options);
  printBanner(studio, bannerRows(studio, values['no-watch'] !== true, bundle), options.port, started);
  if (values.open) openBrowser(studio.url);
  superviseStudio(studio);
  return studio;
}
