/**
 * The one seeded generator of the project (pure-rand's xoroshiro128+): the only randomness
 * in analysis comes from here, created from an explicit seed.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded source of uniform integers and signs (xoroshiro128+ from pure-rand, advanced in place). */
export type Rng = { int: (n: number) => number; sign: () => number };

export function createRng(seed: number): Rng {
  const gen = xoroshiro128plus(seed | 0);
  const TWO32 = 4294967296;
  let spare = -1;
  return {
    // Multiply-shift mapping to [0, n). For n ≤ 2^16 each 32-bit draw serves two indices
    // (16 bits each; bias < n/2^16, about 0.2 % for a 1-hour step): the block bootstrap
    // draws millions of block starts, and the generator call is its main cost.
    int: (n) => {
      if (n <= 65536) {
        let h: number;
        if (spare >= 0) {
          h = spare;
          spare = -1;
        } else {
          const v = gen.next() >>> 0;
          h = v & 0xffff;
          spare = v >>> 16;
        }
        return (h * n) >>> 16;
      }
      return Math.floor(((gen.next() >>> 0) / TWO32) * n);
    },
    sign: () => ((gen.next() & 1) === 0 ? -1 : 1),
  };
}
