/**
 * SendGrid v3 stand-in: `POST /v3/mail/send` with `Authorization: Bearer <apiKey>`.
 *
 * URL convention: `url` is the origin (`http://127.0.0.1:<port>`), like `https://api.sendgrid.com`; the SDK
 * appends `/v3/mail/send`. With `@sendgrid/mail` 8, `setApiKey()` resets the base URL, so call
 * `client.setDefaultRequest('baseUrl', url)` after it (see the integration test).
 *
 * Answers: 202 + `X-Message-Id` (empty body); sandbox mode (`mail_settings.sandbox_mode.enable: true`) 200
 * with no body and no `X-Message-Id` (recorded with `sandbox: true`); 400 `{ errors: [{ message, field,
 * help }] }` for contract violations; 401 for a missing or wrong key; faults as below.
 *
 * How `@sendgrid/mail` 8.1.6 surfaces each outcome (checked by test/integration/standins/sendgrid.test.ts):
 * - 4xx/5xx status: rejects with a `ResponseError` instance whose class is not usable at run time (the
 *   exported `ResponseError` is undefined), so check the shape: `name: 'Error'`, `code: <status>` (number),
 *   `message: <statusText>` ('Too Many Requests'), `response.headers` (AxiosHeaders, lower-case keys:
 *   `response.headers['retry-after']` is readable), `response.body.errors[]` of `{ message, field, help }`.
 * - timeout (`MailService.setTimeout(ms)`, an axios timeout): raw `AxiosError`, `isAxiosError: true`,
 *   `code: 'ECONNABORTED'`, message `timeout of <ms>ms exceeded`, no `response`.
 * - connection reset: raw `AxiosError`, `code: 'ECONNRESET'`, message `socket hang up`, no `response`.
 * - malformed 202 body: no error; axios keeps the unparsable text and `send()` resolves `[response, body]`.
 * The SDK never retries on its own.
 */
import { isEmailAddress } from '@mailroom/shared-types';
import type { HttpExchange, HttpReply, StandIn } from './core.js';
import {
  acceptedMessage,
  exposeStandIn,
  header,
  isRecord,
  isStringRecord,
  parseJson,
  randomId,
  recordedSender,
  startHttpStandIn,
} from './core.js';

/** Options for {@link startSendGridStandIn}. */
export interface SendGridStandInOptions {
  /** The only key accepted as `Authorization: Bearer <apiKey>`. Default `SG.test-key`. */
  apiKey?: string;
}

const HELP_BASE = 'http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html';

/** Headers SendGrid refuses in `headers` (it sets them itself). */
const RESERVED_HEADERS = new Set([
  'x-sg-id',
  'x-sg-eid',
  'received',
  'dkim-signature',
  'content-type',
  'content-transfer-encoding',
  'to',
  'from',
  'subject',
  'reply-to',
  'cc',
  'bcc',
]);

interface FieldError {
  message: string;
  field: string | null;
  help: string | null;
}

const defaultErrorMessages: Record<number, string> = {
  401: 'The provided authorization grant is invalid, expired, or revoked',
  403: 'The from address does not match a verified Sender Identity.',
  413: 'The JSON payload you have included in your request is too large.',
  429: 'too many requests',
  500: 'An internal server error occurred.',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/**
 * Starts a SendGrid v3 Mail Send stand-in on a random loopback port.
 * @example
 * const sg = await startSendGridStandIn({ apiKey: 'SG.test-key' });
 * client.setApiKey('SG.test-key');
 * client.setDefaultRequest('baseUrl', sg.url);
 * // … send, then: sg.accepted[0].to → ['user@example.com']
 * await sg.close();
 */
export async function startSendGridStandIn(opts: SendGridStandInOptions = {}): Promise<StandIn> {
  const apiKey = opts.apiKey ?? 'SG.test-key';
  const accepted: StandIn['accepted'] = [];

  const server = await startHttpStandIn({
    route: (exchange) => route(exchange, apiKey, accepted),
    faultReply: (status, body) => ({
      status,
      body: body ?? {
        errors: [{ message: defaultErrorMessages[status] ?? `HTTP ${status}`, field: null, help: null }],
      },
    }),
    malformedReply: () => ({
      status: 202,
      headers: { 'content-type': 'application/json', 'x-message-id': randomId() },
      body: '{"errors": [ <html>',
    }),
  });

  return exposeStandIn<StandIn>(server, server.origin, { accepted });
}

function errorReply(status: number, errors: FieldError[]): HttpReply {
  return {
    status,
    body: { errors },
    reason: errors.map((e) => `${e.field ?? '-'}: ${e.message}`).join('; '),
  };
}

function route(exchange: HttpExchange, apiKey: string, accepted: StandIn['accepted']): HttpReply {
  if (exchange.path !== '/v3/mail/send') {
    return errorReply(404, [{ message: 'resource not found', field: null, help: null }]);
  }
  if (exchange.method !== 'POST') {
    return errorReply(405, [{ message: 'method not allowed', field: null, help: null }]);
  }
  if (header(exchange.headers, 'authorization') !== `Bearer ${apiKey}`) {
    return errorReply(401, [{ message: defaultErrorMessages[401] as string, field: null, help: null }]);
  }
  const body = parseJson(exchange.body);
  if (!isRecord(body)) {
    return errorReply(400, [{ message: 'Bad Request', field: null, help: null }]);
  }
  const errors = validate(body);
  if (errors.length > 0) return errorReply(400, errors);

  const personalizations = body.personalizations as Record<string, unknown>[];
  const first = personalizations[0] as Record<string, unknown>;
  const from = body.from as { email: string; name?: string };
  const replyTo = isRecord(body.reply_to) ? (body.reply_to.email as string) : undefined;
  const content = Array.isArray(body.content) ? (body.content as { type: string; value: string }[]) : [];
  const mailSettings = isRecord(body.mail_settings) ? body.mail_settings : {};
  const sandbox = isRecord(mailSettings.sandbox_mode) && mailSettings.sandbox_mode.enable === true;
  const templateId = typeof body.template_id === 'string' ? body.template_id : undefined;
  const messageId = randomId(11);
  const subject = (first.subject as string | undefined) ?? (body.subject as string | undefined);

  accepted.push(
    acceptedMessage({
      messageId,
      from: recordedSender(from.email, from.name),
      to: personalizations.flatMap((p) => (p.to as { email: string }[]).map((t) => t.email)),
      replyTo,
      subject,
      html: content.find((c) => c.type === 'text/html')?.value,
      text: content.find((c) => c.type === 'text/plain')?.value,
      headers: { ...(body.headers as Record<string, string>), ...(first.headers as Record<string, string>) },
      tags: (body.categories as string[] | undefined) ?? [],
      metadata: {
        ...(body.custom_args as Record<string, string>),
        ...(first.custom_args as Record<string, string>),
      },
      template:
        templateId === undefined
          ? undefined
          : {
              id: templateId,
              data: {
                ...(body.dynamic_template_data as Record<string, unknown>),
                ...(first.dynamic_template_data as Record<string, unknown>),
              },
            },
      sandbox,
      raw: body,
    }),
  );
  // Real sandbox mode validates and answers 200 without delivering (and without a message id).
  if (sandbox) return { status: 200 };
  return { status: 202, headers: { 'x-message-id': messageId } };
}

type Add = (field: string | null, message: string, anchor: string) => void;

function validatePersonalization(p: unknown, i: number, add: Add): void {
  if (!isRecord(p)) {
    add(`personalizations.${i}`, 'Each personalization must be an object.', 'message.personalizations');
    return;
  }
  for (const kind of ['to', 'cc', 'bcc'] as const) {
    const list = p[kind];
    if (list === undefined && kind !== 'to') continue;
    if (!Array.isArray(list) || list.length === 0) {
      add(
        `personalizations.${i}.${kind}`,
        kind === 'to'
          ? 'The to array is required for all personalization objects, and must have at least one email object with a valid email address.'
          : `The ${kind} array must have at least one email object with a valid email address.`,
        `message.personalizations.${kind}`,
      );
      continue;
    }
    list.forEach((entry: unknown, j) => {
      if (!isRecord(entry) || !isEmailAddress(entry.email)) {
        add(
          `personalizations.${i}.${kind}.${j}.email`,
          'Does not contain a valid address.',
          `message.personalizations.${kind}`,
        );
      }
    });
  }
  if (p.headers !== undefined) checkHeaders(p.headers, `personalizations.${i}.headers`, add);
  if (p.custom_args !== undefined && !isStringRecord(p.custom_args)) {
    add(`personalizations.${i}.custom_args`, 'Custom args must be a map of strings.', 'message.custom_args');
  }
  if (p.dynamic_template_data !== undefined && !isRecord(p.dynamic_template_data)) {
    add(
      `personalizations.${i}.dynamic_template_data`,
      'dynamic_template_data must be an object.',
      'message.dynamic_template_data',
    );
  }
}

function validatePersonalizations(personalizations: unknown, add: Add): void {
  if (!Array.isArray(personalizations) || personalizations.length === 0) {
    add(
      'personalizations',
      'The personalizations field is required and must have at least one personalization.',
      'message.personalizations',
    );
  } else if (personalizations.length > 1000) {
    add(
      'personalizations',
      'You may not have more than 1000 personalizations per request.',
      'message.personalizations',
    );
  } else {
    personalizations.forEach((p: unknown, i) => {
      validatePersonalization(p, i, add);
    });
  }
}

/** The sender, the template id and the subject (required unless a template or every personalization has one). */
function validateEnvelope(body: Record<string, unknown>, add: Add): boolean {
  const personalizations = body.personalizations;
  if (!isRecord(body.from) || !isEmailAddress(body.from.email)) {
    add(
      'from.email',
      'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.',
      'message.from',
    );
  }

  const templateId = body.template_id;
  if (templateId !== undefined && (typeof templateId !== 'string' || templateId.length === 0)) {
    add('template_id', 'The template_id must be a valid template id string.', 'message.template_id');
  }
  const hasTemplate = typeof templateId === 'string' && templateId.length > 0;
  const everyPersonalizationHasSubject =
    Array.isArray(personalizations) &&
    personalizations.every((p: unknown) => isRecord(p) && typeof p.subject === 'string' && p.subject !== '');
  if (body.subject !== undefined && typeof body.subject !== 'string') {
    add('subject', 'The subject must be a string.', 'message.subject');
  } else if (!hasTemplate && !everyPersonalizationHasSubject && !body.subject) {
    add(
      'subject',
      'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.',
      'message.subject',
    );
  }
  return hasTemplate;
}

function validateContentBlocks(content: unknown[], add: Add): void {
  const types: string[] = [];
  content.forEach((block: unknown, i) => {
    if (!isRecord(block) || typeof block.type !== 'string' || block.type === '') {
      add(
        `content.${i}.type`,
        'The content type must be a string at least one character in length.',
        'message.content.type',
      );
      return;
    }
    if (typeof block.value !== 'string' || block.value === '') {
      add(
        `content.${i}.value`,
        'The content value must be a string at least one character in length.',
        'message.content.value',
      );
    }
    types.push(block.type);
  });
  const plain = types.indexOf('text/plain');
  const html = types.indexOf('text/html');
  if (plain > 0 || (html !== -1 && plain > html)) {
    add(
      'content',
      'If present, text/plain and text/html may only be provided in this order: text/plain, text/html.',
      'message.content.type',
    );
  }
}

function validateContent(content: unknown, hasTemplate: boolean, add: Add): void {
  if (content === undefined) {
    if (!hasTemplate) {
      add(
        'content',
        'Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.',
        'message.content',
      );
    }
  } else if (!Array.isArray(content) || content.length === 0) {
    add(
      'content',
      'The content parameter must be an array with at least one content block.',
      'message.content',
    );
  } else {
    validateContentBlocks(content, add);
  }
}

function validateCategories(categories: unknown, add: Add): void {
  if (categories !== undefined) {
    if (!Array.isArray(categories) || categories.some((c) => typeof c !== 'string' || c.length > 255)) {
      add(
        'categories',
        'Categories must be an array of strings of at most 255 characters.',
        'message.categories',
      );
    } else if (categories.length > 10) {
      add(
        'categories',
        'Too many categories. You may not have more than 10 categories per request.',
        'message.categories',
      );
    } else if (new Set(categories).size !== categories.length) {
      add('categories', 'Categories must be unique.', 'message.categories');
    }
  }
}

function validateMailSettings(mailSettings: unknown, add: Add): void {
  if (mailSettings !== undefined) {
    if (!isRecord(mailSettings)) {
      add('mail_settings', 'mail_settings must be an object.', 'message.mail_settings');
    } else if (mailSettings.sandbox_mode !== undefined) {
      const sandbox = mailSettings.sandbox_mode;
      if (!isRecord(sandbox) || typeof sandbox.enable !== 'boolean') {
        add(
          'mail_settings.sandbox_mode.enable',
          'The sandbox mode enable param should be a boolean value.',
          'message.mail_settings.sandbox_mode.enable',
        );
      }
    }
  }
}

/** Reply-to, headers, categories, custom args, template data and mail settings. */
function validateExtras(body: Record<string, unknown>, add: Add): void {
  if (body.reply_to !== undefined && (!isRecord(body.reply_to) || !isEmailAddress(body.reply_to.email))) {
    add('reply_to.email', 'The reply_to email does not contain a valid address.', 'message.reply_to');
  }
  if (body.headers !== undefined) checkHeaders(body.headers, 'headers', add);

  validateCategories(body.categories, add);
  if (body.custom_args !== undefined && !isStringRecord(body.custom_args)) {
    add('custom_args', 'Custom args must be a map of strings.', 'message.custom_args');
  }
  if (body.dynamic_template_data !== undefined && !isRecord(body.dynamic_template_data)) {
    add('dynamic_template_data', 'dynamic_template_data must be an object.', 'message.dynamic_template_data');
  }

  validateMailSettings(body.mail_settings, add);
}

function validate(body: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const add: Add = (field, message, anchor) => {
    errors.push({ field, message, help: `${HELP_BASE}#${anchor}` });
  };
  validatePersonalizations(body.personalizations, add);
  const hasTemplate = validateEnvelope(body, add);
  validateContent(body.content, hasTemplate, add);
  validateExtras(body, add);
  return errors;
}

function checkHeaders(
  headers: unknown,
  field: string,
  add: (field: string | null, message: string, anchor: string) => void,
): void {
  if (!isStringRecord(headers)) {
    add(field, 'Headers must be a map of strings.', 'message.headers');
    return;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) {
      add(
        `${field}.${name.replace(/[\r\n]/g, ' ')}`,
        'Header names and values may not contain CR or LF.',
        'message.headers',
      );
    } else if (RESERVED_HEADERS.has(name.toLowerCase())) {
      add(
        `${field}.${name}`,
        `The header ${name} is reserved and may not be set in headers.`,
        'message.headers',
      );
    }
  }
}
