/** `otasuke stats`: the monitoring-item table for one company and period, as JSON. */
import type { Command } from 'commander';
import { itemStats } from '../portal/item-stats.js';
import { openEventStore, parseId, parseIso } from './common.js';

interface Opts {
  data: string;
  tenant: string;
  from?: string;
  to?: string;
}

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('count events per monitoring item for a company and period (JSON)')
    .requiredOption('--data <dir>', 'data folder', './data')
    .requiredOption('--tenant <id>', 'company', parseId)
    .option('--from <iso>', 'start (inclusive), ISO-8601', parseIso)
    .option('--to <iso>', 'end (exclusive), ISO-8601', parseIso)
    .action(async (opts: Opts) => {
      const store = await openEventStore(opts.data);
      try {
        process.stdout.write(JSON.stringify(await itemStats(store, opts.tenant, opts.from, opts.to)) + '\n');
      } finally {
        await store.close();
      }
    });
}
