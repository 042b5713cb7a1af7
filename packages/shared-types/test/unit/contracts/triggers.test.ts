import { describe, expect, it } from 'vitest';
import {
  carriesClientMetadata,
  TRIGGERS,
  TRIGGERS_WITH_CLIENT_METADATA,
} from '../../../src/contracts/triggers.js';

describe('clientMetadata facts', () => {
  it('names SignUp, ForgotPassword and Authentication, the triggers Cognito sends clientMetadata with', () => {
    expect([...TRIGGERS_WITH_CLIENT_METADATA]).toEqual(['SignUp', 'ForgotPassword', 'Authentication']);
  });

  it('answers by short name or full source, and no for every other trigger', () => {
    const carrying = TRIGGERS.filter((t) => carriesClientMetadata(t.source)).map((t) => t.name);

    expect(carrying).toEqual(['SignUp', 'ForgotPassword', 'Authentication']);
    expect(carriesClientMetadata('forgotpassword')).toBe(true);
    expect(carriesClientMetadata('AdminCreateUser')).toBe(false);
    expect(carriesClientMetadata('Welcome')).toBe(false);
  });
});
