/**
 * Generator health of one worker per window (ANALYSIS.md §3.6, §7): event-loop delay p99
 * (perf_hooks.monitorEventLoopDelay), event-loop utilization and the late-start fraction.
 */
import { getHeapStatistics } from 'node:v8';
import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import { isGeneratorSaturated } from '../metrics/merge-snapshots.js';
import type { GeneratorHealth } from '../metrics/types.js';

export class HealthMonitor {
  readonly #delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });
  #elu: EventLoopUtilization = performance.eventLoopUtilization();

  constructor() {
    this.#delay.enable();
  }

  /** Health since the previous call; `late`/`sent` are this window's counts. */
  take(late: number, sent: number, clientQueued: number): GeneratorHealth {
    const p99Ns = this.#delay.count > 0 ? this.#delay.percentile(99) : 0;
    // The histogram includes the sampling resolution itself; report the excess delay.
    const loopDelayP99Ms = Number.isFinite(p99Ns) ? Math.max(0, p99Ns / 1e6 - 5) : 0;
    this.#delay.reset();
    const now = performance.eventLoopUtilization();
    const utilization = performance.eventLoopUtilization(now, this.#elu).utilization;
    this.#elu = now;
    const lateStartFraction = sent > 0 ? late / sent : 0;
    return {
      loopDelayP99Ms,
      utilization: Number.isFinite(utilization) ? utilization : 0,
      lateStartFraction,
      clientQueued,
      saturated: isGeneratorSaturated(lateStartFraction, loopDelayP99Ms),
      heapUsedMb: heapUsedMb(),
    };
  }

  stop(): void {
    this.#delay.disable();
  }
}

/**
 * Heap in use, MB. Under `--expose-gc` (only the memory benchmark starts Node so) it is read
 * after a full GC: then growth over a run means retained memory, not garbage not yet collected.
 */
function heapUsedMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return getHeapStatistics().used_heap_size / 2 ** 20;
}
