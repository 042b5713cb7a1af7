/**
 * Amazon SES v2 stand-in: `SendEmail` = `POST /v2/email/outbound-emails` (restJson), our own rather than
 * `aws-ses-v2-local` (that package needs `mailparser`, which does not install from this registry, and it has
 * no fault injection). Point the SDK at it with `AWS_ENDPOINT_URL_SESV2=<url>` (or `endpoint: url`) plus dummy
 * credentials; `url` is the origin.
 *
 * Checks: a SigV4 `Authorization: AWS4-HMAC-SHA256 …` header is present (not verified), `FromEmailAddress`
 * (unless a template ARN supplies it), `Destination.ToAddresses`/`CcAddresses`/`BccAddresses`,
 * `ReplyToAddresses`, exactly one of `Content.Simple { Subject, Body { Text?, Html? }, Headers? }`,
 * `Content.Template { TemplateName | TemplateArn, TemplateData (JSON object), Headers? }` or `Content.Raw`
 * (base64 MIME), `EmailTags` (`Name`/`Value`: ASCII letters, digits, `_`, `-`, `.`, `@`, at most 256
 * characters), `ConfigurationSetName`. Options restrict verified identities, templates and configuration
 * sets like a real account would.
 * Answers: 200 `{ MessageId }`; errors as AWS restJson: `x-amzn-ErrorType` header + `{ message }` —
 * `BadRequestException` 400 (contract), `MessageRejected` 400 (unverified identity, bad address),
 * `NotFoundException` 404 (template / configuration set), `MissingAuthenticationTokenException` 403,
 * `InvalidClientTokenId` 403 when `accessKeyId` is set and the request was signed with another key.
 * Recording: `EmailTags` become `metadata` (Name → Value); `tags` stays empty (SES has no other tags).
 *
 * How `@aws-sdk/client-sesv2` 3.1162.0 surfaces each outcome (checked by test/integration/standins/ses.test.ts):
 * - error status: a modelled exception (`MessageRejected`, `TooManyRequestsException`, `BadRequestException`,
 *   `NotFoundException`, …; unmodelled types such as `AccessDeniedException` / `InvalidClientTokenId` become
 *   `SESv2ServiceException` with `name` = the type) with `$fault`, `$metadata.httpStatusCode`,
 *   `$metadata.attempts`, and `$response.headers['retry-after']` readable. Throttling and 5xx are retried by
 *   the SDK (3 attempts by default) unless `maxAttempts: 1`.
 * - timeout (`requestHandler: { requestTimeout, throwOnRequestTimeout: true }`; without the flag it only
 *   warns): a plain Error, `name: 'TimeoutError'`, `code: 'ETIMEDOUT'`, no `$metadata.httpStatusCode`.
 * - connection reset: `socket hang up`, `code: 'ECONNRESET'`, but `name: 'TimeoutError'` (smithy renames
 *   it): tell the two apart by `code`.
 * - malformed 200 body: `SyntaxError` from deserialisation, `$response.statusCode: 200`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AcceptedMessage, HttpExchange, HttpReply, StandIn } from './core.js';
import {
  acceptedMessage,
  exposeStandIn,
  header,
  isEmailAddress,
  isRecord,
  parseAddressList,
  parseJson,
  startHttpStandIn,
} from './core.js';
import { parseMime } from './mime.js';

/** Options for {@link startSesStandIn}. */
export interface SesStandInOptions {
  /** Region used in error messages. Default `eu-west-1`. */
  region?: string;
  /** Verified identities (addresses or domains). Unset: every sender is verified. */
  verifiedIdentities?: string[];
  /** Template names that exist. Unset: every template exists. */
  templates?: string[];
  /** Configuration sets that exist. Unset: every name exists. */
  configurationSets?: string[];
  /** The only access key id accepted in the SigV4 `Credential=`; others get 403 `InvalidClientTokenId`. */
  accessKeyId?: string;
}

const TAG_PATTERN = /^[A-Za-z0-9_\-.@]{1,256}$/;

/**
 * Starts an SES v2 `SendEmail` stand-in on a random loopback port.
 * @example
 * const ses = await startSesStandIn({ verifiedIdentities: ['mailroom.test'] });
 * const client = new SESv2Client({ endpoint: ses.url, region: 'eu-west-1', credentials, maxAttempts: 1 });
 */
export async function startSesStandIn(opts: SesStandInOptions = {}): Promise<StandIn> {
  const accepted: AcceptedMessage[] = [];
  const faultTypes: Record<number, string> = {
    400: 'BadRequestException',
    403: 'AccessDeniedException',
    404: 'NotFoundException',
    429: 'TooManyRequestsException',
  };

  const server = await startHttpStandIn({
    route: (exchange) => route(exchange, opts, accepted),
    faultReply: (status, body) => {
      const type =
        isRecord(body) && typeof body.__type === 'string'
          ? body.__type
          : (faultTypes[status] ?? (status >= 500 ? 'InternalFailure' : 'BadRequestException'));
      const reply = awsRestJsonError(status, type, `injected ${status}`);
      if (body !== undefined) reply.body = body;
      return reply;
    },
    malformedReply: () => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"MessageId": <html>',
    }),
  });

  return exposeStandIn<StandIn>(server, server.origin, { accepted });
}

function awsRestJsonError(status: number, type: string, message: string): HttpReply {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-errortype': type,
      'x-amzn-requestid': randomUUID(),
    },
    body: { message },
    reason: `${type}: ${message}`,
  };
}

function route(exchange: HttpExchange, opts: SesStandInOptions, accepted: AcceptedMessage[]): HttpReply {
  if (exchange.method !== 'POST' || exchange.path !== '/v2/email/outbound-emails') {
    return awsRestJsonError(
      404,
      'UnknownOperationException',
      `no route for ${exchange.method} ${exchange.path}`,
    );
  }
  const authorization = header(exchange.headers, 'authorization') ?? '';
  if (!authorization.startsWith('AWS4-HMAC-SHA256 ')) {
    return awsRestJsonError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const accessKeyId = /Credential=([^/,\s]+)\//.exec(authorization)?.[1];
  if (opts.accessKeyId !== undefined && accessKeyId !== opts.accessKeyId) {
    return awsRestJsonError(
      403,
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
    );
  }
  const body = parseJson(exchange.body);
  if (!isRecord(body))
    return awsRestJsonError(400, 'SerializationException', 'request body is not a JSON object');
  const badRequest = (message: string): HttpReply => awsRestJsonError(400, 'BadRequestException', message);
  const rejected = (message: string): HttpReply => awsRestJsonError(400, 'MessageRejected', message);

  const content = body.Content;
  if (!isRecord(content)) return badRequest('Content is required.');
  const kinds = ['Simple', 'Template', 'Raw'].filter((k) => content[k] !== undefined);
  if (kinds.length !== 1) return badRequest('Content must contain exactly one of Simple, Template or Raw.');

  let raw: ReturnType<typeof parseMime> | undefined;
  if (isRecord(content.Raw)) {
    if (typeof content.Raw.Data !== 'string') return badRequest('Content.Raw.Data must be a base64 blob.');
    raw = parseMime(Buffer.from(content.Raw.Data, 'base64'));
  } else if (content.Raw !== undefined) {
    return badRequest('Content.Raw must be an object.');
  }

  const from =
    typeof body.FromEmailAddress === 'string' ? body.FromEmailAddress : (raw?.headers.From ?? undefined);
  if (from === undefined) return badRequest('FromEmailAddress is required.');
  const [fromAddress, ...extraFrom] = parseAddressList(from);
  if (fromAddress === undefined || extraFrom.length > 0) return rejected(`Illegal address: ${from}`);
  if (opts.verifiedIdentities !== undefined) {
    const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase();
    const ok = opts.verifiedIdentities.some(
      (id) => id.toLowerCase() === fromAddress.toLowerCase() || id.toLowerCase() === domain,
    );
    if (!ok) {
      return rejected(
        `Email address is not verified. The following identities failed the check in region ${(opts.region ?? 'eu-west-1').toUpperCase()}: ${fromAddress}`,
      );
    }
  }

  const destination = body.Destination;
  const to: string[] = [];
  if (destination !== undefined) {
    if (!isRecord(destination)) return badRequest('Destination must be an object.');
    for (const key of ['ToAddresses', 'CcAddresses', 'BccAddresses']) {
      const list = destination[key];
      if (list === undefined) continue;
      if (!Array.isArray(list) || list.some((a) => typeof a !== 'string')) {
        return badRequest(`Destination.${key} must be a list of strings.`);
      }
      for (const entry of list as string[]) {
        const [address, ...extra] = parseAddressList(entry);
        if (address === undefined || extra.length > 0) return rejected(`Illegal address: ${entry}`);
        if (key === 'ToAddresses') to.push(address);
      }
    }
  } else if (raw !== undefined) {
    for (const address of parseAddressList(raw.headers.To ?? '')) if (address !== undefined) to.push(address);
  }
  if (to.length === 0 && (!isRecord(destination) || !Array.isArray(destination.CcAddresses))) {
    return badRequest('Destination must contain at least one recipient.');
  }

  let replyTo: string | undefined;
  if (body.ReplyToAddresses !== undefined) {
    if (
      !Array.isArray(body.ReplyToAddresses) ||
      body.ReplyToAddresses.some((a) => !isEmailAddress(parseAddressList(String(a))[0]))
    ) {
      return rejected(`Illegal address in ReplyToAddresses: ${JSON.stringify(body.ReplyToAddresses)}`);
    }
    replyTo = parseAddressList(String(body.ReplyToAddresses[0]))[0];
  }

  const metadata: Record<string, string> = {};
  if (body.EmailTags !== undefined) {
    if (!Array.isArray(body.EmailTags)) return badRequest('EmailTags must be a list of { Name, Value }.');
    for (const tag of body.EmailTags as unknown[]) {
      if (!isRecord(tag) || typeof tag.Name !== 'string' || typeof tag.Value !== 'string') {
        return badRequest('Each EmailTag needs a string Name and Value.');
      }
      if (!TAG_PATTERN.test(tag.Name) || !TAG_PATTERN.test(tag.Value)) {
        return badRequest(
          `Invalid EmailTag ${JSON.stringify(tag.Name)}=${JSON.stringify(tag.Value)}: names and values may only contain ASCII letters, numbers, underscores (_), dashes (-), periods (.) and at signs (@), 1–256 characters.`,
        );
      }
      metadata[tag.Name] = tag.Value;
    }
  }

  const configurationSet = body.ConfigurationSetName;
  if (configurationSet !== undefined) {
    if (typeof configurationSet !== 'string' || configurationSet === '') {
      return badRequest('ConfigurationSetName must be a non-empty string.');
    }
    if (opts.configurationSets !== undefined && !opts.configurationSets.includes(configurationSet)) {
      return awsRestJsonError(
        404,
        'NotFoundException',
        `Configuration set <${configurationSet}> does not exist.`,
      );
    }
  }

  const headers: Record<string, string> = { ...raw?.headers };
  let subject: string | undefined = raw?.headers.Subject;
  let html: string | undefined = raw?.html;
  let text: string | undefined = raw?.text;
  let template: AcceptedMessage['template'];

  const readHeaders = (list: unknown): string | undefined => {
    if (list === undefined) return undefined;
    if (!Array.isArray(list)) return 'Headers must be a list of { Name, Value }.';
    for (const entry of list as unknown[]) {
      if (!isRecord(entry) || typeof entry.Name !== 'string' || typeof entry.Value !== 'string') {
        return 'Each header needs a string Name and Value.';
      }
      if (/[\r\n:]/.test(entry.Name) || /[\r\n]/.test(entry.Value)) {
        return `Header ${JSON.stringify(entry.Name)} must be a single line (no CR or LF).`;
      }
      headers[entry.Name] = entry.Value;
    }
    return undefined;
  };

  if (isRecord(content.Simple)) {
    const simple = content.Simple;
    if (!isRecord(simple.Subject) || typeof simple.Subject.Data !== 'string') {
      return badRequest('Content.Simple.Subject.Data is required.');
    }
    subject = simple.Subject.Data;
    const mailBody = simple.Body;
    if (!isRecord(mailBody)) return badRequest('Content.Simple.Body is required.');
    const textData = isRecord(mailBody.Text) ? mailBody.Text.Data : undefined;
    const htmlData = isRecord(mailBody.Html) ? mailBody.Html.Data : undefined;
    if (typeof textData !== 'string' && typeof htmlData !== 'string') {
      return badRequest('Content.Simple.Body needs Text or Html.');
    }
    text = typeof textData === 'string' ? textData : undefined;
    html = typeof htmlData === 'string' ? htmlData : undefined;
    const problem = readHeaders(simple.Headers);
    if (problem !== undefined) return badRequest(problem);
  } else if (isRecord(content.Template)) {
    const tpl = content.Template;
    const name = typeof tpl.TemplateName === 'string' ? tpl.TemplateName : tpl.TemplateArn;
    if (typeof name !== 'string' || name === '')
      return badRequest('Template needs TemplateName or TemplateArn.');
    if (opts.templates !== undefined && !opts.templates.includes(name)) {
      return awsRestJsonError(404, 'NotFoundException', `Template ${name} does not exist.`);
    }
    let data: unknown = {};
    if (tpl.TemplateData !== undefined) {
      data = typeof tpl.TemplateData === 'string' ? parseJson(Buffer.from(tpl.TemplateData)) : undefined;
      if (!isRecord(data)) return badRequest('Template.TemplateData must be a JSON object in a string.');
    }
    template = { id: name, data: data as Record<string, unknown> };
    const problem = readHeaders(tpl.Headers);
    if (problem !== undefined) return badRequest(problem);
  } else if (content.Simple !== undefined || content.Template !== undefined) {
    return badRequest('Content.Simple / Content.Template must be an object.');
  }

  const messageId = `0102${randomBytes(8).toString('hex')}-${randomUUID()}-000000`;
  accepted.push(
    acceptedMessage({
      messageId,
      from,
      to,
      replyTo,
      subject,
      html,
      text,
      headers,
      tags: [],
      metadata,
      template,
      sandbox: false,
      raw: body,
    }),
  );
  return { status: 200, headers: { 'x-amzn-requestid': randomUUID() }, body: { MessageId: messageId } };
}
