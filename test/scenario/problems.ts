/** What parseScenario finds wrong with a scenario text, as the tests compare it. */
import { ScenarioError } from '../../src/errors.js';
import { parseScenario, type ParseScenarioOptions } from '../../src/scenario/parse.js';

/** Each problem as "line:col: message"; [] when `text` parses. Any error other than a ScenarioError is thrown. */
export function scenarioProblems(text: string, file: string, options: ParseScenarioOptions = { env: {} }): string[] {
  try {
    parseScenario(text, file, options);
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return error.issues.map((i) => `${i.line}:${i.column}: ${i.message}`);
  }
}
