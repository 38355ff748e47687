/**
 * The bottleneck block of every report (ANALYSIS.md §9.1): what ran out, the evidence for
 * and against, what would settle it, and whether the failure was a surge or a slowdown.
 * Plain lines here; each renderer adds its own markup. Pure.
 */
import type { Bottleneck, BottleneckResource, RunRecord } from '../record/types.js';

export const RESOURCE_TITLE: Record<BottleneckResource, string> = {
  'connection-pool': 'a connection pool',
  cpu: 'CPU',
  downstream: 'something downstream',
  admission: 'admission control (a rate limiter or load shedder)',
  unknown: 'unknown: capplan cannot tell without a server-side view',
};

export type BottleneckView = {
  title: string;
  limit: number | null;
  evidence: { source: string; text: string }[];
  against: { source: string; text: string }[];
  settle: string | null;
  failure: string | null;
};

/** The block's content, or null when the run attributed nothing (inconclusive, not reached, older records). */
export function bottleneckView(record: RunRecord): BottleneckView | null {
  const b: Bottleneck | null | undefined = record.analysis.bottleneck;
  if (b === null || b === undefined) return null;
  return {
    title: `What ran out: ${RESOURCE_TITLE[b.resource]}`,
    limit: b.limit,
    evidence: b.evidence.map((e) => ({ source: e.source, text: e.text })),
    against: b.against,
    settle: b.settle,
    failure: b.failure?.text ?? null,
  };
}
