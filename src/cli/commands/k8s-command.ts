/** Declares `capplan k8s <scenario>`; the work is k8s.ts. */
import type { DeclareCommand } from '../command.js';
import type { K8sFlags } from './k8s.js';

export const declareK8s: DeclareCommand = (program, { io, done }) => {
  program
    .command('k8s')
    .description('print a Kubernetes Indexed Job + ConfigMap that runs the scenario as shards')
    .argument('<scenario>', 'scenario file')
    .requiredOption('--shards <n>', 'number of shards')
    .option('--image <image>', 'container image with capplan', 'node:20-bookworm-slim')
    .option('--namespace <ns>', 'namespace', 'default')
    .option('--start-delay <duration>', 'time from now until the shards start together', '60s')
    .option('--pvc <claim>', 'existing ReadWriteMany claim for the records (default: create one)')
    .action(async (file: string, flags: K8sFlags) => {
      const { k8sCommand, k8sOptions } = await import('./k8s.js');
      done(await k8sCommand(file, k8sOptions(flags), io));
    });
};
