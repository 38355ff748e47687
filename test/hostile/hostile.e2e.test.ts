/**
 * Issue #17's hostile suite, the cases that put load on a real loopback target or fault the
 * process mid-run: every case runs the built binary, bounded to a few seconds (see suite.ts).
 * The cases on files, numbers and scenarios (no load) are in inputs.e2e.test.ts.
 */
import { PROCESS_CASES } from './cases-process.js';
import { TARGET_CASES } from './cases-targets.js';
import { describeCases } from './suite.js';

describeCases([
  ['targets', TARGET_CASES],
  ['process faults', PROCESS_CASES],
]);
