import { describe, expect, it } from 'vitest';
import { evaluateSlos } from '../../src/analyze/slo.js';
import { buildSteps } from '../helpers/records.js';

describe('evaluateSlos', () => {
  it('a step that sent nothing never passes, so capacityAtSlo never names an untested level (#11 2.2)', () => {
    const { steps } = buildSteps(
      [
        { level: 100, goodputPerSec: 100 },
        { level: 200, goodputPerSec: 0 },
      ],
      { model: 'open' },
    );
    expect(steps[1]!.sent).toBe(0);
    const e = evaluateSlos(steps, { p99Ms: 500, errorRate: 0.01 }, new Set(), null);
    expect(e.capacityAtSlo).toBe(100);
    expect(e.results.filter((r) => r.scope === steps[1]!.label).every((r) => !r.pass)).toBe(true);
  });
});
