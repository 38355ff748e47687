/**
 * Seeded randomness for test data: mulberry32 (tiny, fast, good enough for simulation; the
 * analyzer itself uses pure-rand, src/stats/rng.ts), an LCG for the histogram tests and the
 * one Box–Muller transform. The streams are fixed: tests assert error rates and shapes over
 * these exact seeds.
 */

/** A seeded uniform [0, 1) generator (mulberry32). */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw from two uniforms in (0, 1] and [0, 1) (Box–Muller). */
export function boxMuller(u: number, v: number): number {
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A standard normal draw from a uniform generator. */
export function normalDraw(rng: () => number): number {
  const u = 1 - rng(); // (0, 1]: log(0) never happens
  return boxMuller(u, rng());
}

/**
 * `n` states of the LCG x ← (1103515245·x + 12345) mod 2³¹ after `seed`, each mapped by `map`
 * (to latencies, µs). In doubles, as the histogram tests have always drawn them: the product
 * loses low bits above 2⁵³, and the stream is fixed by exactly that arithmetic.
 */
export function lcgDraws(n: number, seed: number, map: (x: number) => number): number[] {
  let x = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out.push(map(x));
  }
  return out;
}
