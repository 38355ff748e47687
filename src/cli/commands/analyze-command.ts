/** Declares `capplan analyze <run>`; the work is analyze.ts. */
import type { DeclareCommand } from '../command.js';
import type { AnalyzeFlags } from './analyze.js';

export const declareAnalyze: DeclareCommand = (program, { io, done }) => {
  program
    .command('analyze')
    .description('re-run the analysis on a recorded run and print the summary')
    .argument('<run>', 'run.json')
    .option('--json', 'print the analysis as JSON')
    .action(async (file: string, flags: AnalyzeFlags) => {
      const { analyzeCommand, analyzeOptions } = await import('./analyze.js');
      done(await analyzeCommand(file, analyzeOptions(flags), io));
    });
};
