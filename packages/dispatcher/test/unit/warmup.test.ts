/**
 * warmupOrigins (src/warmup.ts): which connections a cold start opens before loading the rest of the bundle,
 * from the environment alone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { PreconnectAgent } from '../../src/providers/kit/warm-agent.js';
import { startWarmup, warmupOrigins } from '../../src/warmup.js';

const ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/**
 * A TCP listener in another process (this one is about to block its event loop). It prints `hello` when a
 * connection's first bytes (a ClientHello) arrive and `mark` for each line on its stdin, in the order it sees
 * them. It answers nothing.
 */
async function startHelloRecorder(): Promise<{ port: number; child: ChildProcess; seen: () => string[] }> {
  const script = [
    "const server = require('node:net').createServer((socket) => {",
    "  socket.once('data', () => console.log('hello'));",
    "  socket.on('error', () => {});",
    '});',
    // Two turns before printing: a ClientHello that arrived first is read before the mark is printed, even
    // when this process was starved and wakes up with both pending.
    "process.stdin.on('data', () => setImmediate(() => setImmediate(() => console.log('mark'))));",
    "server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));",
  ].join('\n');
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  while (!/port \d+/.test(out)) await once(child.stdout as NodeJS.ReadableStream, 'data');
  const port = Number(/port (\d+)/.exec(out)?.[1]);
  const seen = () => out.split('\n').filter((line) => line === 'hello' || line === 'mark');
  return { port, child, seen };
}

/** Blocks the event loop the way loading a module graph does on Node 22 (one run of promise jobs). */
function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: no callback runs
  }
}

describe('warmupOrigins', () => {
  it('names the regional KMS endpoint of the first key ARN and SendGrid as the first provider', () => {
    // Act
    const origins = warmupOrigins({
      KMS_KEY_ARN: `${ARN},arn:aws:kms:us-east-1:1:key/x`,
      EMAIL_PROVIDER: 'sendgrid,ses',
    });

    // Assert
    expect(origins).toEqual(['https://kms.eu-west-1.amazonaws.com', 'https://api.sendgrid.com']);
  });

  it('follows the endpoint overrides the SDKs follow', () => {
    // Act
    const origins = warmupOrigins({
      KMS_KEY_ARN: ARN,
      AWS_ENDPOINT_URL_KMS: 'https://kms.internal.example:8443',
      EMAIL_PROVIDER: 'sendgrid',
      SENDGRID_API_URL: 'https://sendgrid-proxy.example',
    });

    // Assert
    expect(origins).toEqual(['https://kms.internal.example:8443', 'https://sendgrid-proxy.example']);
  });

  it('names Secrets Manager first, in the secret ARN’s region or at its endpoint override', () => {
    // Act
    const secretArn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:mailroom/providers-AbCdEf';
    const regional = warmupOrigins({ EMAIL_SECRETS_ARN: secretArn, AWS_REGION: 'eu-west-1' });
    const override = warmupOrigins({
      EMAIL_SECRETS_ARN: secretArn,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'https://secrets.internal.example',
      KMS_KEY_ARN: ARN,
    });

    // Assert
    expect(regional).toEqual(['https://secretsmanager.us-east-1.amazonaws.com']);
    expect(override).toEqual(['https://secrets.internal.example', 'https://kms.eu-west-1.amazonaws.com']);
  });

  it('names DynamoDB in AWS_REGION when the idempotency table is on', () => {
    // Act
    const origins = warmupOrigins({ AWS_REGION: 'eu-west-1', IDEMPOTENCY_TABLE: 'mailroom-idempotency' });

    // Assert
    expect(origins).toEqual(['https://dynamodb.eu-west-1.amazonaws.com']);
  });

  it('leaves the AWS services out under FIPS or dual-stack endpoints, which it does not guess', () => {
    // Act
    const origins = warmupOrigins({
      KMS_KEY_ARN: ARN,
      AWS_REGION: 'eu-west-1',
      IDEMPOTENCY_TABLE: 'mailroom-idempotency',
      AWS_USE_FIPS_ENDPOINT: 'true',
    });

    // Assert
    expect(origins).toEqual([]);
  });

  it('names SES in its region, or at AWS_ENDPOINT_URL_SESV2, when it is the first provider', () => {
    // Act
    const regional = warmupOrigins({ EMAIL_PROVIDER: 'ses,sendgrid', AWS_REGION: 'eu-west-1' });
    const ownRegion = warmupOrigins({
      EMAIL_PROVIDER: 'ses',
      AWS_REGION: 'eu-west-1',
      SES_REGION: 'us-east-1',
    });
    const override = warmupOrigins({
      EMAIL_PROVIDER: 'ses',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_SESV2: 'https://ses.internal.example',
    });

    // Assert
    expect([regional, ownRegion, override]).toEqual([
      ['https://email.eu-west-1.amazonaws.com'],
      ['https://email.us-east-1.amazonaws.com'],
      ['https://ses.internal.example'],
    ]);
  });

  it('leaves out Brevo (its fetch would load undici), Mailgun (no agent option), SMTP and the outbox', () => {
    // Act
    const origins = ['brevo', 'mailgun', 'smtp', 'outbox'].flatMap((p) =>
      warmupOrigins({ EMAIL_PROVIDER: `${p},sendgrid`, AWS_REGION: 'eu-west-1' }),
    );

    // Assert
    expect(origins).toEqual([]);
  });

  it('reads EMAIL_PROVIDER as the env contract does: trimmed, any case, unknown names dropped (init reports them)', () => {
    // Act
    const origins = warmupOrigins({ KMS_KEY_ARN: ARN, EMAIL_PROVIDER: ' SendGrid , ses' });
    const unknown = warmupOrigins({ KMS_KEY_ARN: ARN, EMAIL_PROVIDER: 'postmark,sendgrid' });

    // Assert
    expect(origins).toEqual(['https://kms.eu-west-1.amazonaws.com', 'https://api.sendgrid.com']);
    expect(unknown).toEqual(origins);
  });
});

describe('startWarmup', () => {
  it('opens nothing for http: endpoints (local stand-ins) and resolves at once', async () => {
    // Arrange
    const agent = new PreconnectAgent();

    // Act
    const warmup = startWarmup(
      { KMS_KEY_ARN: ARN, AWS_ENDPOINT_URL_KMS: 'http://127.0.0.1:1', EMAIL_PROVIDER: 'outbox' },
      agent,
    );
    await Promise.all([warmup.issued, warmup.secretsRequested]);

    // Assert
    expect(warmup.sockets).toEqual([]);
    expect(agent.pendingCount).toBe(0);
    agent.destroy();
  });

  it('has the ClientHello of every nearby service on the wire when `issued` resolves, before the caller blocks the event loop', async () => {
    // Arrange: KMS and SES (AWS endpoints of the region: waited for), each answered by another process
    const recorders: Awaited<ReturnType<typeof startHelloRecorder>>[] = [];
    const agent = new PreconnectAgent();
    try {
      recorders.push(await startHelloRecorder(), await startHelloRecorder());
      const [kms, ses] = recorders;

      // Act: what the entry does, then what loading the main chunk does to the event loop; the marks go out
      // (synchronous pipe writes) while it is still blocked, so a ClientHello sent only after the block
      // would be seen after its mark
      const warmup = startWarmup(
        {
          KMS_KEY_ARN: ARN,
          AWS_ENDPOINT_URL_KMS: `https://127.0.0.1:${kms?.port}`,
          EMAIL_PROVIDER: 'ses',
          AWS_ENDPOINT_URL_SESV2: `https://127.0.0.1:${ses?.port}`,
        },
        agent,
      );
      await warmup.issued;
      blockFor(200);
      for (const recorder of recorders) recorder.child.stdin?.write('mark\n');
      blockFor(50);
      for (const recorder of recorders) {
        while (recorder.seen().length < 2) await once(recorder.child.stdout as NodeJS.ReadableStream, 'data');
      }

      // Assert: each ClientHello before the mark (the entry before this change resolved after a nextTick: the
      // connects were issued, their ClientHellos waited for the next poll of the event loop, after the block)
      expect(warmup.sockets).toHaveLength(2);
      expect(recorders.map((recorder) => recorder.seen())).toEqual([
        ['hello', 'mark'],
        ['hello', 'mark'],
      ]);
    } finally {
      agent.destroy();
      for (const recorder of recorders) recorder.child.kill();
    }
  });
});
