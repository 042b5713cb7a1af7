#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CONTEXT_KEYS, type RawMailroomConfig } from '../src/config.js';
import { InfraError } from '../src/errors.js';
import { EXAMPLE_CONTEXT_KEY, exampleApiEnabled, MailroomExampleStack } from '../src/example-stack.js';
import { MailroomStack, type MailroomStackProps } from '../src/mailroom-stack.js';

const app = new App();

const raw: RawMailroomConfig = {};
for (const key of CONTEXT_KEYS) {
  const value: unknown = app.node.tryGetContext(key);
  if (value !== undefined) raw[key] = value;
}
const stackName = String(app.node.tryGetContext('stackName') ?? 'Mailroom');

try {
  // Environment-agnostic on purpose: synth needs no credentials and no lookups; `cdk deploy` takes the
  // account and region from the caller's profile. The context goes in as given and the stack validates it,
  // once: resolving here and again in the stack turned defaults (selfSignUpEnabled: false) into "set by the
  // operator" and broke existing-pool mode (issue 12). The stack checks the untyped values at run time.
  const mailroom = new MailroomStack(app, stackName, {
    ...(raw as MailroomStackProps),
    description: 'Mailroom: Cognito custom email sender pipeline',
  });
  // -c exampleApi=true: examples/auth-api in front of this pool (README, "Try it in AWS").
  if (exampleApiEnabled(app.node.tryGetContext(EXAMPLE_CONTEXT_KEY))) {
    new MailroomExampleStack(app, `${stackName}Example`, {
      mailroom,
      description: 'Mailroom example: the auth API (register, verify, login, /me) on the Mailroom user pool',
    });
  }
} catch (err) {
  if (err instanceof InfraError) {
    // The message names every bad field and the fix; a stack trace would only bury it.
    console.error(`\n${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

// Any unacknowledged AwsSolutions finding fails the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
