import { describe, expect, it } from 'vitest';
import { sendSteps } from '../../../../src/server/routes/send.js';

describe('sendSteps', () => {
  it('splits a send into rebuild, our dispatch and the provider’s own time, adding up to the total', () => {
    // Act
    const steps = sendSteps({ rebuildMs: 9_800.4, sendMs: 1_200, providerMs: 300.6 });

    // Assert
    expect(steps).toEqual([
      { step: 'rebuild', ms: 9_800 },
      { step: 'dispatch', ms: 899 },
      { step: 'provider', ms: 301 },
    ]);
    expect(steps.reduce((sum, s) => sum + s.ms, 0)).toBe(9_800 + 1_200);
  });

  it('leaves out a rebuild that did not run and a provider time the bundle did not report', () => {
    expect(sendSteps({ rebuildMs: null, sendMs: 800, providerMs: null })).toEqual([
      { step: 'dispatch', ms: 800 },
    ]);
  });

  it('never makes the dispatch step negative when the provider time rounds above the send', () => {
    expect(sendSteps({ rebuildMs: null, sendMs: 40, providerMs: 40.4 })).toEqual([
      { step: 'dispatch', ms: 0 },
      { step: 'provider', ms: 40 },
    ]);
  });
});
