/**
 * Semantic rules for `load` (CONVENTIONS.md §3.6: each rule named after its invariant).
 * They run on a shape-valid `load` section and return issues with document paths.
 */
import { parseDurationMs } from './duration.js';
import { parsePercent } from './percent.js';
import type { LoadInput, StageInput } from './schema.js';
import type { RuleIssue } from './rules.js';

type LoadRule = (load: LoadInput) => RuleIssue[];

const ms = (text: string | undefined): number =>
  text === undefined ? Number.NaN : (parseDurationMs(text) ?? Number.NaN);

export const exactlyOneOfStagesOrSweep: LoadRule = (load) => {
  if (load.stages !== undefined && load.sweep !== undefined) {
    return [{ path: ['load', 'sweep'], mode: 'key', message: 'load: use either "stages" or "sweep", not both' }];
  }
  if (load.stages === undefined && load.sweep === undefined) {
    return [
      { path: ['load'], mode: 'key', message: 'load: needs "stages" (a traffic shape) or "sweep" (a capacity sweep)' },
    ];
  }
  return [];
};

export const stagesHaveExactlyOneLevel: LoadRule = (load) =>
  (load.stages ?? []).flatMap((stage, i) => {
    const given = levelKeys(stage);
    const levelKey = (load.model ?? 'closed') === 'open' ? 'rate' : 'concurrency';
    if (given.length === 1) return [];
    if (given.length === 0) {
      return [
        {
          path: ['load', 'stages', i],
          message: `load.stages[${i}]: needs "${levelKey}" (hold a level) or "rampTo" (ramp to a level)`,
        },
      ];
    }
    return [
      {
        path: ['load', 'stages', i, given[1] ?? ''],
        mode: 'key' as const,
        message: `load.stages[${i}]: use only one of ${given.map((k) => `"${k}"`).join(', ')}`,
      },
    ];
  });

function levelKeys(stage: StageInput): string[] {
  return (['concurrency', 'rate', 'rampTo'] as const).filter((k) => stage[k] !== undefined);
}

export const levelKeysMatchModel: LoadRule = (load) => {
  const model = load.model ?? 'closed';
  const wrong = model === 'open' ? 'concurrency' : 'rate';
  const right = model === 'open' ? 'rate' : 'concurrency';
  return (load.stages ?? []).flatMap((stage, i) =>
    stage[wrong] === undefined
      ? []
      : [
          {
            path: ['load', 'stages', i, wrong],
            mode: 'key' as const,
            message:
              `load.stages[${i}].${wrong}: "${wrong}" belongs to the ` +
              `${model === 'open' ? 'closed' : 'open'} model; with model: ${model} use "${right}"`,
          },
        ],
  );
};

export const rampsStartFromAPreviousLevel: LoadRule = (load) => {
  const first = load.stages?.[0];
  // A stage with two level keys is already reported; only a pure ramp is this problem.
  if (first?.rampTo === undefined || levelKeys(first).length !== 1) return [];
  const levelKey = (load.model ?? 'closed') === 'open' ? 'rate' : 'concurrency';
  return [
    {
      path: ['load', 'stages', 0, 'rampTo'],
      mode: 'key',
      message:
        'load.stages[0].rampTo: a ramp needs a previous level to start from; ' +
        `begin with { duration: 10s, ${levelKey}: 1 }`,
    },
  ];
};

export const closedLevelsAreWhole: LoadRule = (load) => {
  if ((load.model ?? 'closed') !== 'closed') return [];
  const issues: RuleIssue[] = [];
  (load.stages ?? []).forEach((stage, i) => {
    if (stage.rampTo !== undefined && !Number.isInteger(stage.rampTo)) {
      issues.push({
        path: ['load', 'stages', i, 'rampTo'],
        message: `load.stages[${i}].rampTo: concurrency must be a whole number, got ${stage.rampTo}`,
      });
    }
  });
  for (const key of ['from', 'to', 'increment'] as const) {
    const value = load.sweep?.[key];
    if (value !== undefined && !Number.isInteger(value)) {
      issues.push({
        path: ['load', 'sweep', key],
        message: `load.sweep.${key}: concurrency must be a whole number, got ${value}`,
      });
    }
  }
  return issues;
};

export const stageDurationsArePositive: LoadRule = (load) =>
  (load.stages ?? []).flatMap((stage, i) =>
    ms(stage.duration) > 0
      ? []
      : [
          {
            path: ['load', 'stages', i, 'duration'],
            message: `load.stages[${i}].duration: must be longer than 0, got "${stage.duration}"`,
          },
        ],
  );

export const sweepIsWellFormed: LoadRule = (load) => {
  const sweep = load.sweep;
  if (sweep === undefined) return [];
  const issues: RuleIssue[] = [];
  if (sweep.from !== undefined && sweep.to !== undefined && sweep.from > sweep.to) {
    const message = `load.sweep: "from" (${sweep.from}) must not be above "to" (${sweep.to})`;
    issues.push({ path: ['load', 'sweep', 'to'], message });
  }
  if (sweep.adaptive === true) return issues;
  for (const key of ['from', 'to'] as const) {
    if (sweep[key] === undefined) {
      const message = `load.sweep.${key}: required (or adaptive: true to search from 1)`;
      issues.push({ path: ['load', 'sweep'], mode: 'key', message });
    }
  }
  if (sweep.from === undefined || sweep.to === undefined) return issues;
  const spacing = sweep.spacing ?? 'geometric';
  if (spacing === 'geometric' && sweep.increment !== undefined) {
    issues.push({
      path: ['load', 'sweep', 'increment'],
      mode: 'key',
      message: 'load.sweep.increment: only with spacing: linear (geometric sweeps use "factor")',
    });
  }
  if (spacing === 'linear' && sweep.factor !== undefined) {
    issues.push({
      path: ['load', 'sweep', 'factor'],
      mode: 'key',
      message: 'load.sweep.factor: only with spacing: geometric (linear sweeps use "increment")',
    });
  }
  const count = sweepLevelCount(
    sweep.from,
    sweep.to,
    spacing,
    sweep.factor ?? 2,
    sweep.increment ?? Math.max(1, Math.ceil((sweep.to - sweep.from) / 8)),
  );
  if (count > MAX_SWEEP_LEVELS) {
    issues.push({
      path: ['load', 'sweep'],
      mode: 'key',
      message:
        `load.sweep: ${count} levels is too many (at most ${MAX_SWEEP_LEVELS}); ` +
        `raise "${spacing === 'geometric' ? 'factor' : 'increment'}"`,
    });
  }
  if (sweep.hold !== undefined && !(ms(sweep.hold) > 0))
    issues.push({
      path: ['load', 'sweep', 'hold'],
      message: `load.sweep.hold: must be longer than 0, got "${sweep.hold}"`,
    });
  return issues;
};

/** Keys a fixed sweep has and an adaptive search picks itself (and the other way round). */
const FIXED_ONLY = ['spacing', 'factor', 'increment', 'hold', 'warmup', 'refine', 'stopAfterKnee', 'probe'] as const;
const ADAPTIVE_ONLY = ['precision', 'maxDuration'] as const;

/** `adaptive: true`: the closed model, no fixed-sweep keys, a precision in (0, 1), a maxDuration of at least 3 s. */
export const adaptiveSweepIsWellFormed: LoadRule = (load) => {
  const sweep = load.sweep;
  if (sweep === undefined) return [];
  const issues: RuleIssue[] = [];
  if (sweep.adaptive !== true) {
    for (const key of ADAPTIVE_ONLY) {
      if (sweep[key] === undefined) continue;
      const message = `load.sweep.${key}: only with adaptive: true`;
      issues.push({ path: ['load', 'sweep', key], mode: 'key', message });
    }
    return issues;
  }
  if ((load.model ?? 'closed') !== 'closed') {
    issues.push({
      path: ['load', 'sweep', 'adaptive'],
      message:
        'load.sweep.adaptive: the closed model only ' +
        '(for an open model, an open ramp gives the knee: docs/ramps-and-adaptive.md)',
    });
  }
  for (const key of FIXED_ONLY) {
    if (sweep[key] !== undefined) {
      const message = `load.sweep.${key}: not with adaptive: true (the search picks its levels and holds)`;
      issues.push({ path: ['load', 'sweep', key], mode: 'key', message });
    }
  }
  const precision = sweep.precision === undefined ? undefined : parsePercent(sweep.precision);
  if (precision !== undefined && !(precision > 0 && precision < 1)) {
    const message = `load.sweep.precision: must be above 0% and below 100%, got ${String(sweep.precision)}`;
    issues.push({ path: ['load', 'sweep', 'precision'], message });
  }
  if (sweep.maxDuration !== undefined && !(ms(sweep.maxDuration) >= 3000)) {
    const message = `load.sweep.maxDuration: at least 3s (a probe and a level), got "${sweep.maxDuration}"`;
    issues.push({ path: ['load', 'sweep', 'maxDuration'], message });
  }
  return issues;
};

/** A sweep is a handful of levels; thousands would be a typo (factor 1.001) and a day-long run. */
export const MAX_SWEEP_LEVELS = 100;

function sweepLevelCount(from: number, to: number, spacing: string, factor: number, increment: number): number {
  if (from >= to) return 1;
  const steps = spacing === 'geometric' ? Math.log(to / from) / Math.log(factor) : (to - from) / increment;
  return Math.ceil(steps - 1e-9) + 1;
}

export const modelOptionsMatchModel: LoadRule = (load) => {
  const model = load.model ?? 'closed';
  const issues: RuleIssue[] = [];
  if (model === 'open' && load.think !== undefined) {
    issues.push({
      path: ['load', 'think'],
      mode: 'key',
      message: 'load.think: only in the closed model (open-model arrivals do not wait for responses)',
    });
  }
  if (model === 'closed') {
    for (const key of ['maxInFlight', 'arrivals', 'seed'] as const) {
      if (load[key] !== undefined)
        issues.push({
          path: ['load', key],
          mode: 'key',
          message: `load.${key}: only in the open model (add model: open)`,
        });
    }
  }
  if (typeof load.think === 'object' && ms(load.think.min) > ms(load.think.max)) {
    issues.push({
      path: ['load', 'think', 'max'],
      message: `load.think: "min" (${load.think.min}) must not be above "max" (${load.think.max})`,
    });
  }
  return issues;
};

/** Every rule about `load`, in the order their issues read best. */
export const LOAD_RULES: readonly LoadRule[] = [
  exactlyOneOfStagesOrSweep,
  stagesHaveExactlyOneLevel,
  levelKeysMatchModel,
  rampsStartFromAPreviousLevel,
  closedLevelsAreWhole,
  stageDurationsArePositive,
  sweepIsWellFormed,
  adaptiveSweepIsWellFormed,
  modelOptionsMatchModel,
];
