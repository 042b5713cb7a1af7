#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CONTEXT_KEYS, type RawMailroomConfig, resolveMailroomConfig } from '../src/config.js';
import { InfraError } from '../src/errors.js';
import { MailroomStack } from '../src/mailroom-stack.js';

const app = new App();

const raw: RawMailroomConfig = {};
for (const key of CONTEXT_KEYS) raw[key] = app.node.tryGetContext(key);
const stackName = String(app.node.tryGetContext('stackName') ?? 'Mailroom');

try {
  const config = resolveMailroomConfig(raw);
  // Environment-agnostic on purpose: synth needs no credentials and no lookups; `cdk deploy` takes the
  // account and region from the caller's profile.
  new MailroomStack(app, stackName, {
    ...config,
    description: 'Mailroom: Cognito custom email sender pipeline',
  });
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
