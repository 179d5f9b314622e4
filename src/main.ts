/** Composition root and command line: `otasuke <command>`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerClassify } from './cli/classify.js';
import { registerDevice } from './cli/device.js';
import { registerExport } from './cli/export.js';
import { registerImport } from './cli/import.js';
import { registerPrune } from './cli/prune.js';
import { registerReport } from './cli/report.js';
import { registerStart } from './cli/start.js';
import { registerStats } from './cli/stats.js';
import { packageRoot } from './core/paths.js';

const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
  version: string;
};

const program = new Command();
program
  .name('otasuke')
  .version(version)
  .description('Otasuke: UTM log ingest and monitoring for an SME cyber-security support service')
  .showHelpAfterError()
  .exitOverride((err) => {
    // commander's own exits: help/version are success, usage errors exit 2
    process.exit(err.exitCode === 0 ? 0 : 2);
  });
registerClassify(program);
registerImport(program);
registerStats(program);
registerDevice(program);
registerPrune(program);
registerExport(program);
registerReport(program);
registerStart(program);

await program.parseAsync(process.argv);
