/**
 * Bounded Nelder–Mead for the small smooth problems of the analyzer (USL polish): the
 * standard reflection/expansion/contraction/shrink moves, every vertex clamped into the
 * box. Deterministic; stops when the simplex is smaller than `tolerance` in every axis.
 */
export type Bounds = readonly (readonly [number, number])[];

export function minimizeBounded(
  f: (p: number[]) => number,
  start: readonly number[],
  steps: readonly number[],
  bounds: Bounds,
  options: { maxIterations?: number; tolerance?: number } = {},
): { point: number[]; value: number } {
  const dim = start.length;
  const clamp = (p: number[]): number[] =>
    p.map((v, i) => Math.min(Math.max(v, bounds[i]?.[0] ?? -Infinity), bounds[i]?.[1] ?? Infinity));
  const simplex: { p: number[]; v: number }[] = [];
  const first = clamp([...start]);
  simplex.push({ p: first, v: f(first) });
  for (let i = 0; i < dim; i += 1) {
    const p = [...first];
    const step = steps[i] ?? 0.1;
    p[i] = (p[i] as number) + step;
    let q = clamp(p);
    if (q[i] === first[i]) {
      p[i] = (first[i] as number) - 2 * step;
      q = clamp(p);
    }
    simplex.push({ p: q, v: f(q) });
  }
  const maxIterations = options.maxIterations ?? 2000;
  const tolerance = options.tolerance ?? 1e-12;
  for (let it = 0; it < maxIterations; it += 1) {
    simplex.sort((s, t) => s.v - t.v);
    if (spread(simplex, dim) < tolerance) break;
    const worst = simplex[dim] as { p: number[]; v: number };
    const centroid = new Array<number>(dim).fill(0);
    for (let i = 0; i < dim; i += 1)
      for (let d = 0; d < dim; d += 1)
        centroid[d] = (centroid[d] as number) + ((simplex[i] as { p: number[] }).p[d] as number) / dim;
    const along = (t: number): number[] => clamp(centroid.map((c, d) => c + t * (c - (worst.p[d] as number))));
    const pr = along(1);
    const vr = f(pr);
    const bestV = (simplex[0] as { v: number }).v;
    const secondWorstV = (simplex[dim - 1] as { v: number }).v;
    if (vr < bestV) {
      const pe = along(2);
      const ve = f(pe);
      simplex[dim] = ve < vr ? { p: pe, v: ve } : { p: pr, v: vr };
    } else if (vr < secondWorstV) {
      simplex[dim] = { p: pr, v: vr };
    } else {
      const pc = vr < worst.v ? along(0.5) : along(-0.5);
      const vc = f(pc);
      if (vc < Math.min(vr, worst.v)) simplex[dim] = { p: pc, v: vc };
      else shrink(simplex, f, clamp);
    }
  }
  simplex.sort((s, t) => s.v - t.v);
  const best = simplex[0] as { p: number[]; v: number };
  return { point: best.p, value: best.v };
}

function spread(simplex: readonly { p: number[] }[], dim: number): number {
  let max = 0;
  const base = (simplex[0] as { p: number[] }).p;
  for (const s of simplex)
    for (let d = 0; d < dim; d += 1) max = Math.max(max, Math.abs((s.p[d] as number) - (base[d] as number)));
  return max;
}

function shrink(
  simplex: { p: number[]; v: number }[],
  f: (p: number[]) => number,
  clamp: (p: number[]) => number[],
): void {
  const best = (simplex[0] as { p: number[] }).p;
  for (let i = 1; i < simplex.length; i += 1) {
    const p = clamp(
      (simplex[i] as { p: number[] }).p.map((v, d) => (best[d] as number) + 0.5 * (v - (best[d] as number))),
    );
    simplex[i] = { p, v: f(p) };
  }
}
