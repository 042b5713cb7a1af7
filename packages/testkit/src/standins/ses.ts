/**
 * Amazon SES v2 stand-in: `SendEmail` = `POST /v2/email/outbound-emails` (restJson), our own rather than
 * `aws-ses-v2-local` (it has no fault injection); a `Content.Raw` message is read by `parseMime` (mailparser).
 * Point the SDK at it with `AWS_ENDPOINT_URL_SESV2=<url>` (or `endpoint: url`) plus dummy credentials; `url` is
 * the origin.
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
import { isEmailAddress } from '@mailroom/shared-types';
import type { AcceptedMessage, HttpExchange, HttpReply, StandIn } from './core.js';
import {
  acceptedMessage,
  exposeStandIn,
  header,
  isRecord,
  parseAddressList,
  parseJson,
  startHttpStandIn,
} from './core.js';
import { type ParsedMime, parseMime } from './mime.js';

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

const badRequest = (message: string): HttpReply => awsRestJsonError(400, 'BadRequestException', message);
const rejected = (message: string): HttpReply => awsRestJsonError(400, 'MessageRejected', message);
type Checked<T> = T | { problem: HttpReply };
const isProblem = <T>(value: Checked<T>): value is { problem: HttpReply } =>
  typeof value === 'object' && value !== null && 'problem' in value;

/** 404 for another path, 403 without a SigV4 Authorization (or with another access key, when one is set). */
function gateProblem(exchange: HttpExchange, opts: SesStandInOptions): HttpReply | undefined {
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
  return undefined;
}

/** Exactly one of Simple, Template, Raw; a Raw message decoded (parsed by the caller, asynchronously). */
function contentOf(
  body: Record<string, unknown>,
): Checked<{ content: Record<string, unknown>; rawData?: Buffer }> {
  const content = body.Content;
  if (!isRecord(content)) return { problem: badRequest('Content is required.') };
  const kinds = ['Simple', 'Template', 'Raw'].filter((k) => content[k] !== undefined);
  if (kinds.length !== 1) {
    return { problem: badRequest('Content must contain exactly one of Simple, Template or Raw.') };
  }
  if (content.Raw === undefined) return { content };
  if (!isRecord(content.Raw)) return { problem: badRequest('Content.Raw must be an object.') };
  if (typeof content.Raw.Data !== 'string')
    return { problem: badRequest('Content.Raw.Data must be a base64 blob.') };
  return { content, rawData: Buffer.from(content.Raw.Data, 'base64') };
}

/** The sender: one address, verified when the stand-in has a list of identities. */
function senderOf(
  body: Record<string, unknown>,
  raw: ParsedMime | undefined,
  opts: SesStandInOptions,
): Checked<string> {
  const from = typeof body.FromEmailAddress === 'string' ? body.FromEmailAddress : raw?.headers.From;
  if (from === undefined) return { problem: badRequest('FromEmailAddress is required.') };
  const [fromAddress, ...extraFrom] = parseAddressList(from);
  if (fromAddress === undefined || extraFrom.length > 0)
    return { problem: rejected(`Illegal address: ${from}`) };
  if (opts.verifiedIdentities === undefined) return from;
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase();
  const verified = opts.verifiedIdentities.some(
    (id) => id.toLowerCase() === fromAddress.toLowerCase() || id.toLowerCase() === domain,
  );
  if (verified) return from;
  const region = (opts.region ?? 'eu-west-1').toUpperCase();
  return {
    problem: rejected(
      `Email address is not verified. The following identities failed the check in region ${region}: ${fromAddress}`,
    ),
  };
}

/** The To addresses of a Destination, every list checked. */
function destinationTo(destination: Record<string, unknown>): Checked<string[]> {
  const to: string[] = [];
  for (const key of ['ToAddresses', 'CcAddresses', 'BccAddresses']) {
    const list = destination[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.some((a) => typeof a !== 'string')) {
      return { problem: badRequest(`Destination.${key} must be a list of strings.`) };
    }
    for (const entry of list as string[]) {
      const [address, ...extra] = parseAddressList(entry);
      if (address === undefined || extra.length > 0)
        return { problem: rejected(`Illegal address: ${entry}`) };
      if (key === 'ToAddresses') to.push(address);
    }
  }
  return to;
}

/** The To addresses (Destination, or the raw message's To header); at least one recipient. */
function recipientsOf(body: Record<string, unknown>, raw: ParsedMime | undefined): Checked<string[]> {
  const destination = body.Destination;
  let to: Checked<string[]> = [];
  if (destination === undefined && raw !== undefined) {
    to = parseAddressList(raw.headers.To ?? '').filter((address): address is string => address !== undefined);
  } else if (destination !== undefined) {
    if (!isRecord(destination)) return { problem: badRequest('Destination must be an object.') };
    to = destinationTo(destination);
  }
  if (isProblem(to)) return to;
  if (to.length === 0 && (!isRecord(destination) || !Array.isArray(destination.CcAddresses))) {
    return { problem: badRequest('Destination must contain at least one recipient.') };
  }
  return to;
}

function replyToOf(body: Record<string, unknown>): Checked<string | undefined> {
  const list = body.ReplyToAddresses;
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.some((a) => !isEmailAddress(parseAddressList(String(a))[0]))) {
    return { problem: rejected(`Illegal address in ReplyToAddresses: ${JSON.stringify(list)}`) };
  }
  return parseAddressList(String(list[0]))[0];
}

function metadataOf(body: Record<string, unknown>): Checked<Record<string, string>> {
  const metadata: Record<string, string> = {};
  if (body.EmailTags === undefined) return metadata;
  if (!Array.isArray(body.EmailTags))
    return { problem: badRequest('EmailTags must be a list of { Name, Value }.') };
  for (const tag of body.EmailTags as unknown[]) {
    if (!isRecord(tag) || typeof tag.Name !== 'string' || typeof tag.Value !== 'string') {
      return { problem: badRequest('Each EmailTag needs a string Name and Value.') };
    }
    if (!TAG_PATTERN.test(tag.Name) || !TAG_PATTERN.test(tag.Value)) {
      return {
        problem: badRequest(
          `Invalid EmailTag ${JSON.stringify(tag.Name)}=${JSON.stringify(tag.Value)}: names and values may only contain ASCII letters, numbers, underscores (_), dashes (-), periods (.) and at signs (@), 1–256 characters.`,
        ),
      };
    }
    metadata[tag.Name] = tag.Value;
  }
  return metadata;
}

function configurationSetProblem(
  body: Record<string, unknown>,
  opts: SesStandInOptions,
): HttpReply | undefined {
  const name = body.ConfigurationSetName;
  if (name === undefined) return undefined;
  if (typeof name !== 'string' || name === '')
    return badRequest('ConfigurationSetName must be a non-empty string.');
  if (opts.configurationSets !== undefined && !opts.configurationSets.includes(name)) {
    return awsRestJsonError(404, 'NotFoundException', `Configuration set <${name}> does not exist.`);
  }
  return undefined;
}

/** What the message says: subject, bodies, headers and template, from Raw, Simple or Template content. */
interface Body {
  subject: string | undefined;
  html: string | undefined;
  text: string | undefined;
  headers: Record<string, string>;
  template: AcceptedMessage['template'];
}

/** Adds `Headers: [{ Name, Value }]` to `headers`; the message of the first bad entry. */
function readHeaders(list: unknown, headers: Record<string, string>): string | undefined {
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
}

function simpleBody(simple: Record<string, unknown>, into: Body): HttpReply | undefined {
  if (!isRecord(simple.Subject) || typeof simple.Subject.Data !== 'string') {
    return badRequest('Content.Simple.Subject.Data is required.');
  }
  into.subject = simple.Subject.Data;
  const mailBody = simple.Body;
  if (!isRecord(mailBody)) return badRequest('Content.Simple.Body is required.');
  const textData = isRecord(mailBody.Text) ? mailBody.Text.Data : undefined;
  const htmlData = isRecord(mailBody.Html) ? mailBody.Html.Data : undefined;
  if (typeof textData !== 'string' && typeof htmlData !== 'string') {
    return badRequest('Content.Simple.Body needs Text or Html.');
  }
  into.text = typeof textData === 'string' ? textData : undefined;
  into.html = typeof htmlData === 'string' ? htmlData : undefined;
  const problem = readHeaders(simple.Headers, into.headers);
  return problem === undefined ? undefined : badRequest(problem);
}

function templateBody(
  tpl: Record<string, unknown>,
  opts: SesStandInOptions,
  into: Body,
): HttpReply | undefined {
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
  into.template = { id: name, data: data as Record<string, unknown> };
  const problem = readHeaders(tpl.Headers, into.headers);
  return problem === undefined ? undefined : badRequest(problem);
}

function bodyOf(
  content: Record<string, unknown>,
  raw: ParsedMime | undefined,
  opts: SesStandInOptions,
): Checked<Body> {
  const body: Body = {
    subject: raw?.headers.Subject,
    html: raw?.html,
    text: raw?.text,
    headers: { ...raw?.headers },
    template: undefined,
  };
  let problem: HttpReply | undefined;
  if (isRecord(content.Simple)) problem = simpleBody(content.Simple, body);
  else if (isRecord(content.Template)) problem = templateBody(content.Template, opts, body);
  else if (content.Simple !== undefined || content.Template !== undefined) {
    problem = badRequest('Content.Simple / Content.Template must be an object.');
  }
  return problem === undefined ? body : { problem };
}

async function route(
  exchange: HttpExchange,
  opts: SesStandInOptions,
  accepted: AcceptedMessage[],
): Promise<HttpReply> {
  const refused = gateProblem(exchange, opts);
  if (refused) return refused;
  const body = parseJson(exchange.body);
  if (!isRecord(body))
    return awsRestJsonError(400, 'SerializationException', 'request body is not a JSON object');
  const content = contentOf(body);
  if (isProblem(content)) return content.problem;
  // Parsed before recording, so `accepted` is complete the moment the SDK call resolves.
  const raw = content.rawData === undefined ? undefined : await parseMime(content.rawData);
  const from = senderOf(body, raw, opts);
  if (isProblem(from)) return from.problem;
  const to = recipientsOf(body, raw);
  if (isProblem(to)) return to.problem;
  const replyTo = replyToOf(body);
  if (isProblem(replyTo)) return replyTo.problem;
  const metadata = metadataOf(body);
  if (isProblem(metadata)) return metadata.problem;
  const configurationProblem = configurationSetProblem(body, opts);
  if (configurationProblem) return configurationProblem;
  const message = bodyOf(content.content, raw, opts);
  if (isProblem(message)) return message.problem;
  const messageId = `0102${randomBytes(8).toString('hex')}-${randomUUID()}-000000`;
  accepted.push(
    acceptedMessage({
      messageId,
      from,
      to,
      replyTo,
      ...message,
      tags: [],
      metadata,
      sandbox: false,
      raw: body,
    }),
  );
  return { status: 200, headers: { 'x-amzn-requestid': randomUUID() }, body: { MessageId: messageId } };
}
