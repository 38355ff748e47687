/**
 * The one global schedule the coordinator owns: phases on the run's time axis (ms from t0),
 * mutable only by the sweep rules (truncate, append refinement levels) and by a stop (cut).
 */
import type { LoadModel, Phase, PhaseKind } from '../scenario/types.js';
import { levelAt } from './share.js';
import { levelLabel } from '../scenario/schedule.js';

export class Timeline {
  readonly phases: Phase[];
  readonly #model: LoadModel;
  /**
   * Next phase id. Ids are never reused: a phase dropped by `dropAfter` may already have been
   * handed to the workers (open-model segments go out ahead of their phase), so a later phase
   * taking its id would be mistaken for it (issue #11, defect 2.2).
   */
  #nextIndex: number;

  constructor(phases: readonly Phase[], model: LoadModel) {
    this.phases = phases.map((p) => ({ ...p }));
    this.#model = model;
    this.#nextIndex = phases.reduce((next, p) => Math.max(next, p.index + 1), 0);
  }

  /** End of the last phase, ms from t0. */
  get endMs(): number {
    const last = this.phases[this.phases.length - 1];
    return last === undefined ? 0 : last.startMs + last.durationMs;
  }

  /** The phase running at `elapsedMs`, if any (none in gaps). */
  phaseAt(elapsedMs: number): Phase | undefined {
    return this.phases.find((p) => elapsedMs >= p.startMs && elapsedMs < p.startMs + p.durationMs);
  }

  /** Planned level at `elapsedMs` (0 in gaps and after the end). */
  levelAt(elapsedMs: number): number {
    const p = this.phaseAt(elapsedMs);
    return p === undefined ? 0 : levelAt(elapsedMs - p.startMs, p.fromLevel, p.toLevel, p.durationMs);
  }

  /** Start of the first phase boundary after `elapsedMs` (Infinity when none). */
  nextBoundaryMs(elapsedMs: number): number {
    let next = Infinity;
    for (const p of this.phases) {
      if (p.startMs > elapsedMs) next = Math.min(next, p.startMs);
      const end = p.startMs + p.durationMs;
      if (end > elapsedMs) next = Math.min(next, end);
    }
    return next;
  }

  /** Drops every phase after `phaseIndex` (stopAfterKnee). */
  dropAfter(phaseIndex: number): void {
    const at = this.phases.findIndex((p) => p.index > phaseIndex);
    if (at >= 0) this.phases.splice(at);
  }

  /** Ends the run at `elapsedMs`: later phases go, the running one is shortened. */
  cutAt(elapsedMs: number): void {
    const keep = this.phases.filter((p) => p.startMs < elapsedMs);
    this.phases.splice(0, this.phases.length, ...keep);
    const last = this.phases[this.phases.length - 1];
    if (last !== undefined && last.startMs + last.durationMs > elapsedMs) {
      const fraction = (elapsedMs - last.startMs) / last.durationMs;
      last.toLevel = last.fromLevel + (last.toLevel - last.fromLevel) * fraction;
      last.durationMs = Math.max(0, Math.round(elapsedMs - last.startMs));
      last.warmupMs = Math.min(last.warmupMs, last.durationMs);
    }
  }

  /**
   * Appends refinement levels, back to back from `startMs`, shaped like `like` (hold, warm-up);
   * an adaptive search appends its levels one at a time, as 'level' (scan) or 'refine'.
   */
  appendRefinement(
    levels: readonly number[],
    startMs: number,
    like: Pick<Phase, 'durationMs' | 'warmupMs'>,
    kind: PhaseKind = 'refine',
  ): Phase[] {
    const added: Phase[] = [];
    let at = startMs;
    for (const level of levels) {
      const phase: Phase = {
        index: this.#nextIndex++,
        kind,
        label: levelLabel(this.#model, level),
        startMs: at,
        durationMs: like.durationMs,
        warmupMs: like.warmupMs,
        fromLevel: level,
        toLevel: level,
      };
      this.phases.push(phase);
      added.push(phase);
      at += like.durationMs;
    }
    return added;
  }

  /** The phase a window starting at `tMs` belongs to. */
  phaseForWindow(tMs: number): Phase | undefined {
    return this.phaseAt(tMs);
  }
}
