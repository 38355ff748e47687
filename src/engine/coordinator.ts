/**
 * The coordinator (main thread): owns the one global schedule (Timeline), drives the workers
 * with their deterministic shares each tick and at every phase boundary, merges their
 * windows, applies the sweep rules and the safety stop, and ends every run — completed,
 * interrupted (signal), aborted (safety stop, worker crash) — through the same stop path,
 * resolving with the (partial) outcome instead of throwing.
 */
import type { WindowSnapshot } from '../metrics/types.js';
import type { AdaptiveSchedule, Phase, Schedule } from '../scenario/types.js';
import { epochNowMs } from './clock.js';
import { LevelDriver } from './level-driver.js';
import type { FromWorker } from './protocol.js';
import { checkStopRule } from './stop-rule.js';
import {
  defaultAdaptiveNext,
  defaultRefine,
  shouldStopAfterKnee,
  summarizeAdaptiveLevel,
  summarizeSweepStep,
} from './sweep.js';
import { Timeline } from './timeline.js';
import { lastWindowIndex } from './window-grid.js';
import type { AdaptiveStepResult, LoadTarget, RunLoadOptions, RunOutcome, SweepStepResult } from './types.js';
import { WindowMerger } from './window-merger.js';
import { defaultWorkerCount, defaultWorkerUrl, WorkerPool } from './worker-pool.js';

const TICK_MS = 50;
/** Time given to workers to start before t0. */
const START_DELAY_MS = 150;
/** In-flight requests get this long to finish after an interrupt or abort (stop within 2 s). */
const ABORT_DRAIN_MS = 1000;
/** Longest wait past the last level for its final window before giving up on refinement. */
const DECISION_WAIT_MS = 3000;

/** Runs `schedule` against `target` on worker threads. Never rejects once workers are up. */
export async function runLoad(
  schedule: Schedule,
  target: LoadTarget,
  options: RunLoadOptions = {},
): Promise<RunOutcome> {
  return new LoadRun(schedule, target, options).execute();
}

class LoadRun {
  readonly #schedule: Schedule;
  readonly #target: LoadTarget;
  readonly #options: RunLoadOptions;
  readonly #timeline: Timeline;
  readonly #workerCount: number;
  readonly #pool: WorkerPool;
  readonly #merger: WindowMerger;
  readonly #windows: WindowSnapshot[] = [];
  readonly #steps: SweepStepResult[] = [];
  readonly #driver: LevelDriver;
  readonly #finished = new Set<number>();
  readonly #exhausted = new Set<number>();
  #t0 = 0;
  #status: RunOutcome['status'] = 'completed';
  #abortReason: string | undefined;
  #stopping = false;
  /** Index of the last measured window once the stop is decided: later windows are drain. */
  #lastIndex = Number.MAX_SAFE_INTEGER;
  #refined = false;
  /** Adaptive search: the levels run so far, and why it stopped once it did. */
  readonly #adaptiveLevels: AdaptiveStepResult[] = [];
  #adaptiveStop: string | undefined;
  #done = false;
  #tickTimer: NodeJS.Timeout | undefined;
  #forceTimer: NodeJS.Timeout | undefined;
  #resolve: (outcome: RunOutcome) => void = () => undefined;

  constructor(schedule: Schedule, target: LoadTarget, options: RunLoadOptions) {
    this.#schedule = schedule;
    this.#target = target;
    this.#options = options;
    this.#timeline = new Timeline(schedule.phases, schedule.model);
    this.#workerCount = Math.max(1, Math.floor(options.workers ?? defaultWorkerCount()));
    this.#merger = new WindowMerger(this.#workerCount, (w) => this.#onMerged(w));
    this.#pool = new WorkerPool(
      this.#workerCount,
      {
        model: schedule.model,
        target,
        ...(options.arrivalPhase === undefined ? {} : { arrivalPhase: options.arrivalPhase }),
        ...(options.starve === undefined ? {} : { starve: options.starve }),
      },
      options.workerUrl ?? defaultWorkerUrl(),
      { onMessage: (m) => this.#onMessage(m), onCrash: (i, m) => this.#onCrash(i, m) },
    );
    this.#driver = new LevelDriver(this.#pool, this.#timeline, schedule.model, options.share);
  }

  async execute(): Promise<RunOutcome> {
    const outcome = new Promise<RunOutcome>((resolve) => (this.#resolve = resolve));
    try {
      await this.#pool.ready();
    } catch {
      // A worker crashed while starting: #onCrash has begun the stop; the outcome follows.
      return outcome;
    }
    this.#t0 = Math.max(this.#options.startAtMs ?? 0, epochNowMs() + START_DELAY_MS);
    this.#pool.broadcast({ type: 'start', t0EpochMs: this.#t0 });
    const signal = this.#options.signal;
    const onAbort = (): void => this.#beginStop('interrupted', undefined);
    if (signal?.aborted === true) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    if (!this.#stopping) this.#tickTimer = setTimeout(() => this.#tick(), Math.max(0, this.#t0 - epochNowMs()));
    const result = await outcome;
    signal?.removeEventListener('abort', onAbort);
    return result;
  }

  #elapsed(): number {
    return epochNowMs() - this.#t0;
  }

  #tick(): void {
    this.#tickTimer = undefined;
    if (this.#stopping) return;
    const elapsed = this.#elapsed();
    const end = this.#timeline.endMs;
    // The refinement decision waits for the last level's final window (bounded wait).
    const stop = elapsed >= end - TICK_MS && (!this.#decisionPending() || elapsed > end + DECISION_WAIT_MS);
    // A stop tick that came late, past the end, must not hand the workers the plan's level there (0):
    // they would freeze it and report it for the last window and the drain.
    if (!stop || elapsed < end) this.#driver.drive(elapsed);
    if (stop) {
      this.#beginStop('completed', undefined, end);
      return;
    }
    // The last tick aims one tick before the end, not at it: the stop then reaches the workers ahead of
    // its time even when this thread is a little late, and no worker sends past the stop unaware of it.
    const boundary = this.#timeline.nextBoundaryMs(elapsed);
    const aim = boundary >= end && end - TICK_MS > elapsed ? end - TICK_MS : boundary;
    const next = Math.min(TICK_MS, Math.max(1, aim - elapsed));
    this.#tickTimer = setTimeout(() => this.#tick(), next);
  }

  /** The last phase is a coarse sweep level whose result may still add refinement levels. */
  #decisionPending(): boolean {
    const sweep = this.#schedule.sweep;
    if (sweep?.adaptive !== undefined) return this.#adaptiveStop === undefined;
    const last = this.#timeline.phases[this.#timeline.phases.length - 1];
    return (
      sweep !== undefined &&
      sweep.refine > 0 &&
      !this.#refined &&
      last !== undefined &&
      last.kind !== 'refine' &&
      last.kind !== 'stage'
    );
  }

  #onMessage(message: FromWorker): void {
    if (message.type === 'window') this.#merger.add(message.workerIndex, message.window);
    else if (message.type === 'done') this.#workerFinished(message.workerIndex);
    else if (message.type === 'exhausted') this.#onExhausted(message.workerIndex, message.message);
  }

  /** Each worker has its own share of `unique` data rows: the run stops once every share is used. */
  #onExhausted(workerIndex: number, message: string): void {
    this.#exhausted.add(workerIndex);
    if (this.#exhausted.size === this.#workerCount) this.#beginStop('aborted', message);
  }

  #onCrash(workerIndex: number, message: string): void {
    this.#beginStop('aborted', `worker ${workerIndex} crashed: ${message}`);
    this.#workerFinished(workerIndex);
  }

  #workerFinished(workerIndex: number): void {
    this.#finished.add(workerIndex);
    this.#merger.retire(workerIndex);
    if (this.#finished.size === this.#workerCount) void this.#finish();
  }

  #onMerged(window: WindowSnapshot): void {
    const phase = this.#drainPhase(window) ?? this.#timeline.phaseForWindow(window.tMs);
    if (phase === undefined) return;
    window.phaseIndex = phase.index;
    this.#windows.push(window);
    this.#options.onWindow?.(window, phase);
    if (this.#stopping) return;
    const rule = this.#options.stopRule;
    const reason = rule === undefined ? undefined : checkStopRule(this.#windows, rule);
    if (reason !== undefined) {
      this.#beginStop('aborted', reason);
      return;
    }
    if (window.tMs + window.durationMs >= phase.startMs + phase.durationMs && this.#decidesAfter(phase)) {
      this.#onSweepPhaseDone(phase);
    }
  }

  /** Sweep levels are followed by a decision; an adaptive search decides after every level. */
  #decidesAfter(phase: Phase): boolean {
    return (
      phase.kind === 'probe' ||
      phase.kind === 'level' ||
      (phase.kind === 'refine' && this.#schedule.sweep?.adaptive !== undefined)
    );
  }

  /**
   * Windows after the one holding the stop hold the drain (requests in flight at the stop, or
   * sent in the ms a late stop message allowed): kept on the last phase so every request is
   * counted, and marked `drain` so no step measures them. A worker that had already opened
   * the window after the stop reports it unmarked; the index decides.
   */
  #drainPhase(window: WindowSnapshot): Phase | undefined {
    if (!this.#stopping || (window.drain !== true && window.index <= this.#lastIndex)) return undefined;
    const last = this.#timeline.phases[this.#timeline.phases.length - 1];
    if (last === undefined) return undefined;
    window.drain = true;
    return last;
  }

  #onSweepPhaseDone(phase: Phase): void {
    const sweep = this.#schedule.sweep;
    if (sweep === undefined) return;
    if (sweep.adaptive !== undefined) {
      this.#onAdaptiveLevelDone(phase, sweep.adaptive);
      return;
    }
    this.#steps.push(summarizeSweepStep(phase, this.#windows));
    const later = (): Phase[] =>
      this.#timeline.phases.filter((p) => p.index > phase.index && (p.kind === 'level' || p.kind === 'probe'));
    if (sweep.stopAfterKnee && later().length > 0 && shouldStopAfterKnee(this.#steps)) {
      this.#timeline.dropAfter(phase.index);
      if (this.#schedule.model === 'open') this.#pool.broadcast({ type: 'cut' });
    }
    if (later().length > 0 || this.#refined || sweep.refine <= 0) return;
    this.#refined = true;
    const refine = this.#options.refine ?? ((steps, count) => defaultRefine(steps, count, this.#schedule.model));
    const levels = refine(this.#steps, sweep.refine);
    if (levels.length === 0) return;
    const startMs = Math.ceil((this.#elapsed() + 300) / 1000) * 1000;
    this.#timeline.appendRefinement(levels, startMs, phase);
    if (this.#tickTimer === undefined) this.#tick();
  }

  /**
   * Adaptive search: the decision (the analyzer's, injected by the CLI) names the next level,
   * appended at the next whole second (the pause lets the last window arrive; it is not load
   * time), or the search stops and the run ends at the end of this level. The engine itself
   * never runs past maxLoadMs, whatever the decision says.
   */
  #onAdaptiveLevelDone(phase: Phase, bounds: AdaptiveSchedule): void {
    if (this.#adaptiveStop !== undefined) return;
    this.#adaptiveLevels.push(summarizeAdaptiveLevel(phase, this.#windows));
    const decide = this.#options.adaptive ?? ((levels) => defaultAdaptiveNext(levels, bounds));
    const next = decide(this.#adaptiveLevels);
    const loadMs = this.#adaptiveLevels.reduce((sum, l) => sum + l.durationMs, 0);
    if (next.action === 'stop' || loadMs + next.holdMs > bounds.maxLoadMs || next.holdMs < 1000 || !(next.level > 0)) {
      this.#adaptiveStop = next.action === 'stop' ? next.reason : 'max-duration';
    } else {
      const startMs = Math.ceil((this.#elapsed() + 300) / 1000) * 1000;
      const holdMs = Math.round(next.holdMs / 1000) * 1000;
      this.#timeline.appendRefinement(
        [next.level],
        startMs,
        { durationMs: holdMs, warmupMs: 0 },
        next.purpose === 'refine' ? 'refine' : 'level',
      );
    }
    if (this.#tickTimer === undefined) this.#tick();
  }

  #beginStop(status: RunOutcome['status'], reason: string | undefined, atMs?: number): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#status = status;
    this.#abortReason = reason;
    if (this.#tickTimer !== undefined) clearTimeout(this.#tickTimer);
    this.#tickTimer = undefined;
    const elapsed = this.#t0 === 0 ? 0 : this.#elapsed();
    const stopAtMs = atMs ?? elapsed;
    this.#lastIndex = lastWindowIndex(stopAtMs);
    if (status !== 'completed') this.#timeline.cutAt(elapsed);
    const drainMs = status === 'completed' ? this.#target.timeoutMs + 500 : ABORT_DRAIN_MS;
    this.#pool.broadcast({ type: 'stop', atMs: stopAtMs, drainMs });
    // A worker that never answers must not hang the run.
    this.#forceTimer = setTimeout(() => void this.#finish(), Math.max(0, stopAtMs - elapsed) + drainMs + 3000);
    if (this.#finished.size === this.#workerCount) void this.#finish();
  }

  async #finish(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    if (this.#forceTimer !== undefined) clearTimeout(this.#forceTimer);
    this.#merger.flushAll();
    await this.#pool.terminate();
    const endedElapsed = this.#t0 === 0 ? 0 : this.#elapsed();
    this.#resolve({
      status: this.#status,
      ...(this.#abortReason === undefined ? {} : { abortReason: this.#abortReason }),
      phases: this.#timeline.phases.filter((p) => this.#t0 > 0 && p.startMs < endedElapsed),
      windows: this.#windows.sort((a, b) => a.index - b.index),
      startedAtMs: this.#t0 === 0 ? epochNowMs() : this.#t0,
      endedAtMs: epochNowMs(),
      workers: this.#workerCount,
      ...(this.#schedule.sweep?.adaptive === undefined ? {} : { adaptiveStop: this.#adaptiveStop ?? this.#status }),
    });
  }
}
