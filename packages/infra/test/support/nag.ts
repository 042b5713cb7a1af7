/** Reading cdk-nag's results in tests: the acknowledgements a tree records, and the tree without them. */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * A rule name without its pack prefix.
 * @example short('AwsSolutions-L1'); // 'L1'
 */
export const short = (ruleName: string): string => ruleName.replace('AwsSolutions-', '');

/**
 * Every acknowledgement recorded in the tree (metadata `{ "<Namespace>::<rule>": reason }`).
 * @example acknowledgements(stack).map((a) => a.id); // ['L1', 'SQS3', …]
 */
export function acknowledgements(scope: IConstruct): { path: string; id: string; reason: string }[] {
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

/**
 * Removes every acknowledgement from a tree, to see the raw findings they answer.
 * @example dropAcknowledgements(fresh.stack); new AwsSolutionsChecks(fresh.app).validateScope(fresh.stack);
 */
export function dropAcknowledgements(scope: IConstruct): void {
  for (const c of scope.node.findAll()) {
    // constructs exposes metadata read-only; this test-only reach into its backing array is the one way to
    // run the pack over the very same tree without the acknowledgements.
    const node = c.node as unknown as { _metadata?: { type: string }[] };
    if (node._metadata) {
      node._metadata = node._metadata.filter((m) => m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    }
  }
}
