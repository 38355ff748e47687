/**
 * The shared 1 s window grid at the end of a run, used identically by the workers (which
 * window to close at the stop) and the coordinator (which windows are drain).
 */
import { WINDOW_MS } from '../metrics/window.js';

/**
 * Index of the last measured window of a run stopped at `stopAtMs` (ms from t0): the window
 * holding the stop (cut short there). Every window after it holds the drain.
 */
export function lastWindowIndex(stopAtMs: number): number {
  return Math.max(0, Math.ceil(stopAtMs / WINDOW_MS) - 1);
}
