import { afterEach, describe, expect, it } from 'vitest';
import { render, templateData } from '../../../src/pipeline/render.js';
import { addressed, outboxRuntime, type TestRuntime } from '../../support/runtime.js';

let test: TestRuntime | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

describe('render (step 6)', () => {
  it('builds the email data once: code, user, address, APP_URL', async () => {
    test = await outboxRuntime({ APP_URL: 'https://app.mailroom.test' });
    const input = await addressed(test.rt);

    expect(templateData(input, test.rt)).toEqual({
      code: '482913',
      username: input.event.userName,
      email: 'jane.doe@example.com',
      userAttributes: input.event.request.userAttributes,
      clientMetadata: input.event.request.clientMetadata,
      appUrl: 'https://app.mailroom.test',
    });
  });

  it('renders the routed template with that data and records the template and locale it used', async () => {
    test = await outboxRuntime();
    const input = await addressed(test.rt);

    const rendered = render(input, test.rt);

    expect(rendered.data).toEqual(templateData(input, test.rt));
    expect(rendered.rendered.html).toContain('482913');
    expect(rendered.rendered.text).toContain('482913');
    expect(rendered.facts).toMatchObject({ templateId: 'sign-up', locale: rendered.rendered.locale });
  });
});
