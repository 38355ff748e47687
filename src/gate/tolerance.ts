/** The gate's tolerance as users write it (`--tolerance`, `gate.tolerance`). */
import { UsageError } from '../errors.js';

/** "10%", "7.5%" or a fraction "0.1"; must be in (0, 100%). */
export function parseTolerance(text: string): number {
  const trimmed = text.trim();
  const match = /^(\d+(?:\.\d+)?|\.\d+)(%?)$/.exec(trimmed);
  const value = match === null ? Number.NaN : Number(match[1]) / (match[2] === '%' ? 100 : 1);
  if (match === null || !(value > 0 && value < 1) || (match[2] === '' && Number(match[1]) >= 1)) {
    throw new UsageError(`--tolerance ${JSON.stringify(text)} is not a percentage between 0 and 100%`, {
      hint: 'write it like 10% or 0.1',
    });
  }
  return value;
}
