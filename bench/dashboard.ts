/**
 * Dashboard latency: the API calls one company dashboard makes (fired together, as the
 * portal does), for the large company and a small one, and the programme-wide table,
 * through the real Fastify app over the generated store. Baseline in the same run: a
 * full count(*) scan of the events table.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { auditLog } from '../src/accounts/audit.js';
import { buildApp } from '../src/api/app.js';
import { openDeviceRegistry } from '../src/devices/index.js';
import { DuckDbEventStore } from '../src/storage/events/duckdb/duckdb-store.js';
import type { EventStore } from '../src/storage/events/event-store.js';
import { buildDashboardStore, type DashboardStore, fullScanMs } from './dashboard-store.js';

const TOKEN = 'bench-operator-token';
export const DASHBOARD_HEADERS = { authorization: `Bearer ${TOKEN}` };

export function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Periods as the portal sends them: whole months on the Japan calendar (UTC+9). */
export const DASHBOARD_TO = '2026-10-31T15:00:00.000Z'; // 2026-11-01 00:00 JST, the end of the data
const MONTH_FROM = '2026-09-30T15:00:00.000Z'; // October
const SEVEN_MONTHS = '2026-03-31T15:00:00.000Z'; // April … October

/** The dashboards the bench times: [label, tenant, from] (to = DASHBOARD_TO). */
export function dashboardCases(info: DashboardStore): [string, string, string][] {
  return [
    ['large company (10% of events), this month', info.large, MONTH_FROM],
    ['large company, last 7 months', info.large, SEVEN_MONTHS],
    ['small company, this month', info.small, MONTH_FROM],
    ['small company, last 7 months', info.small, SEVEN_MONTHS],
  ];
}

/** The programme-wide table's call (operator view, all companies). */
export const PROGRAMME_URL = `/api/programme/summary?from=${encodeURIComponent(MONTH_FROM)}&to=${encodeURIComponent(DASHBOARD_TO)}`;

/** The real API over `store`, with the bench data folder's companies and devices. */
export async function dashboardApp(
  info: DashboardStore,
  store: EventStore,
): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const registry = await openDeviceRegistry(join(info.dir, 'state.sqlite'));
  const app = await buildApp({
    registry,
    store,
    db: registry.db,
    audit: auditLog(registry.db),
    adminToken: TOKEN,
  });
  return {
    app,
    async close() {
      await app.close();
      await registry.close();
    },
  };
}

export function dashboardUrls(tenant: string, from: string, to: string): string[] {
  const q = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const base = `/api/companies/${tenant}`;
  return [
    `${base}`,
    `${base}/dashboard/items?${q}`,
    `${base}/dashboard/trend?${q}&bucket=month`,
    `${base}/dashboard/virus?${q}&bucket=month`,
    `${base}/dashboard/scenarios?${q}`,
    `${base}/dashboard/usage?${q}`,
    `${base}/dashboard/visibility?${q}`,
    `${base}/events?${q}&limit=50`,
  ];
}

export async function runDashboardBench(outDir: string, events: number, companies: number): Promise<void> {
  const label = (n: number) => (n >= 1e6 ? `${n / 1e6} M` : `${n / 1e3} k`);
  process.stdout.write(`store: ${label(events)} events over ${companies} companies (bench/out, reused)\n`);
  const info = await buildDashboardStore(outDir, events, companies, (done, total) => {
    if (process.stdout.isTTY) process.stdout.write(`\r  generating ${label(done)} / ${label(total)} events`);
  });
  if (info.built) {
    if (process.stdout.isTTY) process.stdout.write('\n');
    console.log(`  generated in ${info.buildSeconds.toFixed(0)} s (DuckDB SQL, rollups rebuilt)`);
  }

  const scanMs = await fullScanMs(info);
  console.log(
    `  baseline: counting the large company's events by item with a full scan (no rollups): ${scanMs.toFixed(0)} ms`,
  );
  const store = await DuckDbEventStore.open({ path: join(info.dir, 'events.duckdb'), memoryLimit: '1GB' });
  // A running service sorts the daily cells of each ended month by company once (the
  // minute's compaction does it); the first bench run on a new store does it here.
  const c0 = performance.now();
  await store.compactRollups();
  const compactMs = performance.now() - c0;
  if (compactMs > 1000)
    console.log(`  sorted the ended months' daily cells by company once: ${(compactMs / 1000).toFixed(1)} s`);
  const { app, close } = await dashboardApp(info, store);
  const headers = DASHBOARD_HEADERS;
  try {
    const to = DASHBOARD_TO;
    const cases = dashboardCases(info);
    const ROUNDS = 30;
    for (const [name, tenant, from] of cases) {
      const urls = dashboardUrls(tenant, from, to);
      for (const u of urls) {
        const r = await app.inject({ url: u, headers });
        if (r.statusCode !== 200) throw new Error(`${u}: ${r.statusCode} ${r.body.slice(0, 200)}`);
      }
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const t = performance.now();
        await Promise.all(urls.map((url) => app.inject({ url, headers })));
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const p95 = pct(times, 95);
      if (process.env.OTASUKE_BENCH_DETAIL) {
        for (const url of urls) {
          const each: number[] = [];
          for (let i = 0; i < 10; i++) {
            const t = performance.now();
            await app.inject({ url, headers });
            each.push(performance.now() - t);
          }
          each.sort((a, b) => a - b);
          console.log(`    ${url.split('?')[0].padEnd(50)} p50 ${pct(each, 50).toFixed(1)} ms`);
        }
      }
      console.log(
        `  ${name.padEnd(44)} whole dashboard (${urls.length} calls) p50 ${pct(times, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms  (${(p95 / scanMs).toFixed(2)}× a full scan; aim p95 < 100 ms)`,
      );
    }
    const ptimes: number[] = [];
    const pq = PROGRAMME_URL;
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      const r = await app.inject({ url: pq, headers });
      if (r.statusCode !== 200) throw new Error(`${pq}: ${r.statusCode}`);
      ptimes.push(performance.now() - t);
    }
    ptimes.sort((a, b) => a - b);
    console.log(
      `  ${'programme-wide table, this month'.padEnd(44)} p50 ${pct(ptimes, 50).toFixed(0)} ms, p95 ${pct(ptimes, 95).toFixed(0)} ms  (aim p95 < 1 s)`,
    );
  } finally {
    await close();
    await store.close();
  }
}
