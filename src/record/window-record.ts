/**
 * The counters a window record and a window snapshot share under the same names, copied in
 * the order records write them (record/build.ts, scale/merge-windows.ts: one list of fields
 * for both directions).
 */
import type { WindowSnapshot } from '../metrics/types.js';
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
