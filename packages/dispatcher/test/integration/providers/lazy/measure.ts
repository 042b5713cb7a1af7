/**
 * Cold-start cost of each provider in the built bundle: imports `dist/index.js` (its top-level await runs
 * the whole init: config, provider modules, clients) in fresh Node processes, interleaving configurations
 * so machine noise hits them all alike, and prints the median import time of each.
 *
 * Run from packages/dispatcher after `pnpm bundle`:
 *   pnpm exec tsx test/integration/providers/lazy/measure.ts [runs=9]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runner = fileURLToPath(new URL('./bundle-runner.mjs', import.meta.url));
const bundle = fileURLToPath(new URL('../../../../dist/index.js', import.meta.url));
const runs = Number(process.argv[2] ?? 9);
const CONFIGS = ['sendgrid', 'mailgun', 'brevo', 'ses', 'smtp', 'sendgrid,mailgun,brevo,ses,smtp'];

const env = (providers: string) => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  // The AWS SDK's Node 20 deprecation notice would otherwise be printed by every run.
  NODE_NO_WARNINGS: '1',
  EMAIL_PROVIDER: providers,
  EMAIL_FROM: 'Mailroom <no-reply@mailroom.test>',
  KMS_KEY_ARN: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_EC2_METADATA_DISABLED: 'true',
  SENDGRID_API_KEY: 'SG.measure',
  MAILGUN_API_KEY: 'key-measure',
  MAILGUN_DOMAIN: 'mg.mailroom.test',
  BREVO_API_KEY: 'xkeysib-measure',
  SMTP_URL: 'smtp://127.0.0.1:2525',
});

const samples = new Map<string, number[]>(CONFIGS.map((c) => [c, []]));
const cpuSamples = new Map<string, number[]>(CONFIGS.map((c) => [c, []]));
for (let i = 0; i < runs; i += 1) {
  for (const config of CONFIGS) {
    const out = execFileSync(process.execPath, [runner, bundle], { env: env(config), encoding: 'utf8' });
    const { importMs, cpuMs } = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
      importMs: number;
      cpuMs: number;
    };
    samples.get(config)?.push(importMs);
    cpuSamples.get(config)?.push(cpuMs);
  }
}
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const base = median(samples.get('sendgrid') ?? []);
const cpuBase = median(cpuSamples.get('sendgrid') ?? []);
const signed = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(1)}`;
console.log(`bundle import + init, median of ${runs} cold starts (Node ${process.version}): wall | CPU`);
for (const config of CONFIGS) {
  const wall = median(samples.get(config) ?? []);
  const cpu = median(cpuSamples.get(config) ?? []);
  console.log(
    `  EMAIL_PROVIDER=${config.padEnd(32)} ${wall.toFixed(1).padStart(7)} ms (${signed(wall - base)}) | ` +
      `${cpu.toFixed(1).padStart(7)} ms (${signed(cpu - cpuBase)}) vs sendgrid`,
  );
}
