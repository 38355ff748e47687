/**
 * Collects the workers' snapshots of each window index and merges them (exact: counters
 * summed, HDR added) once every live worker has reported that index.
 */
import { mergeWindowSnapshots } from '../metrics/merge-snapshots.js';
import type { WindowSnapshot } from '../metrics/types.js';

export class WindowMerger {
  readonly #pending = new Map<number, WindowSnapshot[]>();
  readonly #live = new Set<number>();
  readonly #onMerged: (window: WindowSnapshot) => void;

  constructor(workerCount: number, onMerged: (window: WindowSnapshot) => void) {
    for (let i = 0; i < workerCount; i++) this.#live.add(i);
    this.#onMerged = onMerged;
  }

  add(workerIndex: number, window: WindowSnapshot): void {
    let parts = this.#pending.get(window.index);
    if (parts === undefined) {
      parts = [];
      this.#pending.set(window.index, parts);
    }
    parts[workerIndex] = window;
    this.#flushReady();
  }

  /** A worker is gone (done or crashed): stop waiting for it. */
  retire(workerIndex: number): void {
    this.#live.delete(workerIndex);
    this.#flushReady();
  }

  /** Merges whatever is left (end of run). */
  flushAll(): void {
    for (const index of [...this.#pending.keys()].sort((a, b) => a - b)) this.#emit(index);
  }

  #flushReady(): void {
    for (const index of [...this.#pending.keys()].sort((a, b) => a - b)) {
      const parts = this.#pending.get(index)!;
      for (const w of this.#live) if (parts[w] === undefined) return;
      this.#emit(index);
    }
  }

  #emit(index: number): void {
    const parts = (this.#pending.get(index) ?? []).filter((p): p is WindowSnapshot => p !== undefined);
    this.#pending.delete(index);
    if (parts.length > 0) this.#onMerged(mergeWindowSnapshots(parts));
  }
}
