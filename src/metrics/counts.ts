/**
 * Counters keyed by text (`status: { "200": n }`, `errors: { "http-503": n }`), added and kept
 * compact. Pure.
 */

/** Adds `from`'s counts into `into`. */
export function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
}

/**
 * The same counts in an object that costs what its entries cost. V8 stores an integer-like key
 * such as "200" as an array element, and an object that gets one by assignment or through
 * postMessage (structured clone) gets a backing array of more than 200 slots: 2.6 KB for
 * `{ "200": n }`, 6 KB with "503" as well. JSON.parse keeps sparse integer keys in a
 * dictionary (about 0.2 KB). A run keeps a status object per window and per request name per
 * window: at 5 names over 10 minutes they held about 11 MB. Call it on counts that are kept.
 */
export function compactCounts(counts: Readonly<Record<string, number>>): Record<string, number> {
  return JSON.parse(JSON.stringify(counts)) as Record<string, number>;
}
