import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import type { MailroomStackProps } from '../../src/mailroom-stack.js';
import { build, EXISTING_POOL_ID } from './stacks.js';

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

/** Every acknowledgement recorded in the tree (metadata `{ "<Namespace>::<rule>": reason }`). */
function acknowledgements(scope: IConstruct): { path: string; id: string; reason: string }[] {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id: id.replace(/^[A-Za-z]+::/, ''),
          reason,
        })),
      ),
  );
}

/** Removes every acknowledgement from a tree, to see the raw findings they answer. */
function dropAcknowledgements(scope: IConstruct): void {
  for (const c of scope.node.findAll()) {
    // constructs exposes metadata read-only; this test-only reach into its backing array is the one way to
    // run the pack over the very same tree without the acknowledgements.
    const node = c.node as unknown as { _metadata?: { type: string }[] };
    if (node._metadata) {
      node._metadata = node._metadata.filter((m) => m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    }
  }
}

const short = (ruleName: string) => ruleName.replace('AwsSolutions-', '');

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
