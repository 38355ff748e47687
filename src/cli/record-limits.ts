/** Limits the environment may change: `CAPPLAN_MAX_RECORD_MB`, the largest record the readers accept. */
import { UsageError } from '../errors.js';
import { DEFAULT_MAX_RECORD_BYTES, setMaxRecordBytes } from '../record/read.js';

export const MAX_RECORD_ENV = 'CAPPLAN_MAX_RECORD_MB';

/** Applies the environment's limits (the defaults when unset), or a UsageError for a bad value. */
export function applyEnvLimits(env: Readonly<Record<string, string | undefined>>): void {
  const raw = env[MAX_RECORD_ENV];
  if (raw === undefined || raw.trim() === '') {
    setMaxRecordBytes(DEFAULT_MAX_RECORD_BYTES);
    return;
  }
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb <= 0) {
    throw new UsageError(`${MAX_RECORD_ENV} must be a positive number of MiB, got "${raw}"`);
  }
  setMaxRecordBytes(Math.round(mb * 1024 * 1024));
}
