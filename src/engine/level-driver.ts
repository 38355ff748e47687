/**
 * Hands each worker its deterministic share of the schedule: the closed model's users (sent
 * when they change) and the open model's arrival segments (sent ahead of their phase).
 */
import type { LoadModel } from '../scenario/types.js';
import type { RateSegment } from './protocol.js';
import { splitUsers } from './share.js';
import type { Timeline } from './timeline.js';
import type { WorkerPool } from './worker-pool.js';

/** Open-model segments are handed out this long before their phase starts. */
const ARM_AHEAD_MS = 500;

export class LevelDriver {
  readonly #pool: WorkerPool;
  readonly #timeline: Timeline;
  readonly #model: LoadModel;
  readonly #share: (level: number) => number;
  readonly #users: number[];
  readonly #armed = new Set<number>();

  constructor(pool: WorkerPool, timeline: Timeline, model: LoadModel, share: ((level: number) => number) | undefined) {
    this.#pool = pool;
    this.#timeline = timeline;
    this.#model = model;
    this.#share = share ?? ((level) => level);
    this.#users = new Array<number>(pool.size).fill(-1);
  }

  /** Brings every worker to the schedule at `elapsedMs` after t0. */
  drive(elapsedMs: number): void {
    if (this.#model === 'closed') this.#sendUsers(elapsedMs);
    else this.#armSegments(elapsedMs);
  }

  #sendUsers(elapsedMs: number): void {
    const count = this.#pool.size;
    const total = this.#share(Math.round(this.#timeline.levelAt(elapsedMs)));
    for (let w = 0; w < count; w++) {
      const users = splitUsers(total, w, count);
      if (users !== this.#users[w]) {
        this.#users[w] = users;
        this.#pool.send(w, { type: 'level', users });
      }
    }
  }

  #armSegments(elapsedMs: number): void {
    const segments: RateSegment[] = [];
    for (const p of this.#timeline.phases) {
      if (this.#armed.has(p.index) || p.startMs - ARM_AHEAD_MS > elapsedMs) continue;
      this.#armed.add(p.index);
      segments.push({
        phaseIndex: p.index,
        startMs: p.startMs,
        durationMs: p.durationMs,
        fromRate: this.#share(p.fromLevel),
        toRate: this.#share(p.toLevel),
      });
    }
    if (segments.length > 0) this.#pool.broadcast({ type: 'segments', segments });
  }
}
