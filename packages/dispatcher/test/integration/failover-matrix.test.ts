/**
 * The fault matrix: every provider × {500, 503, 429 with Retry-After, timeout, connection reset, 401,
 * malformed success body, invalid recipient}, each through `sendWithFailover` with a two-provider chain,
 * real SDKs and the testkit stand-ins. For each cell: which provider delivered, that exactly one send was
 * accepted across all stand-ins, whether it threw (and `retryable`), the fallback log line, and that no
 * secret reached the logs.
 *
 * SMTP speaks reply codes, not HTTP statuses: 500 → 451, 503 → 421, 429 → 452 (SMTP has no Retry-After),
 * 401 → 535. SES answers credential problems with 403 (AccessDeniedException), never 401.
 */
import type { FaultSpec } from '@mailroom/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/errors.js';
import { sendWithFailover } from '../../src/failover.js';
import { loadProviderTemplates, providerTemplateData } from '../../src/provider-templates.js';
import type { EmailProvider } from '../../src/providers/types.js';
import {
  captureLogs,
  MAIL_PROVIDERS,
  type MailProvider,
  type Rig,
  SECRETS,
  sampleMessage,
  startRig,
} from './providers/rig.js';

/** Generous for a loaded machine, short enough that a stalled provider costs one second. */
const ATTEMPT_TIMEOUT_MS = 1_000;
const NEXT: Record<MailProvider, MailProvider> = {
  sendgrid: 'mailgun',
  mailgun: 'brevo',
  brevo: 'ses',
  ses: 'smtp',
  smtp: 'sendgrid',
};
/** Providers whose SDK lets us read Retry-After (mailgun.js hides headers; SMTP has none). */
const SEES_RETRY_AFTER = new Set<MailProvider>(['sendgrid', 'brevo', 'ses']);

type Expected =
  | { outcome: 'fallback'; kind: 'transient' | 'provider-auth' }
  | { outcome: 'same-provider-after-retry' }
  | { outcome: 'rejected' };

interface Cell {
  fault: string;
  spec(provider: MailProvider): FaultSpec | null;
  /** Recipient for this cell (an address every provider refuses for the invalid-recipient cell). */
  to?: string;
  expected(provider: MailProvider): Expected;
  /** Providers the cell does not apply to, and why (in a comment at the cell). */
  except?: MailProvider[];
}

const CELLS: Cell[] = [
  {
    fault: '500',
    spec: (p) => (p === 'smtp' ? { status: 451 } : { status: 500 }),
    expected: () => ({ outcome: 'fallback', kind: 'transient' }),
  },
  {
    fault: '503',
    spec: (p) => (p === 'smtp' ? { status: 421 } : { status: 503 }),
    expected: () => ({ outcome: 'fallback', kind: 'transient' }),
  },
  {
    fault: '429 with Retry-After',
    spec: (p) => (p === 'smtp' ? { status: 452, times: 1 } : { status: 429, retryAfter: 0, times: 1 }),
    expected: (p) =>
      SEES_RETRY_AFTER.has(p)
        ? { outcome: 'same-provider-after-retry' }
        : { outcome: 'fallback', kind: 'transient' },
  },
  {
    fault: 'timeout',
    spec: () => ({ delayMs: 30_000 }),
    expected: () => ({ outcome: 'fallback', kind: 'transient' }),
  },
  {
    fault: 'connection reset',
    spec: () => ({ reset: true }),
    expected: () => ({ outcome: 'fallback', kind: 'transient' }),
  },
  {
    fault: '401',
    spec: (p) => (p === 'smtp' ? { status: 535 } : p === 'ses' ? { status: 403 } : { status: 401 }),
    expected: () => ({ outcome: 'fallback', kind: 'provider-auth' }),
  },
  {
    // A 2xx the SDK cannot read: the provider may have queued it, but no message id means no proof;
    // a possible duplicate is better than a lost sign-in code.
    fault: 'malformed success body',
    spec: () => ({ malformed: true }),
    expected: () => ({ outcome: 'fallback', kind: 'transient' }),
    // SendGrid's 202 carries no body worth reading (the id is a header), so its adapter rightly ignores it.
    except: ['sendgrid'],
  },
  {
    fault: '400 invalid recipient',
    spec: () => null,
    // No dot in the domain: every stand-in refuses it, as the real APIs refuse undeliverable syntax.
    to: 'ana@invalid',
    expected: () => ({ outcome: 'rejected' }),
  },
];

let rig: Rig;
const providers = new Map<MailProvider, EmailProvider>();
const logs = captureLogs();

beforeAll(async () => {
  rig = await startRig();
  // Warm every SDK client once, as a warm Lambda would be, so the cells measure failover, not cold starts.
  for (const name of MAIL_PROVIDERS) {
    const provider = rig.provider(name, logs.logger);
    providers.set(name, provider);
    await provider.send(sampleMessage(), AbortSignal.timeout(10_000));
  }
});
afterAll(async () => {
  await rig.close();
});
beforeEach(() => rig.reset());

function chainFor(first: MailProvider): EmailProvider[] {
  return [providers.get(first), providers.get(NEXT[first])] as EmailProvider[];
}

const classify = (provider: EmailProvider, err: unknown) =>
  rig.modules[provider.name as MailProvider].classify(err);

describe.each(MAIL_PROVIDERS)('failover from %s', (first) => {
  const second = NEXT[first];

  it.each(CELLS.filter((c) => !c.except?.includes(first)))('handles $fault', async (cell) => {
    const captured = captureLogs();
    const spec = cell.spec(first);
    if (spec) rig.standIns[first].fail(spec);
    const message = sampleMessage(cell.to ? { to: [{ address: cell.to }] } : {});

    const outcome = await sendWithFailover(chainFor(first), classify, message, {
      remainingMs: () => 60_000,
      logger: captured.logger,
      safetyMarginMs: 100,
      attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
    }).then(
      (result) => ({ result, error: undefined }),
      (error: unknown) => ({ result: undefined, error }),
    );

    const expected = cell.expected(first);
    const accepted = rig.accepted();
    const fallbacks = captured.lines().filter((line) => line.event === 'provider_fallback');
    if (expected.outcome === 'rejected') {
      expect(outcome.error).toBeInstanceOf(DeliveryError);
      expect(outcome.error).toMatchObject({ code: 'DELIVERY_FAILED', retryable: false });
      expect((outcome.error as DeliveryError).attempts).toEqual([
        { provider: first, failure: expect.objectContaining({ kind: 'rejected' }) },
      ]);
      expect(accepted).toHaveLength(0);
      expect(rig.requests(second)).toBe(0);
      expect(fallbacks).toHaveLength(0);
    } else if (expected.outcome === 'same-provider-after-retry') {
      expect(outcome.error).toBeUndefined();
      expect(outcome.result?.provider).toBe(first);
      expect(accepted.map((a) => a.provider)).toEqual([first]);
      expect(rig.requests(first)).toBe(2);
      expect(rig.requests(second)).toBe(0);
      expect(fallbacks).toHaveLength(0);
      expect(captured.lines().filter((line) => line.event === 'provider_retry')).toHaveLength(1);
    } else {
      expect(outcome.error).toBeUndefined();
      expect(outcome.result?.provider).toBe(second);
      expect(outcome.result?.attempts).toEqual([
        { provider: first, outcome: expect.stringContaining(expected.kind) },
      ]);
      expect(accepted.map((a) => a.provider)).toEqual([second]);
      expect(rig.standIns[first].accepted).toHaveLength(0);
      expect(fallbacks).toEqual([
        expect.objectContaining({ level: 'warn', provider: first, next: second, kind: expected.kind }),
      ]);
    }
    const text = captured.text();
    for (const secret of [...Object.values(SECRETS), 'rig-aws-secret']) expect(text).not.toContain(secret);
  });
});

describe('failover when every provider fails', () => {
  it('throws a retryable DeliveryError naming each provider when the whole chain is down', async () => {
    const captured = captureLogs();
    rig.standIns.mailgun.fail({ status: 503 });
    rig.standIns.brevo.fail({ reset: true });

    const error = await sendWithFailover(chainFor('mailgun'), classify, sampleMessage(), {
      remainingMs: () => 60_000,
      logger: captured.logger,
      attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
    }).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'DELIVERY_FAILED', retryable: true });
    expect((error as DeliveryError).attempts.map((a) => [a.provider, a.failure.kind])).toEqual([
      ['mailgun', 'transient'],
      ['brevo', 'transient'],
    ]);
    expect(rig.accepted()).toHaveLength(0);
    expect(captured.lines().filter((line) => line.event === 'provider_fallback')).toHaveLength(1);
  });

  it('falls over at once when Retry-After does not fit in the remaining time', async () => {
    const captured = captureLogs();
    rig.standIns.brevo.fail({ status: 429, retryAfter: 3600 });

    const result = await sendWithFailover(chainFor('brevo'), classify, sampleMessage(), {
      remainingMs: () => 60_000,
      logger: captured.logger,
      attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
    });

    expect(result.provider).toBe('ses');
    expect(rig.requests('brevo')).toBe(1);
    expect(captured.lines().filter((line) => line.event === 'provider_retry')).toHaveLength(0);
  });
});

describe('failover with provider-hosted templates', () => {
  it('sends each provider its own hosted template, and our HTML where none is configured', async () => {
    const templates = loadProviderTemplates({
      PROVIDER_TEMPLATES: JSON.stringify({
        sendgrid: { SignUp: 'd-sign-up' },
        mailgun: { SignUp: 'sign-up-v2' },
      }),
    });
    const data = providerTemplateData({
      code: SECRETS.code,
      codeKind: 'code',
      username: 'ana',
      email: 'ana@example.com',
      trigger: 'SignUp',
      brand: 'acme',
      locale: 'en',
      userAttributes: { given_name: 'Ana' },
    });
    const message = { ...sampleMessage(), providerTemplate: templates.request('SignUp', 'acme', data) };
    const opts = {
      remainingMs: () => 60_000,
      logger: captureLogs().logger,
      attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
      providerTemplates: templates,
    };

    rig.standIns.sendgrid.fail({ status: 503, times: 1 });
    const viaMailgun = await sendWithFailover(chainFor('sendgrid'), classify, message, opts);
    rig.standIns.mailgun.fail({ status: 503, times: 1 });
    const viaBrevo = await sendWithFailover(chainFor('mailgun'), classify, message, opts);
    const direct = await sendWithFailover(chainFor('sendgrid'), classify, message, opts);

    expect([viaMailgun.provider, viaBrevo.provider, direct.provider]).toEqual([
      'mailgun',
      'brevo',
      'sendgrid',
    ]);
    expect(rig.standIns.mailgun.accepted[0]?.template).toEqual({ id: 'sign-up-v2', data });
    expect(rig.standIns.sendgrid.accepted[0]?.template).toEqual({ id: 'd-sign-up', data });
    expect(rig.standIns.brevo.accepted[0]?.template).toBeUndefined();
    expect(rig.standIns.brevo.accepted[0]?.html).toContain(SECRETS.code);
  });
});
