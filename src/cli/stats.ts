/** `otasuke stats`: the monitoring-item table for one company and period, as JSON. */
import type { Command } from 'commander';
import { CATEGORIES, CHANNELS } from '../event/event.js';
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
        const range = { from: opts.from, to: opts.to };
        const rows = await store.counts(opts.tenant, { ...range, groupBy: ['category', 'channel'] });
        const items = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<string, number>;
        const virus = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<string, number>;
        let events = 0;
        for (const r of rows) {
          events += r.n;
          const c = r.keys.category;
          if (c && c in items) items[c] += r.n;
          if (c === 'virus') virus[r.keys.channel ?? 'other'] += r.n;
        }
        const q = await store.quarantineCounts(opts.tenant, range);
        const out = {
          tenant: opts.tenant,
          from: opts.from ?? null,
          to: opts.to ?? null,
          events,
          quarantined: q.reduce((n, r) => n + r.n, 0),
          items,
          virus_by_channel: virus,
        };
        process.stdout.write(JSON.stringify(out) + '\n');
      } finally {
        await store.close();
      }
    });
}
