/**
 * Runtime schema for the Cognito custom email sender event (all 8 trigger sources).
 *
 * Why valibot (1.5): its validators are separate tree-shakable functions, so the dispatcher bundle carries only
 * the few used here. Measured with esbuild (minified, ESM): this whole module is 9.5 KB (3.4 KB gzipped), of which
 * valibot is 5.9 KB; zod 4 classic ships as one method-chained object graph that does not shake this way.
 * Messages are not valibot's defaults: every issue is rewritten from one table
 * of expectations keyed by path, so the text is stable and never echoes `request.code`.
 */
import * as v from 'valibot';
import {
  CUSTOM_EMAIL_SENDER_REQUEST_TYPE,
  TRIGGER_SOURCES,
  TRIGGERS,
  type TriggerSource,
} from './contracts/triggers.js';
import { type EventIssue, EventValidationError } from './errors.js';
import type { CustomEmailSenderEvent } from './event.js';

const ROOT_PATH = '(root)';

function isPlainObject(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

/** valibot's `object`/`record` accept arrays (they are objects); Cognito never sends one, so refuse them. */
const plainObject = v.custom<Record<string, unknown>>(isPlainObject);

const stringMap = v.pipe(plainObject, v.record(v.string(), v.string()));

const triggerSources = TRIGGER_SOURCES as readonly [TriggerSource, ...TriggerSource[]];

/** Triggers whose `request.code` must carry an Encryption SDK message (all but AccountTakeOverNotification). */
const CODE_CARRYING = new Set<string>(TRIGGERS.filter((t) => t.codeKind !== 'none').map((t) => t.source));

const eventSchema = v.pipe(
  plainObject,
  v.object({
    version: v.string(),
    triggerSource: v.picklist(triggerSources),
    region: v.string(),
    userPoolId: v.string(),
    userName: v.string(),
    callerContext: v.pipe(
      plainObject,
      v.object({
        // Both are null in some real events (and absent in hand-made ones): normalise to null.
        awsSdkVersion: v.optional(v.nullable(v.string()), null),
        clientId: v.optional(v.nullable(v.string()), null),
      }),
    ),
    request: v.pipe(
      plainObject,
      v.object({
        // Kept as `string` (not a literal) so the inferred type stays identical to CustomEmailSenderEvent.
        type: v.pipe(v.string(), v.value(CUSTOM_EMAIL_SENDER_REQUEST_TYPE)),
        // AccountTakeOverNotification sends `code: null`; a missing code there means the same thing.
        code: v.optional(v.nullable(v.string()), null),
        userAttributes: stringMap,
        clientMetadata: v.optional(v.nullable(stringMap)),
      }),
    ),
    // Cognito always sends `response: {}` and a custom sender never reads it: tolerate its absence.
    response: v.optional(v.pipe(plainObject, v.record(v.string(), v.unknown())), {}),
  }),
  v.forward(
    v.partialCheck(
      [['triggerSource'], ['request', 'code']],
      (event) =>
        !CODE_CARRYING.has(event.triggerSource) ||
        (typeof event.request.code === 'string' && event.request.code.length > 0),
    ),
    ['request', 'code'],
  ),
);

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compile-time guard: the schema's output must stay exactly the hand-written contract type. */
const schemaMatchesContract: Equals<v.InferOutput<typeof eventSchema>, CustomEmailSenderEvent> = true;
void schemaMatchesContract;

/** What each path must hold; `*` stands for any attribute / metadata key. */
const EXPECTED: Record<string, string> = {
  [ROOT_PATH]: 'an object (the Lambda event)',
  version: 'a string',
  triggerSource: `one of ${TRIGGER_SOURCES.join(', ')}`,
  region: 'a string',
  userPoolId: 'a string',
  userName: 'a string',
  callerContext: 'an object',
  'callerContext.awsSdkVersion': 'a string or null',
  'callerContext.clientId': 'a string or null',
  request: 'an object',
  'request.type': `"${CUSTOM_EMAIL_SENDER_REQUEST_TYPE}"`,
  'request.code': 'a string or null',
  'request.userAttributes': 'an object of string values',
  'request.userAttributes.*': 'a string',
  'request.clientMetadata': 'an object of string values, null or absent',
  'request.clientMetadata.*': 'a string',
  response: 'an object',
};

/** Paths whose received value is safe and useful to echo (enumerations), never the code. */
const ECHO_VALUE = new Set(['triggerSource', 'request.type']);

function describe(present: boolean, value: unknown, echo: boolean): string {
  if (!present) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    if (value.length === 0) return 'an empty string';
    if (!echo) return 'a string';
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function lookup(input: unknown, keys: readonly string[]): { present: boolean; value: unknown } {
  let current: unknown = input;
  for (const key of keys) {
    if (!isPlainObject(current) || !Object.hasOwn(current, key)) return { present: false, value: undefined };
    current = current[key];
  }
  return { present: true, value: current };
}

function toIssue(input: unknown, issue: v.BaseIssue<unknown>): EventIssue {
  const keys = (issue.path ?? []).map((item) => String(item.key));
  const path = keys.length === 0 ? ROOT_PATH : keys.join('.');
  const pattern =
    keys.length === 3 &&
    keys[0] === 'request' &&
    (keys[1] === 'userAttributes' || keys[1] === 'clientMetadata')
      ? `request.${keys[1]}.*`
      : path;
  const { present, value } = lookup(input, keys);
  // Echo enumerations only, and never a value identical to the code (e.g. fields shifted by a broken mapper).
  const code = lookup(input, ['request', 'code']).value;
  const got = describe(present, value, ECHO_VALUE.has(pattern) && value !== code);
  if (issue.type === 'partial_check') {
    const trigger = lookup(input, ['triggerSource']).value;
    return {
      path,
      message: `expected a non-empty string (the encrypted code, required for ${String(trigger)}), got ${got}`,
    };
  }
  return { path, message: `expected ${EXPECTED[pattern] ?? 'a valid value'}, got ${got}` };
}

/**
 * Validates an unknown value as a Cognito custom email sender event and returns it typed.
 * Unknown extra fields are tolerated (Cognito adds fields) and dropped from the result.
 * Throws `EventValidationError` listing every problem as `path: expected …, got …`.
 * @example
 * const event = parseCustomEmailSenderEvent(JSON.parse(body));
 * event.triggerSource; // 'CustomEmailSender_SignUp'
 */
export function parseCustomEmailSenderEvent(input: unknown): CustomEmailSenderEvent {
  const result = v.safeParse(eventSchema, input);
  if (result.success) return result.output;
  throw new EventValidationError(result.issues.map((issue) => toIssue(input, issue)));
}
