/**
 * Alert annotations, written once for two readers: as Go templates for Prometheus (the rule
 * file) and as the text Prometheus renders for known values (the expected alerts in the
 * `promtool test rules` file). Only `printf "%.0f"` of numbers is used, so both agree.
 */
import type { Capacity } from './types.js';

export type Fmt = {
  /** The alert's value, rounded. */
  value: () => string;
  /** The service's current request rate, rounded ("unknown" without data). */
  rate: () => string;
  /**
   * `below` when the current rate is under `limit`, `above` otherwise (each given the rate's
   * text), `unknown` without data.
   */
  byRate: (limit: number, below: (rate: string) => string, above: (rate: string) => string, unknown: string) => string;
};

/** Go template literal for a float (`lt` compares floats only with floats). */
const floatLiteral = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));

/** Prometheus-side formatting: templates over `$value` and a query of the rate rule. */
export function templateFmt(rateQuery: string | undefined): Fmt {
  const q = rateQuery === undefined ? undefined : `query \`${rateQuery}\``;
  return {
    value: () => '{{ $value | printf "%.0f" }}',
    rate: () =>
      q === undefined ? 'unknown' : `{{ with ${q} }}{{ . | first | value | printf "%.0f" }}{{ else }}unknown{{ end }}`,
    byRate: (limit, below, above, unknown) => {
      if (q === undefined) return unknown;
      const rate = '{{ . | first | value | printf "%.0f" }}';
      return (
        `{{ with ${q} }}{{ if lt (. | first | value) ${floatLiteral(limit)} }}` +
        `${below(rate)}{{ else }}${above(rate)}{{ end }}` +
        `{{ else }}${unknown}{{ end }}`
      );
    },
  };
}

/** Go's `printf "%.0f"`: correctly rounded, an exact tie to even (JS toFixed rounds ties up). */
export function printf0(x: number): string {
  const floor = Math.floor(x);
  if (x - floor === 0.5) return String(floor % 2 === 0 ? floor : floor + 1);
  return x.toFixed(0);
}

/** Test-side formatting: the text Prometheus renders for these values. */
export function concreteFmt(value: number, rate: number | undefined): Fmt {
  return {
    value: () => printf0(value),
    rate: () => (rate === undefined ? 'unknown' : printf0(rate)),
    byRate: (limit, below, above, unknown) => {
      if (rate === undefined) return unknown;
      return rate < limit ? below(printf0(rate)) : above(printf0(rate));
    },
  };
}

/** Whole numbers and percentages (one decimal) as the annotations print them. */
export const num = (x: number): string => String(Math.round(x));
export const pct = (fraction: number): string => `${Math.round(fraction * 1000) / 10}`;

/** Which runs the thresholds came from, for descriptions. */
export function runsNote(capacity: Capacity): string {
  const names = [...new Set(capacity.runs.map((r) => r.name))];
  return `capplan run${names.length === 1 ? '' : 's'} ${names.join(', ')}`;
}

/**
 * The runbook line the postmortem lacked: a pool exhausted below the measured capacity is
 * not a traffic surge (not a DDoS) but a slowdown; above it, it is load.
 */
export function runbook(f: Fmt, capacity: Capacity): string {
  if (capacity.rate === null) {
    return `Capacity not measured (${capacity.missing[0] ?? 'no run'}); current rate ${f.rate()} req/s.`;
  }
  const cap = num(capacity.rate);
  return f.byRate(
    capacity.rate,
    (rate) =>
      `Pool exhausted at normal traffic → not a DDoS; measured capacity ${cap} req/s, current ${rate} req/s. ` +
      'Look for slow queries, a slow dependency or leaked connections: more instances will not help.',
    (rate) =>
      `Traffic surge above capacity: measured capacity ${cap} req/s, current ${rate} req/s. Scale out or shed load.`,
    `Measured capacity ${cap} req/s; current rate unknown (no request metric data).`,
  );
}
