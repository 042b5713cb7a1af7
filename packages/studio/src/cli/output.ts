/** Terminal output: colour only on a TTY without NO_COLOR, and a progress line for slow steps. */
import { relative } from 'node:path';

const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
const wrap = (open: number, close: number) => (text: string) =>
  colour ? `\u001b[${open}m${text}\u001b[${close}m` : text;

export const style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  green: wrap(32, 39),
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
};

/** Progress of one slow step. */
export interface Progress {
  done(detail?: string): void;
  fail(detail?: string): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Shows `label` with a spinner and elapsed seconds on a TTY, or one line before and one after otherwise
 * (CI logs). Writes to stderr so `--json` output stays clean.
 * @example const p = progress('Building the dispatcher bundle'); await build(); p.done();
 */
export function progress(label: string): Progress {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const out = process.stderr;
  let timer: NodeJS.Timeout | undefined;
  if (out.isTTY) {
    let frame = 0;
    const draw = () => {
      out.write(
        `\r${style.cyan(FRAMES[frame++ % FRAMES.length] ?? '·')} ${label}… ${style.dim(elapsed())}\u001b[K`,
      );
    };
    draw();
    timer = setInterval(draw, 80);
  } else {
    out.write(`… ${label}\n`);
  }
  const finish = (mark: string, detail?: string) => {
    clearInterval(timer);
    const line = `${mark} ${label}${detail ? ` ${style.dim(`— ${detail}`)}` : ''} ${style.dim(`(${elapsed()})`)}`;
    out.write(out.isTTY ? `\r${line}\u001b[K\n` : `${line}\n`);
  };
  return {
    done: (detail) => finish(style.green('✓'), detail),
    fail: (detail) => finish(style.red('✗'), detail),
  };
}

/**
 * A path relative to `base` (default the cwd) when it lies inside it, else the absolute path.
 * @example shortPath('/repo/.mailroom/outbox/x.eml') // '.mailroom/outbox/x.eml' from /repo
 */
export function shortPath(path: string, base: string = process.cwd()): string {
  const rel = relative(base, path);
  return rel && !rel.startsWith('..') ? rel : path;
}
