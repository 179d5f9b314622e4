/** `otasuke import`: log files → event store, with a progress bar and a JSON summary. */
import { existsSync, statSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { DEFAULT_TZ } from '../core/time.js';
import { DeskAlertSink } from '../desk/alerts-sink.js';
import { DetectionEngine } from '../detect/index.js';
import { importFiles } from '../ingest/import-files.js';
import { ParsePool } from '../ingest/parse/parse-pool.js';
import { MailNotifier, mailConfigFromEnv } from '../notify/index.js';
import { openStateDb, type StateDb } from '../storage/state/state-db.js';
import { dataPaths, die, openEventStore, parseFormat, parseId, parseZone } from './common.js';

interface Opts {
  data: string;
  tenant: string;
  device?: string;
  format: string;
  tz: string;
  workers?: string;
  alerts: boolean;
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
    .option('--no-alerts', 'do not run the detection rules over the imported logs')
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
      // the rules run over imported logs as over live ones: their alerts reach the desk
      let state: StateDb | null = null;
      let detection: DetectionEngine | null = null;
      if (opts.alerts) {
        state = await openStateDb(dataPaths(opts.data).state);
        const notifier = new MailNotifier({ db: state, portalUrl: mailConfigFromEnv(process.env).portalUrl });
        detection = new DetectionEngine({
          sink: new DeskAlertSink({ db: state, notifier }),
          flushEveryMs: 0,
          log: (m) => process.stderr.write(`otasuke: ${m}\n`),
        });
      }
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
          detection,
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
        await detection?.close();
        await state?.destroy();
        await store.close();
      }
    });
}
