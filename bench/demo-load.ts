/**
 * Times the full demo programme load (what a newcomer's first `npm start` does in the
 * background) into a temporary data folder, with the worker threads of the build:
 *   npm run build && node dist/bench/demo-load.js [--workers N] [--keep]
 * Prints the time, the events per monitoring item and the load's own progress lines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_COMPANIES } from '../src/demo/companies.js';
import { startDemo } from '../src/demo/seed.js';
import { openDeviceRegistry } from '../src/devices/index.js';
import { DuckDbEventStore } from '../src/storage/events/duckdb/duckdb-store.js';

export async function timeDemoLoad(
  opts: { workers?: number; keep?: boolean; print?: (l: string) => void } = {},
) {
  const print = opts.print ?? ((l: string) => console.log(l));
  const dir = mkdtempSync(join(tmpdir(), 'otasuke-demo-bench-'));
  const store = await DuckDbEventStore.open({ path: join(dir, 'events.duckdb') });
  const registry = await openDeviceRegistry(join(dir, 'state.sqlite'));
  const t0 = performance.now();
  const run = await startDemo({
    dataDir: dir,
    store,
    registry,
    workers: opts.workers,
    print,
    progress: 'lines',
  });
  const prepared = performance.now();
  await run?.load();
  const loaded = performance.now();
  const items = new Map<string, number>();
  let total = 0;
  for (const c of DEMO_COMPANIES) {
    for (const r of await store.counts(c.tenant, { groupBy: ['category'] })) {
      const k = r.keys.category ?? '(none)';
      items.set(k, (items.get(k) ?? 0) + r.n);
      total += r.n;
    }
  }
  await registry.close();
  await store.close();
  if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  const out = {
    prepareSeconds: (prepared - t0) / 1000,
    loadSeconds: (loaded - prepared) / 1000,
    events: total,
    items: Object.fromEntries([...items].sort((a, b) => b[1] - a[1])),
    dir: opts.keep ? dir : null,
  };
  return out;
}

if (process.argv[1]?.endsWith('demo-load.js')) {
  const args = process.argv.slice(2);
  const wi = args.indexOf('--workers');
  const r = await timeDemoLoad({
    workers: wi >= 0 ? Number(args[wi + 1]) : undefined,
    keep: args.includes('--keep'),
  });
  console.log(JSON.stringify(r, null, 2));
}
