/**
 * Rows of the data file for one worker, one per iteration: `sequential` (in file order,
 * wrapping; worker w of W starts at row w and steps by W), `random` (seeded), or `unique`
 * (worker w of W takes rows w, w + W, ... once each, so no row is used twice in the run;
 * `next` returns undefined when this worker's rows have run out).
 */
import type { DataOrder } from '../scenario/types.js';

export class DataFeed {
  readonly #rows: readonly (readonly string[])[];
  readonly #order: DataOrder;
  readonly #step: number;
  readonly #random: () => number;
  #cursor: number;

  constructor(
    rows: readonly (readonly string[])[],
    order: DataOrder,
    workerIndex: number,
    workerCount: number,
    random: () => number,
  ) {
    this.#rows = rows;
    this.#order = order;
    this.#step = Math.max(1, workerCount);
    this.#cursor = workerIndex;
    this.#random = random;
  }

  /** The next row, or undefined when `unique` rows ran out. */
  next(): readonly string[] | undefined {
    const rows = this.#rows;
    if (rows.length === 0) return undefined;
    if (this.#order === 'random') return rows[Math.floor(this.#random() * rows.length)];
    const index = this.#cursor;
    this.#cursor += this.#step;
    if (this.#order === 'unique') return rows[index];
    return rows[index % rows.length];
  }
}
