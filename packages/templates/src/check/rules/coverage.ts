import { join } from 'node:path';
import { TRIGGERS } from '@mailroom/shared-types';
import type { CheckRule } from '../rule.js';

/**
 * Every Cognito trigger has its default template (skipped when `requireAllTriggers` is false).
 * @example coverageRule.check(ctx) // [{ message: 'trigger ResendCode has no template: add templates/resend-code/' }]
 */
export const coverageRule: CheckRule = {
  id: 'coverage',
  description: 'every Cognito trigger has its default template',
  fix: 'copy a template folder (templates/sign-up) to the path named, then edit it',
  check: ({ build, options, root }) => {
    if (!options.requireAllTriggers) return [];
    const ids = new Set(build.templates.map((t) => t.id));
    return TRIGGERS.filter((trigger) => !ids.has(trigger.templateId)).map((trigger) => ({
      severity: 'error',
      file: join(root, 'templates', trigger.templateId),
      line: null,
      message: `trigger ${trigger.name} has no template: add templates/${trigger.templateId}/`,
    }));
  },
};
