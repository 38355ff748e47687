import { describe, expect, it } from 'vitest';
import { failingSummary, targetFailing } from '../../src/analyze/failing.js';

const w = (
  ok: number,
  errors: Record<string, number>,
): { ok: number; errorCount: number; errors: Record<string, number> } => ({
  ok,
  errorCount: Object.values(errors).reduce((a, b) => a + b, 0),
  errors,
});

describe('targetFailing', () => {
  it('names the dominant kind when no request succeeded', () => {
    const t = targetFailing([w(0, { 'http-302': 30, 'socket-reset': 10 }), w(0, { 'http-302': 60 })]);
    expect(t).toEqual({ kind: 'http-302', share: 0.9, requests: 100 });
    expect(failingSummary(t!)).toMatch(/^Target failing: none of 100 requests succeeded \(http-302 in 90 % of them\)/);
  });

  it('is null with one success, or with no requests at all', () => {
    expect(targetFailing([w(1, { 'http-500': 99 })])).toBeNull();
    expect(targetFailing([w(0, {})])).toBeNull();
  });
});
