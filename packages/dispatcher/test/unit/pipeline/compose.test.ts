import { afterEach, describe, expect, it } from 'vitest';
import { compose } from '../../../src/pipeline/compose.js';
import { render } from '../../../src/pipeline/render.js';
import { addressed, outboxRuntime, type TestRuntime } from '../../support/runtime.js';

let test: TestRuntime | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

describe('compose (step 7)', () => {
  it('builds the message from the rendered email, with an idempotency key and no hosted template', async () => {
    test = await outboxRuntime();
    const rendered = render(await addressed(test.rt), test.rt);

    const { message } = compose(rendered, test.rt);

    expect(message).toMatchObject({
      to: [{ address: 'jane.doe@example.com' }],
      subject: rendered.rendered.subject,
      html: rendered.rendered.html,
      idempotencyKey: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(message.providerTemplate).toBeUndefined();
  });

  it("hands a hosted template the render step's data (one line each), not a second build of it", async () => {
    test = await outboxRuntime({ PROVIDER_TEMPLATES: '{"sendgrid":{"SignUp":"d-123"}}' });
    const rendered = render(await addressed(test.rt), test.rt);

    const { message } = compose(rendered, test.rt);

    const data = message.providerTemplate?.data as Record<string, unknown>;
    expect(message.providerTemplate?.id).toBe(`${rendered.route.brand}:SignUp`);
    expect(data).toMatchObject({
      code: rendered.data.code,
      username: rendered.data.username,
      email: rendered.data.email,
      userAttributes: rendered.data.userAttributes,
      clientMetadata: rendered.data.clientMetadata,
      codeKind: 'code',
      trigger: 'SignUp',
      locale: rendered.rendered.locale,
      appUrl: null,
    });
  });
});
