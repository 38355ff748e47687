/**
 * `capplan run <scenario> --baseline … [--repeat N]`: the gate with its confirmation batch.
 * Runs the scenario N times (default 3), judges the runs against the baseline, and on a
 * tentative FAIL runs one more batch and judges all of them (ANALYSIS.md §5.3). Running one
 * scenario is the run command's job: it passes `runOnce`, which returns the run's record
 * (after writing its reports); this module only sequences runs and the verdict.
 */
import { join, relative, resolve } from 'node:path';
import { confirmationRunsFor, gateWithConfirmation } from '../../../gate/confirm.js';
import type { GateSample } from '../../../gate/types.js';
import { UsageError } from '../../../errors.js';
import { loadBaseline, toGateSample } from '../../../gate/history.js';
import type { RunRecord } from '../../../record/types.js';
import type { ReportFormat } from '../../../report/index.js';
import type { Scenario, Schedule } from '../../../scenario/types.js';
import { ExitCode } from '../../exit-codes.js';
import type { Io } from '../../io.js';
import { DEFAULT_GATE_REPEAT, type GateFlags } from './options.js';
import { writeRunFiles } from './output.js';
import { runScenario } from './scenario.js';
import { exitCodeOf, writeVerdict } from '../../gate-verdict.js';

export type GateRunOptions = {
  /** Baseline paths (run.json files, folders, history files), resolved by the caller. */
  baseline: readonly string[];
  /** Candidate runs in the first batch (default 3); also the size of the confirmation batch. */
  repeat?: number;
  tolerance?: number;
  gateKnee?: boolean;
  /** Print the verdict as JSON instead of the table. */
  json?: boolean;
  /** Write the verdict's Markdown / JUnit here (absolute or relative to io.cwd). */
  markdown?: string;
  junit?: string;
};

/** Thrown inside runGate to stop early with a run's own exit code (interrupted, aborted). */
class StopGate extends Error {
  readonly code: number;

  constructor(code: number) {
    super(`gate stopped with exit code ${code}`);
    this.code = code;
  }
}

/**
 * Runs the gate. `runOnce(i)` runs the scenario once (i counts from 1 over all batches)
 * and resolves to its RunRecord. Returns the exit code: 0 pass/warn, 1 confirmed regression
 * or broken SLO, 4 generator saturated, 3/130 when a run was aborted/interrupted.
 */
export async function runGate(
  runOnce: (index: number) => Promise<RunRecord>,
  options: GateRunOptions,
  io: Io,
): Promise<number> {
  // Read the baseline first: a bad path is exit 2 before any traffic is sent.
  const baseline = loadBaseline(options.baseline);
  if (baseline.length === 0)
    throw new UsageError('--baseline holds no runs', {
      hint: 'pass run.json files, folders of them, or a history file',
    });
  const repeat = options.repeat ?? DEFAULT_GATE_REPEAT;
  if (!Number.isInteger(repeat) || repeat < 1) throw new UsageError(`--repeat ${repeat} must be a whole number ≥ 1`);
  let done = 0;
  const runBatch = async (n: number, label: string): Promise<GateSample[]> => {
    const samples: GateSample[] = [];
    for (let i = 0; i < n; i++) {
      done++;
      io.stderr.write(`capplan: ${label} run ${i + 1} of ${n}\n`);
      const record = await runOnce(done);
      if (record.status === 'interrupted') throw new StopGate(ExitCode.interrupted);
      if (record.status === 'aborted') throw new StopGate(ExitCode.aborted);
      samples.push(toGateSample(record));
    }
    return samples;
  };
  try {
    const first = await runBatch(repeat, 'gate');
    const { verdict } = await gateWithConfirmation(
      baseline,
      first,
      (n) => {
        io.stderr.write(`capplan: tentative FAIL: running a confirmation batch of ${n} more runs\n`);
        return runBatch(n, 'confirmation');
      },
      {
        confirmationRuns: confirmationRunsFor(repeat),
        ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
        ...(options.gateKnee === undefined ? {} : { gateKnee: options.gateKnee }),
      },
    );
    writeVerdict(verdict, options, io);
    return exitCodeOf(verdict);
  } catch (error) {
    if (error instanceof StopGate) return error.code;
    throw error;
  }
}

/** What `capplan run` hands over when `--baseline` is given. */
export type ScenarioGateInput = {
  scenario: Scenario;
  schedule: Schedule;
  scenarioText: string;
  /** Output folder of the gate: run i goes to `<outDir>/run-<i>/`, the verdict to gate.md and gate-junit.xml. */
  outDir: string;
  formats: readonly ReportFormat[];
  workers?: number;
  progress: boolean;
  gate: GateFlags;
  /** Print the verdict as JSON instead of the table. */
  json: boolean;
};

/**
 * `capplan run <scenario> --baseline …`: runs the scenario `--repeat` times (and a
 * confirmation batch when needed), writing every run's files, then the verdict. The run
 * command calls this instead of its single run when `--baseline` is set.
 */
export async function runScenarioGate(input: ScenarioGateInput, io: Io): Promise<number> {
  const { gate } = input;
  const runOnce = async (index: number): Promise<RunRecord> => {
    const { record } = await runScenario(input.scenario, input.schedule, input.scenarioText, io, {
      progress: input.progress,
      ...(input.workers === undefined ? {} : { workers: input.workers }),
    });
    const dir = join(input.outDir, `run-${index}`);
    writeRunFiles(dir, record, input.formats);
    io.stderr.write(`capplan: ${runLine(record)}; files in ${relative(io.cwd, dir) || dir}\n`);
    return record;
  };
  return runGate(
    runOnce,
    {
      ...gate,
      baseline: gate.baseline.map((p) => resolve(io.cwd, p)),
      json: input.json,
      markdown: join(input.outDir, 'gate.md'),
      junit: join(input.outDir, 'gate-junit.xml'),
    },
    io,
  );
}

/** "max goodput 401 req/s, knee c=20" for the progress of a gate's runs. */
function runLine(record: RunRecord): string {
  const a = record.analysis;
  const xmax =
    a.maxThroughputPerSec === null ? 'no max goodput' : `max goodput ${Math.round(a.maxThroughputPerSec.value)} req/s`;
  const knee =
    a.knee === null
      ? 'no knee'
      : a.knee.censored === 'above'
        ? `knee > c=${a.knee.concurrency}`
        : `knee c=${Math.round(a.knee.concurrency * 10) / 10}`;
  return `${record.status} run: ${xmax}, ${knee}`;
}
