import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { InfraError } from '../../src/errors.js';
import {
  DEFAULT_EXAMPLE_DIST,
  EXAMPLE_THROTTLE,
  exampleApiEnabled,
  MailroomExampleStack,
} from '../../src/example-stack.js';
import { MailroomStack } from '../../src/mailroom-stack.js';
import { FUNCTION_RUNTIME } from '../../src/runtime.js';
import { acknowledgements, dropAcknowledgements, short } from '../support/nag.js';
import {
  BASE,
  buildWithExample,
  EXISTING_POOL_ID,
  iamStatements,
  logicalId,
  only,
} from '../support/stacks.js';
import { tempDir, testApp } from '../support/temp-dirs.js';

const created = buildWithExample();
const { exampleTemplate: template } = created;
const clientRef = { Ref: logicalId(created.example, created.example.client) };
const functionId = logicalId(created.example, created.example.function);
const apiRef = { Ref: logicalId(created.example, created.example.api) };

/** The pool id as the example stack sees a created pool: the Mailroom stack's export of the pool's Ref. */
function importedPoolId(): unknown {
  const poolId = logicalId(created.stack, created.stack.userPool);
  const outputs = created.template.toJSON().Outputs as Record<
    string,
    { Value: unknown; Export?: { Name: string } }
  >;
  const exported = Object.values(outputs).find(
    (o) => o.Export !== undefined && JSON.stringify(o.Value) === JSON.stringify({ Ref: poolId }),
  );
  if (exported?.Export === undefined) throw new Error('the Mailroom stack exports no pool id');
  return { 'Fn::ImportValue': exported.Export.Name };
}

describe('example stack: the app client', () => {
  it('is a public client of the Mailroom pool allowing what the example calls, and no OAuth', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: importedPoolId(),
      ExplicitAuthFlows: Match.arrayEquals(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: false,
      AllowedOAuthFlows: Match.absent(),
      CallbackURLs: Match.absent(),
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
  });

  it('lives in the example stack, not in the pool’s (removing the example removes its client)', () => {
    expect(Object.keys(created.template.findResources('AWS::Cognito::UserPoolClient'))).toEqual([]);
    expect(created.example.dependencies).toContain(created.stack);
  });
});

describe('example stack: the function', () => {
  it('runs the example bundle on Node 22 with the pool and client in its environment only', () => {
    const { id, resource } = only(template, 'AWS::Lambda::Function');

    expect(id).toBe(functionId);
    expect(resource.Properties).toMatchObject({
      Runtime: FUNCTION_RUNTIME,
      Handler: 'index.handler',
      Architectures: ['arm64'],
      Timeout: 10,
    });
    // Exactly these: no NODE_OPTIONS, and no AWS_REGION (reserved; the runtime sets it).
    expect(resource.Properties.Environment).toEqual({
      Variables: { USER_POOL_ID: importedPoolId(), USER_POOL_CLIENT_ID: clientRef },
    });
  });

  it('has a role with no managed policy that may only write its own logs', () => {
    const role = only(template, 'AWS::IAM::Role').resource;
    const actions = iamStatements(template).flatMap(({ statement }) => [statement.Action].flat());

    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(String(action)).toMatch(/^logs:/);
  });
});

describe('example stack: the HTTP API', () => {
  it('sends every route to the function with payload format 2.0', () => {
    const { id } = only(template, 'AWS::ApiGatewayV2::Integration');
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      ApiId: apiRef,
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [functionId, 'Arn'] },
      PayloadFormatVersion: '2.0',
    });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));

    expect(routes.map((r) => r.Properties.Target)).toEqual([
      { 'Fn::Join': ['', ['integrations/', { Ref: id }]] },
      { 'Fn::Join': ['', ['integrations/', { Ref: id }]] },
    ]);
  });

  it('puts GET /me behind the JWT authorizer and leaves the rest ($default: the auth routes) public', () => {
    const authorizer = only(template, 'AWS::ApiGatewayV2::Authorizer').id;
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => ({
      key: r.Properties.RouteKey,
      type: r.Properties.AuthorizationType,
      authorizer: r.Properties.AuthorizerId,
    }));

    expect(routes.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: '$default', type: 'NONE', authorizer: undefined },
      { key: 'GET /me', type: 'JWT', authorizer: { Ref: authorizer } },
    ]);
  });

  it('checks tokens against the pool as issuer and the app client as audience', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [clientRef],
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.',
              { Ref: 'AWS::URLSuffix' },
              '/',
              importedPoolId(),
            ],
          ],
        },
      },
    });
  });

  it('has one auto-deployed $default stage, throttled, with access logs that hold no header', () => {
    const stage = only(template, 'AWS::ApiGatewayV2::Stage').resource.Properties;
    const accessLogs = logicalId(created.example, created.example.node.findChild('ApiAccessLogs'));

    expect(stage).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: EXAMPLE_THROTTLE.rateLimit,
        ThrottlingBurstLimit: EXAMPLE_THROTTLE.burstLimit,
      },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [accessLogs, 'Arn'] } },
    });
    const format = JSON.parse(stage.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format.requestId).toBe('$context.requestId');
    expect(Object.values(format).join(' ')).not.toMatch(/header|authorization/i);
  });

  it('lets only this API invoke the function', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));

    expect(permissions.length).toBeGreaterThan(0);
    for (const p of permissions) {
      expect(p.Properties).toMatchObject({
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
      });
      expect(JSON.stringify(p.Properties.SourceArn)).toContain(apiRef.Ref);
    }
  });

  it('outputs what the README’s smoke commands read', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;

    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'FunctionName']),
    );
    expect(outputs.UserPoolClientId?.Value).toEqual(clientRef);
    expect(JSON.stringify(outputs.ApiUrl?.Value)).toContain('.execute-api.');
  });
});

describe('example stack on an existing pool', () => {
  const existing = buildWithExample({ existingUserPoolId: EXISTING_POOL_ID, emailProvider: 'ses' });

  it('uses the pool id as given, with no cross-stack export', () => {
    existing.exampleTemplate.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: EXISTING_POOL_ID,
    });
    existing.exampleTemplate.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: {
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.',
              { Ref: 'AWS::URLSuffix' },
              `/${EXISTING_POOL_ID}`,
            ],
          ],
        },
      },
    });
    expect(JSON.stringify(existing.exampleTemplate.toJSON())).not.toContain('Fn::ImportValue');
  });
});

describe('example stack guards', () => {
  it('refuses a created pool without self sign-up, naming the flag that fixes it', () => {
    const attempt = () => {
      const app = testApp();
      const mailroom = new MailroomStack(app, 'Mailroom', BASE);
      return new MailroomExampleStack(app, 'MailroomExample', { mailroom });
    };

    expect(attempt).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    expect(attempt).toThrow(/SignUp, which the created user pool refuses .*add -c selfSignUpEnabled=true/);
  });

  it('fails with the build command when the example bundle is missing', () => {
    const empty = tempDir('mailroom-no-example-bundle-');

    const attempt = () => {
      const app = testApp();
      const mailroom = new MailroomStack(app, 'Mailroom', { ...BASE, selfSignUpEnabled: true });
      return new MailroomExampleStack(app, 'MailroomExample', { mailroom, codePath: empty });
    };

    expect(attempt).toThrow(InfraError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'EXAMPLE_BUNDLE_MISSING' }));
    expect(attempt).toThrow(/run pnpm --filter @mailroom\/example-auth-api build/);
  });

  it('reads the exampleApi context switch and names a bad value', () => {
    expect([undefined, false, 'false', ''].map(exampleApiEnabled)).toEqual([false, false, false, false]);
    expect([true, 'true'].map(exampleApiEnabled)).toEqual([true, true]);
    expect(() => exampleApiEnabled('yes')).toThrow(/exampleApi: expected true or false, got "yes"/);
  });

  it('deploys the folder examples/auth-api builds', () => {
    expect(DEFAULT_EXAMPLE_DIST).toMatch(/examples\/auth-api\/dist\/lambda$/);
  });
});

describe.each([
  ['created pool', {}],
  ['existing pool', { existingUserPoolId: EXISTING_POOL_ID, emailProvider: 'ses' }],
] as const)('cdk-nag AwsSolutions on the example stack, %s', (_mode, props) => {
  const built = buildWithExample(props);

  it('reports zero unacknowledged findings on either stack of the app', () => {
    const checks = new AwsSolutionsChecks(built.app);

    expect(checks.validateScope(built.example).violations).toEqual([]);
    expect(checks.validateScope(built.stack).violations).toEqual([]);
    expect(Annotations.fromStack(built.example).findError('*', Match.anyValue())).toEqual([]);
  });

  it('acknowledges exactly L1 and APIG4 (the public $default route), each with a written reason', () => {
    const acks = acknowledgements(built.example);

    expect(acks.map((a) => short(a.id)).sort()).toEqual(['APIG4', 'L1']);
    expect(acks.find((a) => a.id.endsWith('APIG4'))?.path).toBe('MailroomExample/Api/DefaultRoute');
    for (const ack of acks) expect(ack.reason.length).toBeGreaterThan(40);
  });

  it('needs both acknowledgements (neither is stale)', () => {
    const fresh = buildWithExample(props);
    dropAcknowledgements(fresh.example);

    const report = new AwsSolutionsChecks(fresh.app).validateScope(fresh.example);

    expect(report.violations.map((v) => short(v.ruleName)).sort()).toEqual(['APIG4', 'L1']);
  });
});
