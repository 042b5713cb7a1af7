/**
 * `pnpm mailroom …` as a user runs it: a child process from the repo root, through bin/mailroom.js.
 */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRIGGERS } from '@mailroom/shared-types';
import { startSendGridStandIn } from '@mailroom/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDispatcherBundle } from '../../src/cli/prebuild.js';
import { REPO_ROOT, STUDIO_DIR, TEMPLATE_REGISTRY } from '../../src/paths.js';
import { linksOfEml } from '../support/links.js';

const BIN = join(STUDIO_DIR, 'bin', 'mailroom.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function mailroom(
  args: string[],
  env: Record<string, string> = {},
  baseEnv: NodeJS.ProcessEnv = process.env,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...baseEnv, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let outboxDir: string;

beforeAll(async () => {
  outboxDir = await mkdtemp(join(tmpdir(), 'mailroom-cli-e2e-'));
  // CI builds the bundle first (turbo); a local run may need it built or refreshed.
  await ensureDispatcherBundle();
}, 180_000);

afterAll(async () => {
  if (outboxDir) await rm(outboxDir, { recursive: true, force: true });
});

describe('mailroom CLI', () => {
  it('prints usage, every option and the trigger names for invoke --help', async () => {
    const run = await mailroom(['invoke', '--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('pnpm mailroom invoke --trigger <name> --email <address>');
    for (const flag of ['--trigger', '--email', '--locale', '--brand', '--provider', '--code', '--help']) {
      expect(run.stdout).toContain(flag);
    }
    for (const trigger of TRIGGERS) expect(run.stdout).toContain(trigger.name);
  });

  it('prints help for dev and for the CLI itself', async () => {
    const [dev, top] = await Promise.all([mailroom(['dev', '--help']), mailroom(['--help'])]);

    expect(dev.code).toBe(0);
    expect(dev.stdout).toContain('--port');
    expect(dev.stdout).toContain('--templates-dir');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^\s+dev\s/m);
    expect(top.stdout).toMatch(/^\s+invoke\s/m);
  });

  it('rejects an unknown trigger with a non-zero exit and lists the valid ones', async () => {
    const run = await mailroom(['invoke', '--trigger', 'PasswordReset', '--email', 'jane@example.com']);

    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('unknown trigger "PasswordReset"');
    for (const trigger of TRIGGERS) expect(run.stderr).toContain(trigger.name);
    expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('rejects an unknown provider and an unknown option, naming the valid choices', async () => {
    const [provider, option] = await Promise.all([
      mailroom(['invoke', '-t', 'SignUp', '-e', 'jane@example.com', '--provider', 'postmark']),
      mailroom(['invoke', '-t', 'SignUp', '--emial', 'jane@example.com']),
    ]);

    expect(provider.code).not.toBe(0);
    expect(provider.stderr).toContain('unknown provider "postmark"');
    expect(provider.stderr).toContain('sendgrid');
    expect(option.code).not.toBe(0);
    expect(option.stderr).toContain('unknown option --emial');
    expect(option.stderr).toContain('--email');
  });

  it('sends through the real bundle and writes an .eml holding the code to the outbox', async () => {
    // Arrange
    const code = String(randomInt(100_000, 1_000_000));

    // Act
    const run = await mailroom([
      'invoke',
      '--trigger',
      'ForgotPassword',
      '--email',
      'jane@example.com',
      '--locale',
      'de',
      '--code',
      code,
      '--outbox-dir',
      outboxDir,
    ]);

    // Assert
    expect(run.stderr).not.toContain('✗');
    expect(run.code).toBe(0);
    const emls = (await readdir(outboxDir)).filter((name) => name.endsWith('.eml'));
    expect(emls).toHaveLength(1);
    const eml = await readFile(join(outboxDir, emls[0] ?? ''), 'utf8');
    expect(eml).toContain(code);
    expect(eml).toMatch(/^To: jane@example\.com$/m);
    expect(eml).toMatch(/^X-Mailroom-Template: forgot-password$/m);
    expect(run.stdout).toContain(emls[0]);
    expect(run.stdout).toMatch(/locale\s+de/);
    expect(run.stdout).toMatch(/provider\s+outbox/);
  }, 120_000);

  it("links to the brand's appUrl, not a local studio, unless APP_URL is given", async () => {
    // Regression guard (issue 16 item 7): invoke defaulted APP_URL to http://localhost:3000, so sent mail
    // linked to the studio (404) while the preview showed the brand's https URLs.
    const { APP_URL: _unset, ...withoutAppUrl } = process.env;
    const invoke = (dir: string, env: Record<string, string> = {}) =>
      mailroom(
        ['invoke', '-t', 'SignUp', '-e', 'jane@example.com', '--brand', 'acme', '--outbox-dir', dir],
        env,
        withoutAppUrl,
      );
    const linksIn = async (dir: string) => {
      const [eml] = (await readdir(dir)).filter((name) => name.endsWith('.eml'));
      return linksOfEml(await readFile(join(dir, eml ?? '')));
    };

    // Act
    const byBrand = await invoke(join(outboxDir, 'brand'));
    const byEnv = await invoke(join(outboxDir, 'env'), { APP_URL: 'https://staging.acme.example' });

    // Assert: the link carrying the code (the one APP_URL builds) goes where the brand or APP_URL says.
    expect([byBrand.code, byEnv.code], byBrand.stderr + byEnv.stderr).toEqual([0, 0]);
    const brandLinks = await linksIn(join(outboxDir, 'brand'));
    const codeLinks = brandLinks.filter((url) => /[?&]code=/.test(url));
    expect(codeLinks.length).toBeGreaterThan(0);
    for (const url of codeLinks) expect(url).toMatch(/^https:\/\/my\.acme\.example\//);
    for (const url of brandLinks) expect(url).not.toMatch(/localhost|127\.0\.0\.1/);
    const envCodeLinks = (await linksIn(join(outboxDir, 'env'))).filter((url) => /[?&]code=/.test(url));
    expect(envCodeLinks.length).toBeGreaterThan(0);
    for (const url of envCodeLinks) expect(url).toMatch(/^https:\/\/staging\.acme\.example\//);
  }, 120_000);

  it('rebuilds a stale registry and bundle with no pnpm on PATH, then delivers to the outbox', async () => {
    // Regression guard (issue 13): the README's npx-only setup has no pnpm on PATH; a rebuild spawned a bare
    // `pnpm` and invoke failed with "spawn pnpm ENOENT".
    // Arrange: a PATH holding only `node`, no package manager's variables, a registry older than its sources.
    const root = await mkdtemp(join(tmpdir(), 'mailroom-cli-no-pnpm-'));
    try {
      const bin = join(root, 'bin');
      const outbox = join(root, 'outbox');
      await mkdir(bin);
      await symlink(process.execPath, join(bin, 'node'));
      const bare = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
      const longAgo = new Date('2020-01-01T00:00:00Z');
      await utimes(TEMPLATE_REGISTRY, longAgo, longAgo);

      // Act
      const run = await mailroom(
        ['invoke', '--trigger', 'ForgotPassword', '--email', 'jane@example.com', '--outbox-dir', outbox],
        { PATH: bin },
        bare,
      );

      // Assert
      const output = run.stdout + run.stderr;
      expect(output).not.toContain('ENOENT');
      expect(run.code).toBe(0);
      expect(output).toContain('✓ Rebuilding the template registry');
      expect(output).toContain('✓ Re-bundling the dispatcher');
      const emls = (await readdir(outbox)).filter((name) => name.endsWith('.eml'));
      expect(emls).toHaveLength(1);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 180_000);

  it('passes provider credentials from the environment through to a real provider SDK', async () => {
    // Arrange: SendGrid's wire protocol on loopback, reached the way a real key would reach SendGrid.
    const sendgrid = await startSendGridStandIn({ apiKey: 'SG.e2e-key' });
    const code = String(randomInt(100_000, 1_000_000));

    try {
      // Act
      const run = await mailroom(
        ['invoke', '-t', 'SignUp', '-e', 'real@example.com', '--provider', 'sendgrid', '--code', code],
        { SENDGRID_API_KEY: 'SG.e2e-key', SENDGRID_API_URL: sendgrid.url },
      );

      // Assert
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/provider\s+sendgrid/);
      expect(sendgrid.accepted).toHaveLength(1);
      const [message] = sendgrid.accepted;
      expect(message?.to).toEqual(['real@example.com']);
      expect(message?.html).toContain(code);
      expect(run.stdout).toContain(message?.messageId ?? 'no message id');
    } finally {
      await sendgrid.close();
    }
  }, 120_000);

  it('never prints a code it generated itself', async () => {
    const run = await mailroom([
      'invoke',
      '-t',
      'SignUp',
      '-e',
      'jane@example.com',
      '--outbox-dir',
      outboxDir,
    ]);

    expect(run.code).toBe(0);
    const file = /outbox file\s+(\S+)/.exec(run.stdout)?.[1] ?? '';
    const eml = await readFile(file, 'utf8');
    // The generated code is the only 6-digit run in the text part; it must not appear in our output.
    const generated = /\b(\d{6})\b/.exec(eml.split('Content-Type: text/plain')[1] ?? '')?.[1];
    expect(generated).toMatch(/^\d{6}$/);
    expect(run.stdout + run.stderr).not.toContain(generated);
  }, 120_000);
});
