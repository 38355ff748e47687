/** planSchedule: Scenario -> Schedule (pure). STUB: signature is the contract. */
import { InternalError } from '../errors.js';
import type { Scenario, Schedule } from './types.js';

export function planSchedule(_scenario: Scenario): Schedule {
  throw new InternalError('planSchedule is not implemented yet');
}
