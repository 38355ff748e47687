/** Declares `capplan merge <shards...>`; the work is merge.ts. */
import type { DeclareCommand } from '../command.js';
import type { MergeFlags } from './merge.js';

export const declareMerge: DeclareCommand = (program, { io, done }) => {
  program
    .command('merge')
    .description('merge shard records exactly (HDR add) and re-analyze')
    .argument('<shards...>', 'shard run.json files')
    .requiredOption('-o, --out <file>', 'merged run.json')
    .option('--partial', 'accept an incomplete set of shards')
    .action(async (files: string[], flags: MergeFlags) => {
      const { mergeCommand, mergeOptions } = await import('./merge.js');
      done(await mergeCommand(files, mergeOptions(flags), io));
    });
};
