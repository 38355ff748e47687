/** Declares `capplan doctor [scenario]`; the work is doctor.ts. */
import type { DeclareCommand } from '../command.js';
import type { DoctorFlags } from './doctor.js';

export const declareDoctor: DeclareCommand = (program, { io, done }) => {
  program
    .command('doctor')
    .description('check this machine (Node, loopback, open files, CPUs, embedded PostgreSQL, Chromium)')
    .argument('[scenario]', "compare the open-file limit with this scenario's connections")
    .option('-w, --workers <n>', 'worker threads you plan to use (default min(cores-1, 4))')
    .action(async (file: string | undefined, flags: DoctorFlags) => {
      const { doctorCommand, doctorOptions } = await import('./doctor.js');
      done(await doctorCommand(file, doctorOptions(flags), io));
    });
};
