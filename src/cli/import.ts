/** `otasuke import`: log files → event store, with a progress bar and a JSON summary. */
import { existsSync, statSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { DEFAULT_TZ } from '../core/time.js';
import { importFiles } from '../ingest/import-files.js';
import { ParsePool } from '../ingest/parse/parse-pool.js';
import { die, openEventStore, parseFormat, parseId, parseZone } from './common.js';

interface Opts {
  data: string;
  tenant: string;
  device?: string;
  format: string;
  tz: string;
  workers?: string;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import log files (plain or .gz) into the event store; prints a JSON summary')
    .argument('<files...>', 'log files')
    .requiredOption('--data <dir>', 'data folder', './data')
    .requiredOption('--tenant <id>', 'company the logs belong to', parseId)
    .option('--device <id>', 'device the logs came from', parseId)
    .option('--format <id>', 'force a format instead of per-record auto-detection', parseFormat, 'auto')
    .option('--tz <zone>', 'time zone of the device clock', parseZone, DEFAULT_TZ)
    .option('--workers <n>', 'parse threads (default: one per core)')
    .action(async (files: string[], opts: Opts) => {
      for (const f of files) {
        if (!existsSync(f) || !statSync(f).isFile()) die(`cannot read ${f}: no such file`);
      }
      const workers = opts.workers !== undefined ? Number(opts.workers) : undefined;
      if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 64)) {
        die('--workers must be an integer 0–64', 2);
      }
      const store = await openEventStore(opts.data);
      const pool = new ParsePool(workers);
      const bar = process.stderr.isTTY
        ? new SingleBar({
            format: 'importing [{bar}] {percentage}% | {value}/{total} MB | ETA {eta}s',
            stream: process.stderr,
            hideCursor: true,
          })
        : null;
      bar?.start(1, 0);
      try {
        const summary = await importFiles({
          store,
          pool,
          spec: { tenant: opts.tenant, device: opts.device ?? null, tz: opts.tz, format: opts.format },
          files,
          onProgress: (done, total) => {
            if (!bar) return;
            bar.setTotal(Math.max(1, Math.round(total / 1e6)));
            bar.update(Math.round(done / 1e6));
          },
        });
        bar?.stop();
        process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
      } finally {
        bar?.stop();
        await pool.close();
        await store.close();
      }
    });
}
