/**
 * `startLocalDispatcher({ prepare: true })` (what the studio starts): the bundle is imported and the default
 * provider's handler initialised in the background, before any send, and the first send reuses that handler
 * instead of paying the cold start. The bundle here is a small ES module on disk with the real bundle's
 * `createHandler` contract, so what the loader did is observable; the KMS stand-in and event factory are real.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalDispatcher, startLocalDispatcher } from '../../../src/dispatch/local-dispatcher.js';

/** Records each step of the bundle's life in `globalThis.preparedBundleLog`, and sends every event. */
const BUNDLE = `
const log = (globalThis.preparedBundleLog ??= []);
log.push('import');
export function createHandler({ env, onOutcome }) {
  log.push(\`createHandler \${env.EMAIL_PROVIDER}\`);
  const handler = async () => {
    log.push('invoke');
    onOutcome({ event: 'email_sent', templateId: 'sign-up', locale: 'en', brand: 'default',
      provider: env.EMAIL_PROVIDER, messageId: '<prepared@test>', providerMs: 1 });
  };
  handler.init = async () => void log.push('init');
  return handler;
}
`;

const log = (): string[] => (globalThis as { preparedBundleLog?: string[] }).preparedBundleLog ?? [];

let root: string;
let local: LocalDispatcher;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mailroom-prepare-'));
  const bundle = join(root, 'index.mjs');
  await writeFile(bundle, BUNDLE);
  local = await startLocalDispatcher({ bundle, outboxDir: join(root, 'outbox'), prepare: true });
});

afterAll(async () => {
  await local?.close();
  await rm(root, { recursive: true, force: true });
});

describe('startLocalDispatcher({ prepare: true })', () => {
  it('imports the bundle and initialises the default handler before any send, and the first send reuses it', async () => {
    // Arrange: the preparation runs on its own, no send asked for it.
    await vi.waitFor(() => expect(log()).toEqual(['import', 'createHandler outbox', 'init']), {
      timeout: 30_000,
    });

    // Act
    const result = await local.send({ trigger: 'SignUp', email: 'jane@example.com' });

    // Assert
    expect(result.messageId).toBe('<prepared@test>');
    expect(log()).toEqual(['import', 'createHandler outbox', 'init', 'invoke']);
  });
});
