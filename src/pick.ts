/** Copies of chosen fields, where a literal listing `name: from.name` line by line would repeat itself. */

/**
 * The listed fields of `from`, in the order listed: a fresh object without the fields not
 * listed (a listed field that is absent comes out as an own field set to undefined).
 */
export function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) out[key] = from[key];
  return out;
}
