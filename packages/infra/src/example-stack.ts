/**
 * The optional example stack (`-c exampleApi=true`): examples/auth-api deployed in front of the Mailroom
 * stack's user pool, so the whole sign-up flow can be tried in AWS. An app client for the pool, the example's
 * Lambda bundle (examples/auth-api/dist/lambda, built like the dispatcher's: esbuild, ESM, Node 22, no
 * NODE_OPTIONS), and an HTTP API whose `GET /me` sits behind a JWT authorizer on the pool (issuer = the pool,
 * audience = the app client) while every other route, the sign-up and sign-in ones, is public.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { InfraError } from './errors.js';
import type { MailroomStack } from './mailroom-stack.js';

/** Where `@mailroom/example-auth-api#build` writes the example's Lambda bundle (`index.mjs`). */
export const DEFAULT_EXAMPLE_DIST = fileURLToPath(
  new URL('../../../examples/auth-api/dist/lambda', import.meta.url),
);

/** The context key that adds the example stack. */
export const EXAMPLE_CONTEXT_KEY = 'exampleApi';

/**
 * The public API's stage throttle. Every `POST /auth/register` makes Cognito send an email through Mailroom,
 * so an unthrottled public sign-up route is an email (and bill) amplifier.
 */
export const EXAMPLE_THROTTLE = { rateLimit: 10, burstLimit: 20 } as const;

/** Props of {@link MailroomExampleStack}. */
export interface MailroomExampleStackProps extends StackProps {
  /** The Mailroom stack whose user pool the example signs users up to (created or existing). */
  readonly mailroom: MailroomStack;
  /** Folder holding the example's Lambda bundle (`index.mjs`). Default examples/auth-api/dist/lambda. */
  readonly codePath?: string;
}

/**
 * Reads the `exampleApi` context value: absent or false ⇒ no example stack.
 * @example exampleApiEnabled(app.node.tryGetContext('exampleApi')); // true for -c exampleApi=true
 */
export function exampleApiEnabled(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false || value === 'false') {
    return false;
  }
  if (value === true || value === 'true') return true;
  throw new InfraError(
    'INVALID_CONFIG',
    `${EXAMPLE_CONTEXT_KEY}: expected true or false, got ${JSON.stringify(value)} (-c ${EXAMPLE_CONTEXT_KEY}=true adds the example stack)`,
  );
}

/**
 * examples/auth-api in AWS, in front of the Mailroom stack's user pool.
 *
 * @example
 * const mailroom = new MailroomStack(app, 'Mailroom', { ...props, selfSignUpEnabled: true });
 * new MailroomExampleStack(app, 'MailroomExample', { mailroom });
 */
export class MailroomExampleStack extends Stack {
  readonly client: cognito.UserPoolClient;
  readonly function: lambda.Function;
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;

  constructor(scope: Construct, id: string, props: MailroomExampleStackProps) {
    super(scope, id, props);
    const { mailroom } = props;
    requireSelfSignUp(mailroom);
    const codePath = props.codePath ?? DEFAULT_EXAMPLE_DIST;
    if (!existsSync(join(codePath, 'index.mjs'))) {
      throw new InfraError(
        'EXAMPLE_BUNDLE_MISSING',
        `The example's Lambda bundle ${join(codePath, 'index.mjs')} does not exist. ` +
          'Build it first: run pnpm --filter @mailroom/example-auth-api build (turbo does this before synth and test).',
      );
    }
    // Emails of the flow come from the Mailroom stack's sender: deploy it first.
    this.addDependency(mailroom);

    // Created here, not with pool.addClient() (which would put it in the pool's stack): removing the example
    // removes its client and nothing else.
    this.client = new cognito.UserPoolClient(this, 'AppClient', {
      userPool: mailroom.userPool,
      userPoolClientName: 'mailroom-example-auth-api',
      // What the example calls: InitiateAuth USER_PASSWORD_AUTH (and refresh). No secret: a public client.
      authFlows: { userPassword: true },
      generateSecret: false,
      // No hosted UI: the API is the only way in, so no OAuth flows or callback URLs.
      disableOAuth: true,
      // Unknown users look like wrong passwords, so the public routes do not reveal who has an account.
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
    });

    this.function = this.createFunction(codePath, mailroom.userPool);
    const { api, stage } = this.createApi(mailroom.userPool);
    this.api = api;
    this.stage = stage;

    new CfnOutput(this, 'ApiUrl', { value: stage.url, description: 'Base URL of the example API' });
    new CfnOutput(this, 'UserPoolId', { value: mailroom.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.client.userPoolClientId });
    new CfnOutput(this, 'FunctionName', { value: this.function.functionName });
    this.addNagAcknowledgements();
  }

  /** The example's Lambda: its bundle, environment only (pool id, client id; the region is the runtime's). */
  private createFunction(codePath: string, userPool: cognito.IUserPool): lambda.Function {
    // No managed policy: the app calls only public (unsigned) Cognito operations, so its role may write its
    // own logs and nothing else.
    const role = new iam.Role(this, 'AuthApiRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Mailroom example auth API: write its own logs (the Cognito calls it makes are unsigned)',
    });
    const logGroup = new logs.LogGroup(this, 'AuthApiLogs', {
      retention: logs.RetentionDays.ONE_WEEK,
      // An example: nothing in its logs is worth keeping after it is removed.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    logGroup.grantWrite(role);
    return new lambda.Function(this, 'AuthApi', {
      description: 'Mailroom example: examples/auth-api (Hono) behind the HTTP API',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(codePath),
      role,
      logGroup,
      // A 1 MB bundle to parse at cold start (the SDK's Cognito client, Hono, aws-jwt-verify); the requests
      // themselves wait on Cognito. 512 MB keeps the first request of a sign-up quick.
      memorySize: 512,
      // Under the HTTP API's 30 s integration limit; a Cognito call or a JWKS fetch takes well under a second.
      timeout: Duration.seconds(10),
      // AWS_REGION is set by the Lambda runtime (a reserved name) and is the pool's region. No NODE_OPTIONS.
      environment: {
        USER_POOL_ID: userPool.userPoolId,
        USER_POOL_CLIENT_ID: this.client.userPoolClientId,
      },
    });
  }

  /** The HTTP API: `GET /me` behind the pool's JWT authorizer, every other route public, one throttled stage. */
  private createApi(userPool: cognito.IUserPool): { api: apigwv2.HttpApi; stage: apigwv2.HttpStage } {
    const integration = new HttpLambdaIntegration('AuthApiIntegration', this.function);
    const api = new apigwv2.HttpApi(this, 'Api', {
      apiName: 'mailroom-example-auth-api',
      description: 'Mailroom example: register, verify, sign in, GET /me with the access token',
      // The public routes: register, verify (JSON and the email's button), resend, login, new-password,
      // forgot, reset, health. The app answers anything else 404.
      defaultIntegration: integration,
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: EXAMPLE_THROTTLE,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        // HTTP API context variables; no header is logged, so no token reaches the logs.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    // Access tokens carry no `aud`: API Gateway checks `client_id` against the audience instead, so the
    // audience is the app client and the issuer the pool.
    const authorizer = new HttpJwtAuthorizer(
      'PoolJwtAuthorizer',
      `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}/${userPool.userPoolId}`,
      { jwtAudience: [this.client.userPoolClientId], identitySource: ['$request.header.Authorization'] },
    );
    api.addRoutes({ path: '/me', methods: [apigwv2.HttpMethod.GET], integration, authorizer });
    return { api, stage };
  }

  /** cdk-nag acknowledgements: each one is a decision, with its reason. */
  private addNagAcknowledgements(): void {
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is pinned on purpose: the example bundle targets Node 22, like the dispatcher it runs next to; move both to a newer runtime together.',
    });
    const publicRoute = this.api.node.findChild('DefaultRoute');
    Validations.of(publicRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The $default route carries the sign-up and sign-in routes (register, verify, login, forgot, reset): they are how a caller gets a token, so they cannot require one. The stage is throttled; GET /me has the JWT authorizer.',
    });
  }
}

/**
 * The example registers users with SignUp, which a pool refuses unless self sign-up is on. A created pool's
 * setting is known here; an existing pool's is the operator's (README, "Try it in AWS").
 */
function requireSelfSignUp(mailroom: MailroomStack): void {
  if (mailroom.config.existingUserPoolId === undefined && !mailroom.config.selfSignUpEnabled) {
    throw new InfraError(
      'INVALID_CONFIG',
      `${EXAMPLE_CONTEXT_KEY}: the example's POST /auth/register calls SignUp, which the created user pool refuses while self sign-up is off; add -c selfSignUpEnabled=true`,
    );
  }
}
