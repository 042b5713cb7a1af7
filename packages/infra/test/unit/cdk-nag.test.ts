import { type App, type Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { build, EXISTING_POOL_ID } from './stacks.js';

// Each mode with the exact acknowledgements it should need: a stale one (rule no longer firing) or a new
// finding both show up as a difference.
const modes = {
  'created pool': {
    built: build(),
    expected: ['COG2', 'COG8', 'DDB3', 'L1', 'SMG4', 'SQS3'],
  },
  'existing pool': {
    built: build({ existingUserPoolId: EXISTING_POOL_ID, emailProvider: 'ses' }),
    expected: ['DDB3', 'L1', 'SMG4', 'SQS3'],
  },
  'every option flipped': {
    built: build({
      emailProvider: 'mailgun,smtp',
      idempotency: false,
      selfSignUpEnabled: true,
      providerSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:mailroom/providers-AbCdEf',
      alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:mailroom-alarms',
    }),
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

describe.each(Object.entries(modes))(
  'cdk-nag AwsSolutions, %s',
  (_mode, { built, expected }: { built: { app: App; stack: Stack }; expected: string[] }) => {
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

    it('gives every acknowledgement a reason', () => {
      const acks = acknowledgements(built.stack);

      expect(acks.map((a) => a.id.replace('AwsSolutions-', '')).sort()).toEqual(expected);
      for (const ack of acks) expect(ack.reason.length).toBeGreaterThan(40);
    });
  },
);
