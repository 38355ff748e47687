/**
 * Per-request results of windows and steps (pure): the merged counters of metrics/by-request
 * with a latency summary per name, and back (shard merges add counters, then summarize again).
 */
import { mergeByRequest, type ByRequest } from '../metrics/by-request.js';
import { summarizeEncoded } from '../metrics/summarize.js';
import type { RequestCounts } from '../metrics/types.js';
import type { RequestResult, WindowRecord } from './types.js';
import { pick } from '../pick.js';

export type ByRequestResults = Record<string, RequestResult>;

/** Counters with each name's latency summary (from its histogram). */
export function summarizeByRequest(counts: ByRequest): ByRequestResults {
  const out: ByRequestResults = {};
  for (const [name, c] of Object.entries(counts)) out[name] = { ...c, latencyMs: summarizeEncoded(c.hdr) };
  return out;
}

/** The counters of record results (their summaries dropped: they are recomputed after adding). */
export function countsOf(results: ByRequestResults | undefined): ByRequest | undefined {
  if (results === undefined) return undefined;
  const out: ByRequest = {};
  for (const [name, r] of Object.entries(results)) out[name] = countsOfOne(r);
  return out;
}

/** The counter fields of a request result, in record order (its latency summary left out). */
const COUNT_KEYS = ['sent', 'ok', 'errorCount', 'errors', 'status', 'bytesIn', 'hdr'] as const;

function countsOfOne(r: RequestResult): RequestCounts {
  return pick(r, COUNT_KEYS);
}

/** A step's per-request results: its windows' counters added exactly; undefined without any. */
export function stepByRequest(windows: readonly WindowRecord[]): ByRequestResults | undefined {
  const merged = mergeByRequest(windows.map((w) => countsOf(w.byRequest)));
  return merged === undefined ? undefined : summarizeByRequest(merged);
}

/** The request names of a record, in their first appearance order over windows. */
export function requestNames(windows: readonly { byRequest?: ByRequestResults | undefined }[]): string[] {
  const names: string[] = [];
  for (const w of windows)
    for (const name of Object.keys(w.byRequest ?? {})) if (!names.includes(name)) names.push(name);
  return names;
}
