/**
 * One table per command drives both `node:util` parseArgs and the `--help` text, so they cannot drift.
 */
import { parseArgs } from 'node:util';
import { StudioError } from '../errors.js';
import { style } from './output.js';

export interface OptionSpec {
  name: string;
  short?: string;
  type: 'string' | 'boolean';
  /** Placeholder in help, e.g. `<name>`. */
  value?: string;
  multiple?: boolean;
  description: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string[];
  description?: string;
  options: OptionSpec[];
  examples: string[];
  notes?: string[];
}

export const HELP_OPTION: OptionSpec = {
  name: 'help',
  short: 'h',
  type: 'boolean',
  description: 'show this help',
};

/**
 * Formats a command's help page.
 * @example console.log(formatHelp(INVOKE))
 */
export function formatHelp(spec: CommandSpec): string {
  const lines: string[] = [
    `${style.bold(`mailroom ${spec.name}`)} — ${spec.summary}`,
    '',
    style.bold('Usage'),
  ];
  for (const usage of spec.usage) lines.push(`  ${usage}`);
  if (spec.description) lines.push('', ...spec.description.split('\n').map((l) => `  ${l}`.trimEnd()));
  lines.push('', style.bold('Options'));
  const rows = spec.options.map((o) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`;
    return [flag, o.description] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  for (const [flag, description] of rows) lines.push(`  ${flag.padEnd(width)}${description}`);
  if (spec.examples.length > 0) {
    lines.push('', style.bold('Examples'));
    for (const example of spec.examples) lines.push(`  ${example}`);
  }
  if (spec.notes?.length) {
    lines.push('');
    for (const note of spec.notes) lines.push(note);
  }
  return `${lines.join('\n')}\n`;
}

type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * Parses a command's arguments strictly; unknown options and missing values become a `StudioError` that
 * lists the valid options.
 * @example const { values } = parseCommand(INVOKE, ['--trigger', 'SignUp'])
 */
export function parseCommand(spec: CommandSpec, argv: string[]): { values: Values; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const o of spec.options) {
    options[o.name] = {
      type: o.type,
      ...(o.short ? { short: o.short } : {}),
      ...(o.multiple ? { multiple: true } : {}),
    };
  }
  try {
    const parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    const err = error as Error & { code?: string };
    const valid = spec.options.map((o) => `--${o.name}`);
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'([^']+)'/.exec(err.message)?.[1] ?? 'option';
      throw new StudioError(`unknown option ${flag} for "mailroom ${spec.name}" (see --help)`, {
        choices: valid,
      });
    }
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = /--([\w-]+)/.exec(err.message)?.[0] ?? 'an option';
      const option = spec.options.find((o) => `--${o.name}` === flag);
      throw new StudioError(
        option?.type === 'boolean'
          ? `${flag} takes no value`
          : `${flag} needs a value${option?.value ? `: ${flag} ${option.value}` : ''} (see --help)`,
      );
    }
    throw new StudioError(`${err.message} (see mailroom ${spec.name} --help)`, { cause: err });
  }
}

/**
 * A string option's value, or undefined.
 * @example str(values, 'locale') // 'de'
 */
export function str(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
