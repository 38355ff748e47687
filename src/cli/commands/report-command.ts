/** Declares `capplan report <run>`; the work is report.ts. */
import type { DeclareCommand } from '../command.js';
import type { ReportFlags } from './report.js';

export const declareReport: DeclareCommand = (program, { io, done }) => {
  program
    .command('report')
    .description('render report files from a recorded run')
    .argument('<run>', 'run.json')
    .option('-f, --format <list>', 'html,md,junit,json', 'html,md,junit')
    .option('-o, --out <dir>', 'output folder (default: next to run.json)')
    .action(async (file: string, flags: ReportFlags) => {
      const { reportCommand, reportOptions } = await import('./report.js');
      done(await reportCommand(file, reportOptions(flags), io));
    });
};
