/**
 * Charts against the load level (sweeps): goodput with the fitted model and the knee with
 * its 95 % interval, and p50/p99 latency with the SLO line.
 */
import type { Analysis, RunRecord } from '../../record/types.js';
import { formatMs, formatNumber, formatRate } from '../../format.js';
import { levelAxisLabel } from '../labels.js';
import { stepRows } from '../steps.js';
import { COLORS } from './palette.js';
import { renderXyChart, type RefLine, type XBand, type XySeries } from './xy.js';
import { maxOf } from '../../stats/index.js';

/** The two level charts sit side by side: a narrower viewBox keeps their text readable. */
const SIDE_BY_SIDE = { width: 560, height: 340 };

/** Hinge model (ANALYSIS.md §3.3): H(x) = a·min(x, τ) + b·max(x − τ, 0). */
export function hingeAt(h: NonNullable<Analysis['hinge']>, x: number): number {
  return h.a * Math.min(x, h.tau) + h.b * Math.max(x - h.tau, 0);
}

/** USL (ANALYSIS.md §2.1): X(N) = λN / (1 + σ(N−1) + κN(N−1)). */
export function uslAt(u: NonNullable<Analysis['usl']>, n: number): number {
  return (u.lambda * n) / (1 + u.sigma * (n - 1) + u.kappa * n * (n - 1));
}

/** Leaves room right of the last level to show "not reached" as untested ground. */
function xDomainFor(record: RunRecord, xMax: number): [number, number] {
  return [0, xMax * (record.analysis.knee?.censored === 'above' ? 1.25 : 1.04)];
}

function sample(xMax: number, f: (x: number) => number, extraX: readonly number[] = []): [number, number][] {
  const xs = new Set<number>([
    ...Array.from({ length: 121 }, (_, i) => (xMax * i) / 120),
    ...extraX.filter((x) => x >= 0 && x <= xMax),
  ]);
  return [...xs].sort((a, b) => a - b).map((x) => [x, f(x)]);
}

function kneeMarks(record: RunRecord, xMax: number): { bands: XBand[]; lines: RefLine[] } {
  const knee = record.analysis.knee;
  if (!knee) return { bands: [], lines: [] };
  const level = formatNumber(knee.concurrency);
  if (knee.censored === 'above') {
    return {
      bands: [{ x0: knee.concurrency, x1: xMax * 2, label: 'untested', kind: 'ci' }],
      lines: [{ at: knee.concurrency, label: `knee > ${level} (not reached)`, color: COLORS.knee }],
    };
  }
  if (knee.censored === 'below')
    return { bands: [], lines: [{ at: knee.concurrency, label: `knee ≤ ${level}`, color: COLORS.knee }] };
  return {
    bands: [{ x0: knee.ci95[0], x1: knee.ci95[1], label: '', kind: 'ci' }],
    lines: [
      {
        at: knee.concurrency,
        label: `knee ${level} (95% CI ${formatNumber(knee.ci95[0])}–${formatNumber(knee.ci95[1])})`,
        color: COLORS.knee,
      },
    ],
  };
}

/** Goodput against level: measured steps, hinge and/or USL fit, knee and its CI band. */
export function goodputChart(record: RunRecord): string {
  const rows = stepRows(record);
  const used = rows.filter((r) => r.excludedWhy === null && !r.step.generatorSaturated);
  const left = rows.filter((r) => !used.includes(r));
  const xMax = maxOf(rows.map((r) => r.step.level));
  const a = record.analysis;
  const series: XySeries[] = [];
  if (a.hinge) {
    const h = a.hinge;
    const censored = a.knee?.censored ?? null;
    series.push({
      name: censored ? 'hinge fit' : `hinge fit (knee ${formatNumber(h.tau)})`,
      color: COLORS.model,
      style: 'line',
      points: sample(xMax, (x) => hingeAt(h, x), [h.tau]),
    });
  }
  if (a.usl) {
    const u = a.usl;
    series.push({
      name: 'USL fit',
      color: COLORS.usl,
      style: 'dashed',
      points: sample(xMax, (x) => (x < 1 ? u.lambda * x : uslAt(u, x))),
    });
  }
  series.push({
    name: 'goodput (measured)',
    color: COLORS.ok,
    style: 'line-points',
    points: used.map((r) => [r.step.level, r.step.goodputPerSec]),
  });
  if (left.length > 0)
    series.push({
      name: 'left out of the fit',
      color: COLORS.ok,
      style: 'hollow',
      points: left.map((r) => [r.step.level, r.step.goodputPerSec]),
    });
  const knee = kneeMarks(record, xMax);
  const max = a.maxThroughputPerSec;
  const axis = levelAxisLabel(record.model);
  return renderXyChart({
    id: 'goodput',
    title: `Goodput by ${axis}`,
    description:
      `Goodput (successful requests per second) against ${axis}, ` +
      `with the fitted model and the knee${max ? `; max ${formatRate(max.value)}` : ''}.`,
    xLabel: axis,
    yLabel: 'goodput (req/s)',
    series,
    xDomain: xDomainFor(record, xMax),
    bands: knee.bands,
    vLines: knee.lines,
    width: SIDE_BY_SIDE.width,
    height: SIDE_BY_SIDE.height,
    hLines:
      max && !max.censored ? [{ at: max.value, label: `max ${formatRate(max.value)}`, color: COLORS.reference }] : [],
  });
}

/** p50 and p99 against level, with the p99 SLO as a reference line. */
export function levelLatencyChart(record: RunRecord): string {
  const rows = stepRows(record);
  const xMax = maxOf(rows.map((r) => r.step.level));
  const sloP99 = record.analysis.slo.find((s) => s.metric === 'p99' && s.request === undefined)?.threshold;
  const axis = levelAxisLabel(record.model);
  const knee = kneeMarks(record, xMax);
  return renderXyChart({
    id: 'latency',
    title: `Latency by ${axis}`,
    description: `p50 and p99 latency of successful requests (ms) against ${axis}.`,
    xLabel: axis,
    yLabel: 'latency (ms)',
    xDomain: xDomainFor(record, xMax),
    series: [
      {
        name: 'p50',
        color: COLORS.p50,
        style: 'line-points',
        points: rows.map((r) => [r.step.level, r.step.latencyMs.p50]),
      },
      {
        name: 'p99',
        color: COLORS.p99,
        style: 'line-points',
        points: rows.map((r) => [r.step.level, r.step.latencyMs.p99]),
      },
    ],
    bands: knee.bands,
    vLines: knee.lines,
    width: SIDE_BY_SIDE.width,
    height: SIDE_BY_SIDE.height,
    hLines: sloP99 === undefined ? [] : [{ at: sloP99, label: `SLO p99 ${formatMs(sloP99)}`, color: COLORS.slo }],
  });
}
