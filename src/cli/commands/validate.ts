import { InternalError } from '../../errors.js';
import type { Io } from '../io.js';

export async function validateCommand(_files: string[], _io: Io): Promise<number> {
  throw new InternalError('capplan validate is not implemented yet');
}
