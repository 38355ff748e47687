/**
 * Reads a scenario file and parses it (the only fs access in scenario/).
 * STUB until the foundation issue's scenario work lands: signature is the contract.
 */
import { InternalError } from '../errors.js';
import type { Scenario } from './types.js';

export type LoadScenarioOptions = {
  /** Environment for `${env.NAME}` interpolation. */
  env: Readonly<Record<string, string | undefined>>;
  /** Resolve relative paths against this folder. */
  cwd: string;
  /** `--set path=value` overrides, applied before validation. */
  set?: readonly string[];
};

/** Throws ScenarioError (every problem, with positions) or CapplanError for unreadable files. */
export async function loadScenario(_file: string, _options: LoadScenarioOptions): Promise<Scenario> {
  throw new InternalError('loadScenario is not implemented yet');
}
