/** One clock all threads agree on: performance.timeOrigin + performance.now() (ms since the epoch). */
import { performance } from 'node:perf_hooks';

export function epochNowMs(): number {
  return performance.timeOrigin + performance.now();
}
