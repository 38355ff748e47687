/**
 * A window snapshot as a record window, and the counters both share under the same names, in
 * the order records write them: one copy for the run's records (record/build.ts) and for
 * shard merges, both ways (scale/merge-windows.ts).
 */
import { summarizeEncoded } from '../metrics/summarize.js';
import type { WindowSnapshot } from '../metrics/types.js';
import { summarizeByRequest } from './by-request.js';
import type { WindowRecord } from './types.js';

type CountKey =
  | 'intended'
  | 'sent'
  | 'ok'
  | 'errorCount'
  | 'errors'
  | 'status'
  | 'bytesIn'
  | 'late'
  | 'dropped'
  | 'okLatencySumUs'
  | 'errorLatencySumUs'
  | 'quarterOk'
  | 'quarterErrors';

export type WindowCounts = Pick<WindowSnapshot, CountKey> & Pick<WindowRecord, CountKey>;

export function windowCounts(w: WindowCounts): WindowCounts {
  return {
    intended: w.intended,
    sent: w.sent,
    ok: w.ok,
    errorCount: w.errorCount,
    errors: w.errors,
    status: w.status,
    bytesIn: w.bytesIn,
    late: w.late,
    dropped: w.dropped,
    okLatencySumUs: w.okLatencySumUs,
    errorLatencySumUs: w.errorLatencySumUs,
    quarterOk: w.quarterOk,
    quarterErrors: w.quarterErrors,
  };
}

/** What a record window takes from elsewhere than its snapshot (its phase, or the shard window it merges). */
export type WindowPlace = Pick<WindowRecord, 'tMs' | 'stage' | 'warmup'> & { drain: boolean };

export function windowRecordOf(s: WindowSnapshot, place: WindowPlace): WindowRecord {
  return {
    tMs: place.tMs,
    durationMs: s.durationMs,
    phaseIndex: s.phaseIndex,
    stage: place.stage,
    level: s.level,
    inFlight: s.inFlightMean,
    inFlightMax: s.inFlightMax,
    inFlightEnd: s.inFlightEnd,
    ...windowCounts(s),
    latencyMs: summarizeEncoded(s.hdr),
    hdr: s.hdr,
    ...(s.hdrErrors === undefined ? {} : { hdrErrors: s.hdrErrors }),
    serverTiming: s.serverTiming,
    generator: s.generator,
    warmup: place.warmup,
    ...(place.drain ? { drain: true as const } : {}),
    ...(s.lag === undefined ? {} : { lag: s.lag }),
    ...(s.cancelled === undefined ? {} : { cancelled: s.cancelled }),
    ...(s.byRequest === undefined ? {} : { byRequest: summarizeByRequest(s.byRequest) }),
  };
}
