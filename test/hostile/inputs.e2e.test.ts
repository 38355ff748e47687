/**
 * Issue #17's hostile suite, the cases on files, numbers and scenarios: bad input and hostile
 * files, no timed load (the one run is a second at concurrency 1), so they run in e2e-light.
 * The cases against hostile targets and process faults are in hostile.e2e.test.ts.
 */
import { FILE_CASES } from './cases-files.js';
import { SCENARIO_CASES } from './cases-scenario.js';
import { describeCases } from './suite.js';

describeCases([
  ['files and numbers', FILE_CASES],
  ['scenarios', SCENARIO_CASES],
]);
