/**
 * Exact merge of per-request-name counters (`WindowSnapshot.byRequest`) from several workers,
 * shards or windows: counters summed, HDR histograms added. Pure.
 */
import { addCounts, compactCounts } from './counts.js';
import { mergeEncoded } from './histogram.js';
import type { RequestCounts } from './types.js';

export type ByRequest = Record<string, RequestCounts>;

/**
 * Adds the same name's counts from several parts (one part is returned with its status
 * compacted: merged windows are kept for the whole run, see compactCounts).
 */
export function mergeRequestCounts(parts: readonly RequestCounts[]): RequestCounts {
  if (parts.length === 1) return { ...parts[0]!, status: compactCounts(parts[0]!.status) };
  const errors: Record<string, number> = {};
  const status: Record<string, number> = {};
  let sent = 0;
  let ok = 0;
  let errorCount = 0;
  let bytesIn = 0;
  for (const p of parts) {
    sent += p.sent;
    ok += p.ok;
    errorCount += p.errorCount;
    bytesIn += p.bytesIn;
    addCounts(errors, p.errors);
    addCounts(status, p.status);
  }
  const hdr = mergeEncoded(parts.map((p) => p.hdr));
  return { sent, ok, errorCount, errors, status: compactCounts(status), bytesIn, hdr };
}

/**
 * The union of names over `parts`, each name's counts added; undefined when no part has
 * per-request data (records written before it existed).
 */
export function mergeByRequest(parts: readonly (ByRequest | undefined)[]): ByRequest | undefined {
  const present = parts.filter((p): p is ByRequest => p !== undefined);
  if (present.length === 0) return undefined;
  const names: string[] = [];
  for (const p of present) for (const name of Object.keys(p)) if (!names.includes(name)) names.push(name);
  const out: ByRequest = {};
  for (const name of names) {
    out[name] = mergeRequestCounts(present.map((p) => p[name]).filter((c): c is RequestCounts => c !== undefined));
  }
  return out;
}
