#!/usr/bin/env node
/**
 * `pnpm --filter @mailroom/infra pool -- --pool <id> --lambda-config '<ExistingPoolLambdaConfig>' [--dry-run]`
 * attaches Mailroom to an existing pool; `--detach` removes it again (before `cdk destroy`, or to stop using
 * Mailroom). Reads the pool with DescribeUserPool, changes only LambdaConfig (src/attach-existing-pool.ts),
 * prints the diff; without --dry-run applies it and checks nothing else changed. Credentials and region: the
 * usual AWS SDK chain (AWS_PROFILE …); the region defaults to the pool id's.
 */
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { formatDiff, type PoolChange, updatePool } from '../src/attach-existing-pool.js';
import { InfraError } from '../src/errors.js';

const USAGE = `usage: attach-existing-pool --pool <user pool id> (--lambda-config '<json>' | --function-arn <arn> --key-arn <arn> | --detach) [--dry-run]

  --lambda-config  the stack output ExistingPoolLambdaConfig, as cdk deploy prints it
  --detach         remove the custom email sender (and its key unless a custom SMS sender uses it)
  --dry-run        print what would change, change nothing`;

function changeFrom(values: Record<string, string | boolean | undefined>): PoolChange {
  if (values.detach === true) return { action: 'detach' };
  let functionArn = values['function-arn'];
  let keyArn = values['key-arn'];
  if (typeof values['lambda-config'] === 'string') {
    const parsed = JSON.parse(values['lambda-config']) as {
      CustomEmailSender?: { LambdaArn?: string };
      KMSKeyID?: string;
    };
    functionArn = parsed.CustomEmailSender?.LambdaArn;
    keyArn = parsed.KMSKeyID;
  }
  if (
    typeof functionArn !== 'string' ||
    !functionArn.startsWith('arn:') ||
    typeof keyArn !== 'string' ||
    !keyArn.startsWith('arn:')
  ) {
    throw new InfraError('INVALID_CONFIG', `the function ARN and the key ARN are required\n\n${USAGE}`);
  }
  return { action: 'attach', functionArn, keyArn };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pool: { type: 'string' },
      'lambda-config': { type: 'string' },
      'function-arn': { type: 'string' },
      'key-arn': { type: 'string' },
      detach: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    },
    allowPositionals: false,
  });
  const pool = values.pool;
  if (pool === undefined || !/^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]+$/.test(pool)) {
    throw new InfraError(
      'INVALID_CONFIG',
      `--pool: expected a user pool id like eu-west-1_AbC123xyz\n\n${USAGE}`,
    );
  }
  const change = changeFrom(values);
  const dryRun = values['dry-run'] === true;
  const client = new CognitoIdentityProviderClient({
    region: process.env.AWS_REGION ?? pool.slice(0, pool.indexOf('_')),
  });
  const outcome = await updatePool(client, pool, change, { dryRun });
  console.log(
    `${dryRun ? 'Would change' : 'Changed'} ${pool} (UpdateUserPool with every other setting as it is):`,
  );
  console.log(formatDiff(outcome.planned));
  if (dryRun) {
    console.log(`\nRequest (nothing sent):\n${JSON.stringify(outcome.request, null, 2)}`);
  } else {
    console.log(`\nDescribeUserPool before vs after:\n${formatDiff(outcome.observed ?? [])}`);
  }
}

main().catch((err: unknown) => {
  if (err instanceof InfraError || (err instanceof Error && err.name === 'TypeError' && 'code' in err)) {
    console.error(`\n${err.message}\n`);
  } else {
    const e = err as { name?: string; message?: string };
    console.error(`\n${e.name ?? 'Error'}: ${e.message ?? String(err)}\n`);
  }
  process.exit(1);
});
