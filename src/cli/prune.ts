/** `otasuke prune`: retention by age — removes events, rollups and quarantine older than N days. */
import { type Command, InvalidArgumentError } from 'commander';
import { openEventStore } from './common.js';

function days(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of days ≥ 1');
  return n;
}

export function registerPrune(program: Command): void {
  program
    .command('prune')
    .description('delete events, rollups and quarantined records older than a number of days (retention)')
    .requiredOption('--data <dir>', 'data folder', './data')
    .requiredOption('--older-than-days <n>', 'keep this many days, counted back from now', days)
    .action(async (opts: { data: string; olderThanDays: number }) => {
      const store = await openEventStore(opts.data);
      try {
        const cutoff = new Date(Date.now() - opts.olderThanDays * 86_400_000);
        const deleted = await store.deleteBefore(cutoff);
        process.stdout.write(
          `${JSON.stringify({ cutoff: cutoff.toISOString(), deleted_events: deleted })}\n`,
        );
      } finally {
        await store.close();
      }
    });
}
