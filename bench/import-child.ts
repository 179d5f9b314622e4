/** Child process for the import benchmark: imports one file into a fresh store, prints JSON with peak RSS. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFiles } from '../src/ingest/import-files.js';
import { ParsePool } from '../src/ingest/parse/parse-pool.js';
import { DuckDbEventStore } from '../src/storage/events/duckdb/duckdb-store.js';

const [file, workers] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'otasuke-bench-'));
const store = await DuckDbEventStore.open({ path: join(dir, 'events.duckdb') });
const pool = new ParsePool(Number(workers ?? 2));
const t0 = performance.now();
const s = await importFiles({ store, pool, spec: { tenant: 'bench', device: 'fw1' }, files: [file] });
const seconds = (performance.now() - t0) / 1000;
await pool.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  JSON.stringify({
    records: s.records,
    events: s.events,
    quarantined: s.quarantined,
    seconds,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
