import { afterEach, describe, expect, it } from 'vitest';
import { DecryptError, DispatcherError } from '../../../src/errors.js';
import { initialFacts } from '../../../src/outcome.js';
import { skip } from '../../../src/pipeline/delivery.js';
import { report } from '../../../src/pipeline/report.js';
import { invocation, outboxRuntime, type TestRuntime } from '../../support/runtime.js';

let test: TestRuntime | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

const facts = initialFacts({ triggerSource: 'CustomEmailSender_SignUp' }, 'r-report');

describe('report (step 9)', () => {
  it('writes one outcome line and hands the same facts to onOutcome', async () => {
    test = await outboxRuntime();

    report(test.rt, skip(invocation({}, 'r-skip'), 'trigger SignUp is in DISABLED_TRIGGERS'), 1.5);

    expect(test.lines).toEqual([
      expect.objectContaining({
        level: 'info',
        event: 'email_skipped',
        requestId: 'r-skip',
        msg: 'email skipped',
      }),
    ]);
    const { level: _l, time: _t, service: _s, component: _c, msg: _m, ...line } = test.lines[0] ?? {};
    expect(test.outcomes).toEqual([line]);
  });

  it('rethrows a retryable failure after reporting it, so Lambda retries', async () => {
    test = await outboxRuntime();
    const error = new DecryptError('KMS_TRANSIENT', 'KMS decrypt failed transiently', { retryable: true });

    expect(() => report(test?.rt as TestRuntime['rt'], { failed: true, error, facts }, 3)).toThrow(error);
    expect(test.outcomes).toEqual([
      expect.objectContaining({ event: 'email_failed', code: 'KMS_TRANSIENT', retryable: true }),
    ]);
  });

  it('reports a permanent failure and returns', async () => {
    test = await outboxRuntime();
    const error = new DispatcherError('NO_RECIPIENT', 'the user has no email attribute');

    report(test.rt, { failed: true, error, facts }, 3);

    expect(test.lines).toEqual([
      expect.objectContaining({
        level: 'error',
        event: 'email_failed',
        code: 'NO_RECIPIENT',
        retryable: false,
      }),
    ]);
  });

  it('logs an onOutcome that throws, and the outcome stands', async () => {
    test = await outboxRuntime({}, () => {
      throw new Error('callback broke');
    });

    report(test.rt, skip(invocation({}, 'r-cb'), 'duplicate'), 1);

    expect(test.lines.map((l) => l.event)).toEqual(['email_skipped', 'outcome_callback_failed']);
    expect(test.lines[1]).toMatchObject({
      level: 'warn',
      requestId: 'r-cb',
      err: { message: 'callback broke' },
    });
  });
});
