/**
 * Amazon SES through the real `@aws-sdk/client-sesv2` (`SendEmail`, `Content.Simple` or `Content.Template`).
 * On Lambda the SDK ships with the runtime, so the bundle leaves it external.
 *
 * SDK facts this adapter relies on (design.md, testkit's SES stand-in header):
 * - The SDK retries 3 attempts by default: `maxAttempts: 1`, the failover chain owns retries.
 * - `requestTimeout` only warns unless `throwOnRequestTimeout: true`; the per-attempt AbortSignal is passed
 *   as `abortSignal` too, so a shorter remaining budget also ends the request.
 * - Errors carry `name` (the AWS error type), `$metadata.httpStatusCode` and `$response.headers`
 *   (Retry-After). A reset is `code: 'ECONNRESET'` with `name: 'TimeoutError'` (smithy renames it).
 * - The SDK is loaded with `require()` inside `create`, never with a static `import`: in the ESM bundle a
 *   static import of an external package is hoisted to the top of `dist/index.js` and evaluated at every
 *   cold start (~115 ms), whatever `EMAIL_PROVIDER` says (measured; see README "Lazy loading").
 * - `AWS_ENDPOINT_URL_SESV2` is honoured by the SDK's config chain; we pass it explicitly only because the
 *   handler may run with an injected environment.
 */
import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import type { EmailMessage, SendResult } from '@mailroom/shared-types';
import { requireSesV2 } from '../aws-sdk-sesv2.js';
import type { SesConfig } from './env/ses.js';
import {
  classifyStatus,
  formatMailbox,
  isNetworkCode,
  malformedResponse,
  parseRetryAfter,
  readHeader,
  scrubReason,
  transientStatus,
} from './kit/index.js';
import { warmAgent } from './kit/warm-agent.js';
import type { EmailProvider, FailureClass, ProviderRuntime } from './types.js';

export { parseSesEnv as parseEnv } from './env/index.js';

const DEFAULT_TIMEOUT_MS = 10_000;

type SesSdk = typeof import('@aws-sdk/client-sesv2');

/** Loads the SES SDK on first use (see the module comment; why `require()`: aws-sdk.ts). */
function loadSdk(): SesSdk {
  return requireSesV2();
}
/** SES limits tag names and values to 256 characters of a small alphabet. */
const TAG_MAX = 256;

const TRANSIENT_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'LimitExceededException',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'AbortError',
]);
const AUTH_NAMES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'ExpiredToken',
  'ExpiredTokenException',
  'AccountSuspendedException',
  'SendingPausedException',
  'CredentialsProviderError',
  // A missing template or configuration set is our set-up at SES, not the message: another provider can send.
  'NotFoundException',
]);
const REJECTED_NAMES = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'MailFromDomainNotVerified',
  'BadRequestException',
  'BadRequest',
]);

/**
 * Makes a string a valid SES tag name or value: ASCII letters, digits, `_` and `-`, at most 256 characters.
 * @example sesTag('pt-BR / acme') // 'pt-BR___acme'
 */
export function sesTag(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, TAG_MAX);
}

/**
 * Classifies anything `send` threw, by AWS error name first, then HTTP status: throttling and 5xx
 * transient (with `Retry-After`), credential and account errors provider-auth, `MessageRejected`,
 * `MailFromDomainNotVerified` and `BadRequest` rejected; network errors (no status) transient.
 * @example classify({ name: 'MessageRejected', $metadata: { httpStatusCode: 400 }, message: 'Email address is not verified.' }).kind // 'rejected'
 */
export function classify(err: unknown): FailureClass {
  const e = (err ?? {}) as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    $metadata?: { httpStatusCode?: unknown };
    $response?: { headers?: Record<string, unknown> };
  };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? scrubReason(e.message) : '';
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  if (status === undefined) {
    const what = isNetworkCode(code) ? code : name;
    return { kind: 'transient', reason: `SES request failed: ${what}${message ? ` (${message})` : ''}` };
  }
  if (status < 400) {
    // A 2xx the SDK could not parse (malformed body): SES may or may not have queued it; another provider
    // (or Lambda's retry) is the better bet than dropping the email.
    return {
      kind: 'transient',
      status,
      reason: `SES answered HTTP ${status} with an unreadable body (${name})`,
    };
  }
  const reason = `SES answered HTTP ${status} ${name}${message ? `: ${message}` : ''}`;
  const retryAfterMs = parseRetryAfter(readHeader(e.$response?.headers, 'retry-after'));
  if (TRANSIENT_NAMES.has(name)) return transientStatus(status, reason, retryAfterMs);
  if (AUTH_NAMES.has(name)) return { kind: 'provider-auth', status, reason };
  if (REJECTED_NAMES.has(name)) return { kind: 'rejected', status, reason };
  return classifyStatus(status, reason, { retryAfterMs });
}

/** The `SendEmail` input for one message. */
export function toSesInput(
  message: EmailMessage,
  configurationSet: string | undefined,
): SendEmailCommandInput {
  const headers = Object.entries(message.headers ?? {}).map(([Name, Value]) => ({ Name, Value }));
  const input: SendEmailCommandInput = {
    FromEmailAddress: formatMailbox(message.from),
    Destination: { ToAddresses: message.to.map(formatMailbox) },
    Content: message.providerTemplate
      ? {
          Template: {
            ...(message.providerTemplate.id.startsWith('arn:')
              ? { TemplateArn: message.providerTemplate.id }
              : { TemplateName: message.providerTemplate.id }),
            TemplateData: JSON.stringify(message.providerTemplate.data),
            ...(headers.length > 0 ? { Headers: headers } : {}),
          },
        }
      : {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Html: { Data: message.html, Charset: 'UTF-8' },
              Text: { Data: message.text, Charset: 'UTF-8' },
            },
            ...(headers.length > 0 ? { Headers: headers } : {}),
          },
        },
  };
  if (message.replyTo) input.ReplyToAddresses = [formatMailbox(message.replyTo)];
  const tags = Object.entries(message.metadata ?? {})
    .map(([name, value]) => ({ Name: sesTag(name), Value: sesTag(value) }))
    .filter((t) => t.Name !== '' && t.Value !== '');
  if (tags.length > 0) input.EmailTags = tags;
  if (configurationSet) input.ConfigurationSetName = configurationSet;
  return input;
}

/**
 * Creates the adapter once per cold start (one SES client, reused across warm invocations).
 * SES has no sandbox switch in the API (an account's sandbox is an account state), so `EMAIL_SANDBOX` has
 * no effect here beyond a warning at cold start.
 * @example
 * const ses = create({ region: 'eu-west-1', endpoint: undefined, configurationSet: undefined }, { logger, sandbox: false });
 * await ses.send(message, AbortSignal.timeout(5000));
 */
export function create(config: SesConfig, runtime: ProviderRuntime): EmailProvider {
  const { region, endpoint, configurationSet } = config;
  const { SESv2Client, SendEmailCommand } = loadSdk();
  const client = new SESv2Client({
    region,
    ...(endpoint ? { endpoint } : {}),
    maxAttempts: 1,
    // The keep-alive agent holding the connection the entry opened during init when SES is first (warmup.ts).
    requestHandler: {
      requestTimeout: DEFAULT_TIMEOUT_MS,
      throwOnRequestTimeout: true,
      httpsAgent: warmAgent,
    },
  });
  if (runtime.sandbox) {
    runtime.logger.warn(
      { event: 'sandbox_unsupported', provider: 'ses' },
      'EMAIL_SANDBOX has no SES equivalent; use the SES mailbox simulator addresses instead',
    );
  }

  return {
    name: 'ses',
    async send(message: EmailMessage, signal: AbortSignal): Promise<SendResult> {
      signal.throwIfAborted();
      const out = await client.send(new SendEmailCommand(toSesInput(message, configurationSet)), {
        abortSignal: signal,
      });
      if (!out.MessageId) throw malformedResponse('SES answered without a MessageId');
      return { provider: 'ses', messageId: out.MessageId };
    },
  };
}
