/**
 * Checks every latency histogram of a shard before the merge adds it (pure): it must decode,
 * and hold as many values as the window or step counts ok responses. A corrupt histogram
 * would crash the merge; an empty one would merge silently and move p99.
 */
import { RecordError } from '../errors.js';
import { decodeHistogram } from '../metrics/histogram.js';
import type { ShardInput } from './merge-check.js';

/** Values in an encoded histogram, or the reason it cannot be read. */
function countOf(encoded: string): number | string {
  try {
    return decodeHistogram(encoded).totalCount;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function check(source: string, at: string, hdr: string, ok: number): void {
  const count = countOf(hdr);
  if (typeof count === 'string') {
    throw new RecordError(`${source}: ${at}.hdr is not a valid HDR histogram (${count})`, {
      hint: 'the shard record is damaged: re-run that shard',
    });
  }
  if (count !== ok) {
    throw new RecordError(`${source}: ${at}.hdr holds ${count} values but the window counts ${ok} ok responses`, {
      hint: 'the shard record is damaged or was edited: re-run that shard',
    });
  }
}

/** Throws a one-line RecordError naming the file and the window (or step) of the first bad histogram. */
export function checkShardHistograms(inputs: readonly ShardInput[]): void {
  for (const { source, record } of inputs) {
    record.windows.forEach((w, i) => check(source, `windows[${i}]`, w.hdr, w.ok));
    record.steps.forEach((s, i) => check(source, `steps[${i}]`, s.hdr, s.ok));
  }
}
