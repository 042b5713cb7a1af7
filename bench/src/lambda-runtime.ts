/**
 * How every child process starts: the way Lambda's nodejs22.x runtime starts the function (the pinned Node 22
 * binary, the bootstrap's heap flags on the command line for the function's memory size, the function's
 * `NODE_OPTIONS` in the environment), all taken from packages/infra/src/runtime.ts, which the stack deploys.
 */
import { execFileSync } from 'node:child_process';
import {
  FUNCTION_MEMORY_MB,
  FUNCTION_NODE_OPTIONS,
  lambdaBootstrapArgs,
  lambdaNodeBinary,
} from '../../packages/infra/src/runtime.js';

/** What the report states about the children's runtime. */
export interface ChildRuntime {
  /** Path of the Node binary. */
  node: string;
  /** `node --version` of that binary. */
  version: string;
  /** Flags before the script, as the bootstrap passes them. */
  args: string[];
  /** The function's `NODE_OPTIONS` (undefined: not set). */
  nodeOptions: string | undefined;
  memoryMb: number;
}

let cached: ChildRuntime | undefined;

/**
 * The runtime every child runs under (cached).
 * @example const { node, args } = childRuntime();
 */
export function childRuntime(): ChildRuntime {
  if (cached === undefined) {
    const node = lambdaNodeBinary();
    cached = {
      node,
      version: execFileSync(node, ['--version'], { encoding: 'utf8' }).trim(),
      args: lambdaBootstrapArgs(FUNCTION_MEMORY_MB),
      nodeOptions: FUNCTION_NODE_OPTIONS,
      memoryMb: FUNCTION_MEMORY_MB,
    };
  }
  return cached;
}

/**
 * One line for the report: binary version, command-line flags and NODE_OPTIONS.
 * @example describeRuntime(childRuntime()); // 'Node v22.23.5, `--expose-gc … --max-old-space-size=922`, NODE_OPTIONS unset'
 */
export function describeRuntime(r: ChildRuntime): string {
  const options = r.nodeOptions === undefined ? 'NODE_OPTIONS unset' : `NODE_OPTIONS=\`${r.nodeOptions}\``;
  return `Node ${r.version}, \`${r.args.join(' ')}\` (nodejs22.x bootstrap at ${r.memoryMb} MB), ${options}`;
}
