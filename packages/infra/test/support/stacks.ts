import { type App, CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { MailroomExampleStack } from '../../src/example-stack.js';
import { MailroomStack, type MailroomStackProps } from '../../src/mailroom-stack.js';
import { testApp } from './temp-dirs.js';

/** The smallest valid configuration; each test file layers its mode on top. */
export const BASE: MailroomStackProps = {
  emailProvider: 'sendgrid,ses',
  emailFrom: 'Acme <no-reply@acme.example>',
  appUrl: 'https://app.acme.example',
};

export const EXISTING_POOL_ID = 'eu-west-1_AbC123xyz';

export interface Built {
  app: App;
  stack: MailroomStack;
  template: Template;
}

/**
 * Synthesizes one stack against the real dispatcher bundle folder (built by turbo before tests), into a
 * temporary cloud assembly removed after the test file.
 */
export function build(props: Partial<MailroomStackProps> = {}): Built {
  const app = testApp();
  const stack = new MailroomStack(app, 'Mailroom', { ...BASE, ...props });
  return { app, stack, template: Template.fromStack(stack) };
}

export interface BuiltExample extends Built {
  example: MailroomExampleStack;
  /** The example stack's template. */
  exampleTemplate: Template;
}

/**
 * The Mailroom stack plus the example stack (`-c exampleApi=true`), as bin/app.ts builds them. Self sign-up
 * is on by default here: the example needs it on a created pool.
 */
export function buildWithExample(props: Partial<MailroomStackProps> = {}): BuiltExample {
  const app = testApp();
  const stack = new MailroomStack(app, 'Mailroom', {
    ...BASE,
    ...(props.existingUserPoolId === undefined ? { selfSignUpEnabled: true } : {}),
    ...props,
  });
  const example = new MailroomExampleStack(app, 'MailroomExample', { mailroom: stack });
  return {
    app,
    stack,
    template: Template.fromStack(stack),
    example,
    exampleTemplate: Template.fromStack(example),
  };
}

/** Every IAM policy statement in the template, flattened, with the policy's logical id. */
export function iamStatements(template: Template): { policy: string; statement: Record<string, unknown> }[] {
  const out: { policy: string; statement: Record<string, unknown> }[] = [];
  for (const [policy, resource] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
    const statements = resource.Properties.PolicyDocument.Statement as Record<string, unknown>[];
    for (const statement of statements) out.push({ policy, statement });
  }
  return out;
}

/** Actions of a statement as an array, whatever form CloudFormation holds them in. */
export function actionsOf(statement: Record<string, unknown>): string[] {
  const action = statement.Action;
  return Array.isArray(action) ? (action as string[]) : [action as string];
}

/** A synthesized resource as the assertions library hands it out. */
export type SynthResource = ReturnType<Template['findResources']>[string];

/** The logical id and body of the one resource of a type, failing unless there is exactly one. */
export function only(template: Template, type: string): { id: string; resource: SynthResource } {
  const found = Object.entries(template.findResources(type));
  const [first] = found;
  if (found.length !== 1 || first === undefined) {
    throw new Error(`expected exactly one ${type}, found ${found.length}`);
  }
  return { id: first[0], resource: first[1] };
}

/** The CloudFormation logical id of an L2 construct's main resource. */
export function logicalId(stack: Stack, construct: IConstruct): string {
  const child = construct.node.defaultChild;
  if (!(child instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return stack.getLogicalId(child);
}
