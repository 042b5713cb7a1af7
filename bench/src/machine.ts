import { readFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR } from './paths.js';

/** Where the figures were taken (ratios travel, milliseconds do not). */
export function machineInfo(): Record<string, unknown> {
  const list = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${release()} ${process.arch}`,
    cpuModel: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const PACKAGES = [
  'esbuild',
  '@aws-crypto/client-node',
  '@aws-crypto/decrypt-node',
  '@aws-crypto/kms-keyring-node',
  '@aws-sdk/client-kms',
  '@sendgrid/mail',
  'mjml',
  'handlebars',
  'base64-js',
];

/** Installed versions of everything the contestants are made of. */
export async function versions(): Promise<Record<string, string>> {
  const out: Record<string, string> = { node: process.version };
  for (const name of PACKAGES) {
    try {
      const pkg = JSON.parse(
        await readFile(join(BENCH_DIR, 'node_modules', name, 'package.json'), 'utf8'),
      ) as {
        version?: string;
      };
      out[name] = pkg.version ?? 'unknown';
    } catch {
      out[name] = 'not installed';
    }
  }
  return out;
}
