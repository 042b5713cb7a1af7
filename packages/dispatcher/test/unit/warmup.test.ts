/**
 * warmupOrigins (src/warmup.ts): which connections a cold start opens before loading the rest of the bundle,
 * from the environment alone.
 */
import { describe, expect, it } from 'vitest';
import { PreconnectAgent } from '../../src/providers/kit/warm-agent.js';
import { startWarmup, warmupOrigins } from '../../src/warmup.js';

const ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

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
});
