/** Declares `capplan compare`, the CI gate on its own; the work is compare.ts. */
import type { DeclareCommand } from '../command.js';
import type { CompareFlags } from './compare.js';

export const declareCompare: DeclareCommand = (program, { io, done }) => {
  program
    .command('compare')
    .description('the CI gate: compare candidate runs to a baseline history, noise-aware')
    .optionsGroup('Runs:')
    .requiredOption('--baseline <files...>', 'baseline run.json files, folders, or a history file')
    .requiredOption('--candidate <files...>', 'candidate run.json files')
    .option('--append-history <file>', 'add the candidate runs to this baseline history file when the gate passes')
    .optionsGroup('Verdict:')
    .option('--tolerance <pct>', 'practical margin (default 10%)')
    .option('--gate-knee', 'fail (not only warn) on a knee regression')
    .optionsGroup('Output:')
    .option('--markdown <file>', 'also write the verdict as Markdown')
    .option('--junit <file>', 'also write the verdict as JUnit XML')
    .option('--json', 'print the verdict as JSON')
    .action(async (flags: CompareFlags) => {
      const { compareCommand, compareOptions } = await import('./compare.js');
      done(await compareCommand(compareOptions(flags), io));
    });
};
