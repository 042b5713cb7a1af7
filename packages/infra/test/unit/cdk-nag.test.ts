import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import type { MailroomStackProps } from '../../src/mailroom-stack.js';
import { acknowledgements, dropAcknowledgements, short } from '../support/nag.js';
import { build, EXISTING_POOL_ID } from '../support/stacks.js';

interface Mode {
  props: Partial<MailroomStackProps>;
  /** The acknowledgements this mode needs, no more, no fewer. */
  expected: string[];
}

const modes: Record<string, Mode> = {
  'created pool': { props: {}, expected: ['COG2', 'COG8', 'DDB3', 'L1', 'SMG4', 'SQS3'] },
  'existing pool': {
    props: { existingUserPoolId: EXISTING_POOL_ID, emailProvider: 'ses' },
    expected: ['DDB3', 'L1', 'SMG4', 'SQS3'],
  },
  'every option flipped': {
    props: {
      emailProvider: 'mailgun,smtp',
      idempotency: false,
      selfSignUpEnabled: true,
      providerSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:mailroom/providers-AbCdEf',
      alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:mailroom-alarms',
    },
    expected: ['COG2', 'COG8', 'L1', 'SQS3'],
  },
};

describe.each(Object.entries(modes))('cdk-nag AwsSolutions, %s', (_mode, { props, expected }) => {
  // One stack for the read-only checks; the last test builds its own because it strips metadata.
  const built = build(props);

  it('reports no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks(built.app).validateScope(built.stack);

    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('leaves no error or warning annotation on the stack', () => {
    const annotations = Annotations.fromStack(built.stack);

    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('acknowledges exactly the expected rules, each with a reason', () => {
    const acks = acknowledgements(built.stack);

    expect(acks.map((a) => short(a.id)).sort()).toEqual(expected);
    for (const ack of acks) expect(ack.reason.length).toBeGreaterThan(40);
  });

  it('needs every acknowledgement it makes (none is stale)', () => {
    const fresh = build(props);
    dropAcknowledgements(fresh.stack);

    const report = new AwsSolutionsChecks(fresh.app).validateScope(fresh.stack);

    expect(report.violations.map((v) => short(v.ruleName)).sort()).toEqual(expected);
  });
});
