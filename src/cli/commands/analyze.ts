import { InternalError } from '../../errors.js';
import type { Io } from '../io.js';

export async function analyzeCommand(_file: string, _opts: Record<string, unknown>, _io: Io): Promise<number> {
  throw new InternalError('capplan analyze is not implemented yet');
}
