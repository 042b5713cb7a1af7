/**
 * Micro: payload-building-only. What happens between render and the socket write for one SendGrid send:
 * the dispatcher's `buildMessage` (header checks, idempotency key, metadata), the adapter's mapping to
 * SendGrid's mail data, and `@sendgrid/helpers`' `Mail.create().toJSON()` + `JSON.stringify`, which is
 * what `@sendgrid/mail` does inside `send()`. Rendered input is fixed, so only payload work is timed.
 */
import { writeFileSync } from 'node:fs';
import { TRIGGERS } from '@mailroom/shared-types';
import { getPreviewStates, render } from '@mailroom/templates';
import { classes } from '@sendgrid/helpers';
import { buildMessage } from '../../../packages/dispatcher/src/message.js';

export interface MicroPayloadJob {
  iterations: number;
  out: string;
}

export interface MicroPayloadResult {
  samples: number[];
  bodyBytes: number;
}

const job = JSON.parse(process.argv[2] ?? '{}') as MicroPayloadJob;
const trigger = TRIGGERS.find((t) => t.name === 'ForgotPassword') ?? TRIGGERS[0];
const state = getPreviewStates(trigger.templateId)[0];
const rendered = render({
  templateId: trigger.templateId,
  data: state?.data ?? { username: 'ana', userAttributes: {} },
});
const ciphertext = 'A'.repeat(1_100);

function once(): string {
  const message = buildMessage({
    from: { address: 'no-reply@example.com', name: 'Mailroom' },
    replyTo: undefined,
    to: 'ana@example.com',
    rendered,
    route: { trigger, brand: 'default', locale: rendered.locale, templateId: rendered.templateId },
    userPoolId: 'eu-west-1_Bench1234',
    idempotencySource: ['eu-west-1_Bench1234', 'ana', trigger.name, ciphertext],
  });
  const mail = classes.Mail.create({
    from: { email: message.from.address, name: message.from.name ?? '' },
    to: message.to.map((a) => ({ email: a.address })),
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers ?? {},
    categories: message.tags ?? [],
    customArgs: message.metadata ?? {},
  });
  return JSON.stringify(mail.toJSON());
}

const bodyBytes = Buffer.byteLength(once());
for (let i = 0; i < 50; i += 1) once();
const samples: number[] = [];
for (let i = 0; i < job.iterations; i += 1) {
  const start = performance.now();
  once();
  samples.push(performance.now() - start);
}
const result: MicroPayloadResult = { samples, bodyBytes };
writeFileSync(job.out, JSON.stringify(result));
