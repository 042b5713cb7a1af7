import { StudioError } from '../errors.js';
import type { CommandSpec } from './args.js';
import { DEV, runDev } from './dev.js';
import { INVOKE, runInvoke } from './invoke.js';
import { style } from './output.js';

const COMMANDS: Record<string, { spec: CommandSpec; run: (argv: string[]) => Promise<unknown> }> = {
  dev: { spec: DEV, run: runDev },
  invoke: { spec: INVOKE, run: runInvoke },
};

function topHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 4;
  return [
    `${style.bold('mailroom')} — local tools for Mailroom, the Cognito custom email sender`,
    '',
    style.bold('Usage'),
    '  pnpm mailroom <command> [options]',
    '  pnpm dev                      same as: pnpm mailroom dev',
    '',
    style.bold('Commands'),
    ...Object.entries(COMMANDS).map(([name, { spec }]) => `  ${name.padEnd(width)}${spec.summary}`),
    `  ${'help'.padEnd(width)}show help for a command`,
    '',
    'Run "pnpm mailroom <command> --help" for its options.',
    '',
  ].join('\n');
}

/**
 * Runs the CLI and returns the exit code, or `null` while a long-running command (dev) keeps going.
 * Errors a person can fix print as one clear message (exit 2 for usage, 1 otherwise), never a bare stack.
 * @example process.exitCode = (await main(process.argv.slice(2))) ?? undefined;
 */
export async function main(argv: string[]): Promise<number | null> {
  const [first, ...rest] = argv;
  try {
    return await route(first, rest);
  } catch (error) {
    return reportError(error, first);
  }
}

/** Help, version, or the named command; `null` while a long-running command keeps going. */
async function route(first: string | undefined, rest: string[]): Promise<number | null> {
  if (!first || first === '--help' || first === '-h') {
    process.stdout.write(topHelp());
    return first ? 0 : 2;
  }
  if (first === 'help') return helpFor(rest[0]);
  if (first === '--version' || first === '-V') {
    process.stdout.write('mailroom 0.1.0\n');
    return 0;
  }
  const command = COMMANDS[first];
  if (!command) {
    throw new StudioError(`unknown command "${first}" (see pnpm mailroom --help)`, {
      choices: Object.keys(COMMANDS),
    });
  }
  const result = await command.run(rest);
  return typeof result === 'number' ? result : null;
}

async function helpFor(target: string | undefined): Promise<number> {
  if (!target) {
    process.stdout.write(topHelp());
    return 0;
  }
  const command = COMMANDS[target];
  if (!command) throw new StudioError(`unknown command "${target}"`, { choices: Object.keys(COMMANDS) });
  return (await command.run(['--help'])) as number;
}

/** A person-fixable error as one line (exit 2 for usage, 1 otherwise); anything else with its stack. */
function reportError(error: unknown, first: string | undefined): number {
  const err = error as Error & { code?: string };
  if (error instanceof StudioError) {
    process.stderr.write(
      `${style.red('✗')} mailroom ${COMMANDS[first ?? ''] ? `${first}: ` : ''}${err.message}\n`,
    );
    return error.code === 'INVALID_USAGE' ? 2 : 1;
  }
  // Unexpected: keep the stack, but lead with the one line that says what failed.
  process.stderr.write(
    `${style.red('✗')} mailroom ${first ?? ''} failed: ${err.message}\n${style.dim(err.stack ?? '')}\n`,
  );
  return 1;
}
