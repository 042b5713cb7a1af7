import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROVIDER_ATTEMPT_CAP_MS, PROVIDER_SECRET_KEYS, type ProviderName } from '@mailroom/shared-types';
import {
  Aws,
  CfnOutput,
  CfnRule,
  DefaultStackSynthesizer,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type LogLevel, type MailroomConfig, resolveMailroomConfig } from './config.js';
import { InfraError } from './errors.js';
import { FUNCTION_MEMORY_MB, FUNCTION_NODE_OPTIONS } from './runtime.js';

/** Where turbo's `@mailroom/dispatcher#build` writes the deployable bundle. */
export const DEFAULT_DISPATCHER_DIST = fileURLToPath(new URL('../../dispatcher/dist', import.meta.url));

/**
 * The dispatcher's own cap per provider attempt (`PROVIDER_ATTEMPT_CAP_MS`, the one copy in shared-types).
 * It gives up on a provider after at most this long and moves down the chain, so the function timeout has to
 * cover one such wait per provider.
 */
export const DEFAULT_PROVIDER_ATTEMPT_TIMEOUT = Duration.millis(PROVIDER_ATTEMPT_CAP_MS);

/**
 * Work that happens once per invocation regardless of the chain: cold-start init (bundle parse, Encryption
 * SDK import; ~1 s at 1 vCPU, more on a throttled CPU), one Secrets Manager read per cold start, one KMS
 * Decrypt (the SDK retries throttling with backoff), and an optional AdminGetUser lookup.
 */
export const FIXED_BUDGET = Duration.seconds(15);

/** The dispatcher's log line when a provider failed and the next one in the chain is tried (pino JSON). */
export const FALLBACK_FILTER_PATTERN = '{ $.event = "provider_fallback" }';
/** The dispatcher's one outcome line per delivered email. */
export const SENT_FILTER_PATTERN = '{ $.event = "email_sent" }';
/**
 * The dispatcher's outcome line for an email it gave up on. Permanent failures (KMS key or policy errors,
 * undecryptable codes, rejected messages) are logged and swallowed so Lambda does not retry them, which means
 * neither the Errors metric nor the failure queue ever sees them: only this line does.
 */
export const FAILED_FILTER_PATTERN = '{ $.event = "email_failed" }';

/** Props of {@link MailroomStack}: the configuration contract's values, typed. */
export interface MailroomStackProps extends StackProps {
  /** `EMAIL_PROVIDER`: the failover chain in order, e.g. `'sendgrid,ses'` or `['sendgrid', 'ses']`. */
  readonly emailProvider: string | readonly ProviderName[];
  /** `EMAIL_FROM`: `Name <address>`. */
  readonly emailFrom: string;
  /** `EMAIL_REPLY_TO`, optional. */
  readonly emailReplyTo?: string;
  /** `APP_URL`: https base URL for links in emails. */
  readonly appUrl: string;
  /** `DEFAULT_LOCALE`, default `en`. */
  readonly defaultLocale?: string;
  /** `LOG_LEVEL` (pino), default `info`. */
  readonly logLevel?: LogLevel;
  /**
   * Attach to this existing user pool instead of creating one. The stack then creates the key, function and
   * permissions, and outputs the `LambdaConfig` to apply with `update-user-pool` (see README).
   */
  readonly existingUserPoolId?: string;
  /** Created pool only: allow users to sign themselves up. Default `false`. */
  readonly selfSignUpEnabled?: boolean;
  /** Import this provider-keys secret (complete ARN) instead of creating an empty one. */
  readonly providerSecretArn?: string;
  /** SES identity (domain or address) to send as; default: the domain of `emailFrom`. Only with `ses`. */
  readonly sesIdentity?: string;
  /** `SES_CONFIGURATION_SET`, optional. Only with `ses`. */
  readonly sesConfigurationSet?: string;
  /** Create the idempotency table and pass it as `IDEMPOTENCY_TABLE`. Default `true`. */
  readonly idempotency?: boolean;
  /** SNS topic every alarm notifies (ALARM and OK). Default: alarms without actions. */
  readonly alarmTopicArn?: string;
  /**
   * Principal allowed `kms:CreateGrant` for Cognito (the one creating or updating the pool). Default: the
   * CDK bootstrap's CloudFormation execution role when this stack creates the pool; none for an existing
   * pool (then the operator's own IAM permissions apply through the account-root statement).
   */
  readonly grantCreatorArn?: string;
  /** `EMAIL_SANDBOX=true`: providers accept but do not deliver. Default `false`. */
  readonly emailSandbox?: boolean;
  /** `DISABLED_TRIGGERS`: trigger names to skip. */
  readonly disabledTriggers?: string | readonly string[];
  /** Log group retention. Default one month. */
  readonly logRetention?: logs.RetentionDays;
  /** Function memory in MB. Default 1024 (see README: cold-start CPU). */
  readonly memorySize?: number;
  /**
   * The dispatcher's per-provider attempt timeout (`PROVIDER_ATTEMPT_TIMEOUT_MS`, passed to the function when
   * set), used to size the function timeout. Default 10 s (`PROVIDER_ATTEMPT_CAP_MS`).
   */
  readonly providerAttemptTimeout?: Duration;
  /** Folder holding the dispatcher bundle (`index.js`). Default `packages/dispatcher/dist`. */
  readonly dispatcherCodePath?: string;
}

/**
 * One Cognito custom email sender deployment: KMS key, user pool (created or existing), the dispatcher
 * function, its provider-keys secret, idempotency table, asynchronous-invoke failure handling and alarms.
 *
 * @example
 * const app = new App();
 * new MailroomStack(app, 'Mailroom', {
 *   emailProvider: 'sendgrid,ses',
 *   emailFrom: 'Acme <no-reply@acme.example>',
 *   appUrl: 'https://app.acme.example',
 * });
 */
export class MailroomStack extends Stack {
  readonly config: MailroomConfig;
  readonly key: kms.Key;
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly secret: secretsmanager.ISecret;
  readonly failureQueue: sqs.Queue;
  readonly idempotencyTable: dynamodb.Table | undefined;
  readonly userPool: cognito.IUserPool;
  readonly alarms: {
    errors: cloudwatch.Alarm;
    failureQueueDepth: cloudwatch.Alarm;
    throttles: cloudwatch.Alarm;
    providerFallback: cloudwatch.Alarm;
    emailFailed: cloudwatch.Alarm;
  };

  constructor(scope: Construct, id: string, props: MailroomStackProps) {
    super(scope, id, props);
    const config = resolveMailroomConfig(props);
    this.config = config;
    const codePath = requireBundle(props.dispatcherCodePath ?? DEFAULT_DISPATCHER_DIST);
    const sizing = functionSizing(config, props.memorySize);

    // Function role: no managed policies; every permission below is scoped to one resource.
    this.role = new iam.Role(this, 'DispatcherRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Mailroom dispatcher: decrypt Cognito codes, read provider keys, send email',
    });
    this.logGroup = this.createLogGroup(props.logRetention);
    // The KMS key Cognito encrypts codes with.
    this.key = this.createKey(config);
    // Provider keys: one JSON secret, never in the environment or the template.
    this.secret = this.createSecret(config);
    // Idempotency records (Powertools default schema).
    this.idempotencyTable = this.createIdempotencyTable(config);
    this.grantSesSending(config);
    // On-failure destination: events Lambda gave up on (after retries or past max age).
    this.failureQueue = new sqs.Queue(this, 'FailedDeliveries', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.function = this.createFunction(config, codePath, sizing);
    // User pool: created, or an existing one by id.
    this.userPool =
      config.existingUserPoolId !== undefined
        ? this.attachExistingPool(config.existingUserPoolId)
        : this.createPool(config);
    this.grantPoolScoped();
    this.alarms = this.createAlarms(config);
    this.addOutputs();
    this.addNagSuppressions();
  }

  private createLogGroup(retention: logs.RetentionDays | undefined): logs.LogGroup {
    const logGroup = new logs.LogGroup(this, 'DispatcherLogs', {
      retention: retention ?? logs.RetentionDays.ONE_MONTH,
      // The delivery record outlives a torn-down stack for incident review; retention still expires it. Not
      // on create: a failed first deploy's rollback deletes it instead of orphaning one group per retry.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    logGroup.grantWrite(this.role);
    return logGroup;
  }

  private createKey(config: MailroomConfig): kms.Key {
    const importedPool = config.existingUserPoolId !== undefined;
    const key = new kms.Key(this, 'CustomSenderKey', {
      description: 'Mailroom: Cognito custom email sender codes and temporary passwords',
      enableKeyRotation: true,
      // Ciphertexts in the failure queue and in-flight retries still need the key after a stack delete. Not
      // on create: a failed first deploy has encrypted nothing, so its rollback schedules the key's deletion
      // instead of orphaning one key per retry.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    const poolIdCondition = importedPool
      ? { StringEquals: { 'kms:EncryptionContext:userpool-id': config.existingUserPoolId } }
      : // The created pool's id cannot appear in the key policy (pool → key → pool is a cycle), so grants are
        // limited to user pools of this region; the exact id is enforced on Decrypt in the role's policy.
        { StringLike: { 'kms:EncryptionContext:userpool-id': `${Aws.REGION}_*` } };
    const grantCreatorArn = config.grantCreatorArn ?? (importedPool ? undefined : this.cfnExecutionRoleArn());
    if (grantCreatorArn !== undefined) {
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowPoolAdminToCreateCognitoGrant',
          principals: [new iam.ArnPrincipal(grantCreatorArn)],
          actions: ['kms:CreateGrant'],
          resources: ['*'],
          conditions: poolIdCondition,
        }),
      );
    }
    // Decrypted codes are the crown jewels: nobody but the dispatcher may decrypt, and nobody may re-encrypt
    // a code's data key under a key they control (kms:ReEncrypt* decrypts inside KMS), even with kms:* from
    // IAM through the account-root statement. A guard, not a wall: a kms:PutKeyPolicy holder can remove this
    // statement, and that removal is a PutKeyPolicy event in CloudTrail.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyDecryptAndReEncryptExceptDispatcher',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Decrypt', 'kms:ReEncrypt*'],
        resources: ['*'],
        conditions: { StringNotEquals: { 'aws:PrincipalArn': this.role.roleArn } },
      }),
    );
    return key;
  }

  private createSecret(config: MailroomConfig): secretsmanager.ISecret {
    if (config.providerSecretArn !== undefined) {
      const imported = secretsmanager.Secret.fromSecretCompleteArn(
        this,
        'ProviderSecret',
        config.providerSecretArn,
      );
      imported.grantRead(this.role);
      return imported;
    }
    const secret = new secretsmanager.Secret(this, 'ProviderSecret', {
      description: `Mailroom provider keys: JSON with ${PROVIDER_SECRET_KEYS.join(', ')}`,
      // Created empty: the operator puts real keys with put-secret-value, so no key touches the template.
      secretObjectValue: {},
    });
    secret.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyReadExceptDispatcher',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['secretsmanager:GetSecretValue'],
        resources: ['*'],
        conditions: { StringNotEquals: { 'aws:PrincipalArn': this.role.roleArn } },
      }),
    );
    secret.grantRead(this.role);
    return secret;
  }

  private createIdempotencyTable(config: MailroomConfig): dynamodb.Table | undefined {
    if (!config.idempotency) return undefined;
    const table = new dynamodb.Table(this, 'IdempotencyTable', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // Records only live until their TTL; nothing worth keeping after the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'IdempotencyRecords',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [table.tableArn],
      }),
    );
    return table;
  }

  private grantSesSending(config: MailroomConfig): void {
    if (config.sesIdentity === undefined) return;
    const sesResources = [
      this.formatArn({ service: 'ses', resource: 'identity', resourceName: config.sesIdentity }),
    ];
    if (config.sesConfigurationSet !== undefined) {
      sesResources.push(
        this.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: config.sesConfigurationSet,
        }),
      );
    }
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SesSendAsIdentity',
        actions: ['ses:SendEmail'],
        resources: sesResources,
      }),
    );
  }

  /** The function's environment: the configuration contract's variables (shared-types), as validated. */
  private functionEnvironment(config: MailroomConfig): Record<string, string> {
    const environment: Record<string, string> = {
      EMAIL_PROVIDER: config.emailProvider.join(','),
      EMAIL_FROM: config.emailFrom,
      APP_URL: config.appUrl,
      DEFAULT_LOCALE: config.defaultLocale,
      KMS_KEY_ARN: this.key.keyArn,
      EMAIL_SECRETS_ARN: this.secret.secretArn,
      LOG_LEVEL: config.logLevel,
    };
    // None today: why (measured), in runtime.ts; test/e2e/lambda-smoke.test.ts starts the function with it.
    if (FUNCTION_NODE_OPTIONS !== undefined) environment.NODE_OPTIONS = FUNCTION_NODE_OPTIONS;
    if (config.emailReplyTo !== undefined) environment.EMAIL_REPLY_TO = config.emailReplyTo;
    if (config.sesConfigurationSet !== undefined)
      environment.SES_CONFIGURATION_SET = config.sesConfigurationSet;
    if (this.idempotencyTable !== undefined) environment.IDEMPOTENCY_TABLE = this.idempotencyTable.tableName;
    if (config.emailSandbox) environment.EMAIL_SANDBOX = 'true';
    if (config.disabledTriggers.length > 0) environment.DISABLED_TRIGGERS = config.disabledTriggers.join(',');
    // Only an existing pool's id is known before the function exists; a created pool's id in the
    // environment would make function → pool → function a cycle (the dispatcher still checks the event's
    // userPoolId against the ciphertext's encryption context either way).
    if (config.existingUserPoolId !== undefined) environment.USER_POOL_ID = config.existingUserPoolId;
    // The cap the function timeout above was sized with; unset, the dispatcher's default is the same value.
    if (config.providerAttemptTimeoutMs !== undefined) {
      environment.PROVIDER_ATTEMPT_TIMEOUT_MS = String(config.providerAttemptTimeoutMs);
    }
    return environment;
  }

  private createFunction(
    config: MailroomConfig,
    codePath: string,
    sizing: { timeout: Duration; memorySize: number },
  ): lambda.Function {
    const fn = new lambda.Function(this, 'Dispatcher', {
      description: 'Mailroom: Cognito custom email sender (decrypt, render, deliver with failover)',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(codePath),
      role: this.role,
      logGroup: this.logGroup,
      // Cold start is CPU-bound (bundle parse, Encryption SDK import, P-384 signature check) and Lambda
      // allots CPU by memory: 1024 MB is ~0.6 vCPU, enough to keep init well under a second, while the
      // rest of an invocation waits on the network.
      memorySize: sizing.memorySize,
      timeout: sizing.timeout,
      environment: this.functionEnvironment(config),
    });

    // Retries: the dispatcher only throws when nothing was delivered and a retry can help (transient
    // failures across the whole chain, KMS throttling). Lambda's two retries land ~1 and ~3 minutes later,
    // each deduplicated by the idempotency table. Past 10 minutes the user has asked for a new code, which
    // supersedes the old one, so a late email would only confuse: drop it to the failure queue instead.
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.minutes(10),
      onFailure: new destinations.SqsDestination(this.failureQueue),
    });
    return fn;
  }

  private attachExistingPool(poolId: string): cognito.IUserPool {
    this.requirePoolInDeployRegion(poolId);
    const pool = cognito.UserPool.fromUserPoolId(this, 'UserPool', poolId);
    this.function.addPermission('CognitoInvoke', {
      principal: new iam.ServicePrincipal('cognito-idp.amazonaws.com'),
      sourceArn: pool.userPoolArn,
      sourceAccount: Aws.ACCOUNT_ID,
    });
    // UpdateUserPool resets every setting the request leaves out, so the stack does not call it on a pool
    // it does not own; the operator applies this with the pool script, which keeps everything else (README).
    new CfnOutput(this, 'ExistingPoolLambdaConfig', {
      description:
        'Apply with: pnpm --filter @mailroom/infra pool -- --pool <id> --lambda-config <this value> (packages/infra/README.md, existing pool)',
      value: Fn.toJsonString({
        CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: this.function.functionArn },
        KMSKeyID: this.key.keyArn,
      }),
    });
    return pool;
  }

  private createPool(config: MailroomConfig): cognito.UserPool {
    const pool = new cognito.UserPool(this, 'UserPool', {
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      selfSignUpEnabled: config.selfSignUpEnabled,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      deletionProtection: true,
      // A user directory is never disposable. Even a failed first deploy keeps it (deletion protection
      // would make a rollback's delete fail anyway): README, "A failed first deploy", says how to remove it.
      removalPolicy: RemovalPolicy.RETAIN,
      customSenderKmsKey: this.key,
      lambdaTriggers: { customEmailSender: this.function },
    });
    // The L2 restricts the invoke permission by SourceArn only; SourceAccount closes the confused-deputy gap.
    const permission = pool.node.tryFindChild('CustomEmailSenderCognito');
    if (!(permission instanceof lambda.CfnPermission)) {
      throw new InfraError(
        'INVALID_CONFIG',
        'aws-cdk-lib no longer creates the CustomEmailSenderCognito permission under the user pool; update MailroomStack',
      );
    }
    permission.sourceAccount = Aws.ACCOUNT_ID;
    return pool;
  }

  private grantPoolScoped(): void {
    // Pool-scoped permissions live in their own policy: in the role's default policy they would make the
    // function depend on the pool that depends on the function.
    const poolScoped = new iam.Policy(this, 'DispatcherPoolScopedPolicy', {
      statements: [
        new iam.PolicyStatement({
          sid: 'DecryptThisPoolsCodes',
          actions: ['kms:Decrypt'],
          resources: [this.key.keyArn],
          conditions: { StringEquals: { 'kms:EncryptionContext:userpool-id': this.userPool.userPoolId } },
        }),
        new iam.PolicyStatement({
          sid: 'LookUpRecipientInThisPool',
          actions: ['cognito-idp:AdminGetUser'],
          resources: [this.userPool.userPoolArn],
        }),
      ],
    });
    poolScoped.attachToRole(this.role);
  }

  /** An alarm factory: every alarm evaluates one period, treats no data as nothing wrong, and notifies the topic. */
  private alarmFactory(
    topicArn: string | undefined,
  ): (
    id: string,
    props: Omit<cloudwatch.AlarmProps, 'evaluationPeriods' | 'treatMissingData'>,
  ) => cloudwatch.Alarm {
    const topic = topicArn !== undefined ? sns.Topic.fromTopicArn(this, 'AlarmTopic', topicArn) : undefined;
    return (id, props) => {
      const a = new cloudwatch.Alarm(this, id, {
        ...props,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      if (topic !== undefined) {
        a.addAlarmAction(new cwActions.SnsAction(topic));
        a.addOkAction(new cwActions.SnsAction(topic));
      }
      return a;
    };
  }

  /** Metrics counted from the dispatcher's outcome lines: fallbacks, sent (dashboards only) and failed emails. */
  private outcomeMetricFilters(): { fallback: logs.MetricFilter; failed: logs.MetricFilter } {
    const countLines = (id: string, metricName: string, pattern: string): logs.MetricFilter =>
      new logs.MetricFilter(this, id, {
        logGroup: this.logGroup,
        filterPattern: logs.FilterPattern.literal(pattern),
        metricNamespace: `Mailroom/${this.stackName}`,
        metricName,
        metricValue: '1',
      });
    const fallback = countLines('ProviderFallbackFilter', 'ProviderFallback', FALLBACK_FILTER_PATTERN);
    // Delivered-email count, for dashboards and for reading the fallback rate against it.
    countLines('EmailSentFilter', 'EmailSent', SENT_FILTER_PATTERN);
    const failed = countLines('EmailFailedFilter', 'EmailFailed', FAILED_FILTER_PATTERN);
    return { fallback, failed };
  }

  private createAlarms(config: MailroomConfig): MailroomStack['alarms'] {
    const alarm = this.alarmFactory(config.alarmTopicArn);
    const { fallback, failed } = this.outcomeMetricFilters();
    const atLeastOne = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
    const anyAtAll = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
    return {
      errors: alarm('DispatcherErrors', {
        alarmDescription:
          'The dispatcher threw: a delivery failed on every provider or hit a configuration error; Lambda will retry. See README "Alarms".',
        metric: this.function.metricErrors({ period: Duration.minutes(1), statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: atLeastOne,
      }),
      failureQueueDepth: alarm('FailedDeliveriesQueued', {
        alarmDescription:
          'An email was dropped after all retries (or its event aged out) and is parked in the failure queue. Users did not get it. See README "Alarms".',
        metric: this.failureQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 0,
        comparisonOperator: anyAtAll,
      }),
      throttles: alarm('DispatcherThrottles', {
        alarmDescription:
          'Lambda throttled the dispatcher (account or reserved concurrency); emails are delayed and may age out. See README "Alarms".',
        metric: this.function.metricThrottles({ period: Duration.minutes(1), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: anyAtAll,
      }),
      providerFallback: alarm('ProviderFallbackUsed', {
        alarmDescription:
          'The primary provider failed and a fallback delivered (or was tried). Email still flows; fix or switch the primary. See README "Alarms".',
        metric: fallback.metric({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: atLeastOne,
      }),
      emailFailed: alarm('EmailFailed', {
        alarmDescription:
          'The dispatcher gave up on an email (including permanent failures it does not retry: KMS key/policy errors, rejected messages). See README "Alarms".',
        metric: failed.metric({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: atLeastOne,
      }),
    };
  }

  private addOutputs(): void {
    new CfnOutput(this, 'FunctionName', { value: this.function.functionName });
    new CfnOutput(this, 'LogGroupName', { value: this.logGroup.logGroupName });
    new CfnOutput(this, 'KeyArn', { value: this.key.keyArn });
    new CfnOutput(this, 'ProviderSecretArn', { value: this.secret.secretArn });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'FailedDeliveriesQueueUrl', { value: this.failureQueue.queueUrl });
    if (this.idempotencyTable !== undefined) {
      new CfnOutput(this, 'IdempotencyTableName', { value: this.idempotencyTable.tableName });
    }
  }

  /**
   * A pool id starts with its region, and Cognito invokes only functions of its own region: refuse another
   * region at synth when the stack's region is known, else with a template rule CloudFormation checks before
   * it changes anything.
   */
  private requirePoolInDeployRegion(poolId: string): void {
    const poolRegion = poolId.slice(0, poolId.indexOf('_'));
    if (!Token.isUnresolved(this.region)) {
      if (this.region !== poolRegion) {
        throw new InfraError(
          'INVALID_CONFIG',
          `existingUserPoolId: ${poolId} is in ${poolRegion}, but this stack deploys to ${this.region}; deploy to ${poolRegion} (Cognito only invokes functions in the pool's region)`,
        );
      }
      return;
    }
    new CfnRule(this, 'ExistingPoolInDeployRegion', {
      assertions: [
        {
          assert: Fn.conditionEquals(Aws.REGION, poolRegion),
          assertDescription: `existingUserPoolId ${poolId} is in ${poolRegion}: deploy this stack to ${poolRegion} (Cognito only invokes functions in the pool's region)`,
        },
      ],
    });
  }

  /** The CDK bootstrap's CloudFormation execution role: the principal that calls CreateUserPool. */
  private cfnExecutionRoleArn(): string | undefined {
    const synthesizer = this.synthesizer;
    if (!(synthesizer instanceof DefaultStackSynthesizer)) return undefined;
    // The synthesizer hands back `${AWS::AccountId}`-style placeholders meant for Fn::Sub.
    return Fn.sub(synthesizer.cloudFormationExecutionRoleArn);
  }

  /** cdk-nag acknowledgements: each one is a decision, with its reason, not a silenced finding. */
  private addNagSuppressions(): void {
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is pinned on purpose: the dispatcher bundle targets Node 22 and is benchmarked on it; move to a newer runtime together with the bundle target.',
    });
    Validations.of(this.failureQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the terminal on-failure destination of the function; an operator inspects and replays its messages (README), nothing re-consumes them automatically.',
    });
    if (this.secret instanceof secretsmanager.Secret) {
      Validations.of(this.secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The secret holds third-party provider API keys that can only be rotated in each provider’s console; rotation is an operator runbook step (README), not a rotation Lambda.',
      });
    }
    if (this.idempotencyTable !== undefined) {
      Validations.of(this.idempotencyTable).acknowledge({
        id: 'AwsSolutions-DDB3',
        reason:
          'Idempotency records expire within hours and are worthless afterwards; point-in-time recovery would only restore stale locks.',
      });
    }
    if (this.userPool instanceof cognito.UserPool) {
      Validations.of(this.userPool).acknowledge(
        {
          id: 'AwsSolutions-COG2',
          reason:
            'MFA is OPTIONAL (TOTP) so each application decides; requiring it for every user is a product decision outside this pipeline.',
        },
        {
          id: 'AwsSolutions-COG8',
          reason:
            'The Plus feature plan (threat protection) is an opt-in cost decision; the dispatcher already handles its account-takeover emails once enabled.',
        },
      );
    }
  }
}

/** The dispatcher bundle's folder, refused with the fix when `index.js` is not there yet. */
function requireBundle(codePath: string): string {
  if (!existsSync(join(codePath, 'index.js'))) {
    throw new InfraError(
      'DISPATCHER_BUNDLE_MISSING',
      `The dispatcher bundle ${join(codePath, 'index.js')} does not exist. ` +
        'Build it first: run pnpm --filter @mailroom/dispatcher build (turbo does this before synth and test).',
    );
  }
  return codePath;
}

/**
 * The function's timeout and memory. Every provider in the chain may use its full attempt budget (the cap the
 * dispatcher applies, `config.attemptTimeoutMs`) before the last one succeeds; a timeout shorter than that
 * would kill the invocation mid-failover and turn a recoverable send into a retry.
 */
function functionSizing(
  config: MailroomConfig,
  memoryMb: number | undefined,
): { timeout: Duration; memorySize: number } {
  const attemptSeconds = Math.ceil(config.attemptTimeoutMs / 1000);
  const providers = config.emailProvider.length;
  const timeout = Duration.seconds(FIXED_BUDGET.toSeconds() + providers * attemptSeconds + 5);
  if (timeout.toSeconds() > 900) {
    throw new InfraError(
      'INVALID_CONFIG',
      `providerAttemptTimeout: ${attemptSeconds} s × ${providers} providers exceeds Lambda's 900 s limit; shorten it`,
    );
  }
  const memorySize = memoryMb ?? FUNCTION_MEMORY_MB;
  if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10_240) {
    throw new InfraError(
      'INVALID_CONFIG',
      `memorySize: expected whole megabytes between 128 and 10240, got ${memorySize}`,
    );
  }
  return { timeout, memorySize };
}
