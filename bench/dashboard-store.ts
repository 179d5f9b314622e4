/**
 * Builds the dashboard benchmark's data folder: N generated events over C companies
 * (one large company with a tenth of them), written by DuckDB's own SQL (generating
 * 100 M rows through the parsers would take the bench tens of minutes), in time order
 * as real ingest writes them, then the rollups rebuilt from the events. Kept under
 * bench/out/ and reused by later runs with the same size.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDeviceRegistry } from '../src/devices/index.js';
import { DuckDbEventStore } from '../src/storage/events/duckdb/duckdb-store.js';
import {
  DAILY_REBUILD_SQL,
  REBUILD_ORDERED,
  ROLLUP_REBUILD_SQL,
  TOP_REBUILD_SQL,
} from '../src/storage/events/duckdb/schema.js';

export interface DashboardStore {
  dir: string;
  events: number;
  companies: number;
  large: string;
  small: string;
  from: string;
  to: string;
  built: boolean;
  buildSeconds: number;
}

const DAYS = 210;

export function tenantId(i: number): string {
  return `bench-${String(i).padStart(4, '0')}`;
}

/**
 * Categories by a 0..9999 draw, roughly the demo's shares: most rows are plain traffic;
 * harmful-web and unauthorized outbound lead the items as in the seed's table.
 */
const CATEGORY_SQL = `CASE
  WHEN d < 300 THEN 'harmful-web'
  WHEN d < 500 THEN 'malicious-outbound'
  WHEN d < 560 THEN 'recon'
  WHEN d < 600 THEN 'intrusion-inbound'
  WHEN d < 630 THEN 'spam'
  WHEN d < 632 THEN 'virus'
  WHEN d < 680 THEN 'online-storage'
  WHEN d < 720 THEN 'remote-access'
  WHEN d < 760 THEN 'risky-input-tool'
  WHEN d < 830 THEN 'sns-webmail'
  ELSE NULL END`;

function insertSql(n: number, offset: number, total: number, companies: number, startMs: number): string {
  const spanMs = DAYS * 86_400_000;
  return `INSERT INTO events
WITH g AS (
  SELECT i, (hash(i * 31 + 7) % 10000)::INTEGER AS d, (hash(i) % 1000000007)::BIGINT AS h
  FROM range(${offset}, ${offset + n}) t(i)
), c AS (
  SELECT i, d, h, ${CATEGORY_SQL} AS category,
    CASE WHEN h % 10 = 0 THEN 0 ELSE 1 + (h // 10) % ${companies - 1} END AS co
  FROM g
)
SELECT
  make_timestamp((${startMs}::BIGINT + (i * ${spanMs}::BIGINT) // ${total}) * 1000) AS ts,
  'bench-' || lpad(co::VARCHAR, 4, '0') AS tenant,
  'bench-' || lpad(co::VARCHAR, 4, '0') || '-fw' AS device,
  'fortigate' AS vendor,
  CASE WHEN category IN ('recon', 'intrusion-inbound', 'malicious-outbound', 'virus') THEN 'threat'
       WHEN category = 'spam' THEN 'mail' WHEN category IS NULL THEN 'traffic' ELSE 'web' END AS kind,
  CASE WHEN category IN ('recon', 'intrusion-inbound', 'malicious-outbound', 'virus', 'spam', 'harmful-web') THEN 'block'
       WHEN d % 7 = 0 THEN 'block' ELSE 'allow' END AS action,
  CASE WHEN category IN ('recon', 'intrusion-inbound', 'spam') THEN 'inbound' ELSE 'outbound' END AS direction,
  '192.168.' || (h % 4)::VARCHAR || '.' || (10 + h % 40)::VARCHAR AS src_ip,
  (1024 + h % 60000)::INTEGER AS src_port,
  '203.0.113.' || (h % 250)::VARCHAR AS dst_ip,
  CASE WHEN d % 3 = 0 THEN 80 ELSE 443 END AS dst_port,
  'tcp' AS proto,
  category,
  CASE WHEN category = 'virus' THEN (['mail-receive', 'mail-receive', 'web', 'mail-send', 'ftp'])[1 + h % 5] END AS channel,
  CASE WHEN category IN ('recon', 'intrusion-inbound', 'malicious-outbound', 'virus')
       THEN 'Bench.Signature.' || (h % 40)::VARCHAR END AS threat,
  CASE WHEN category = 'virus' THEN (['emotet', 'formbook', 'agenttesla'])[1 + h % 3]
       WHEN category = 'malicious-outbound' AND h % 50 = 0 THEN 'wannacry' END AS threat_family,
  NULL AS url,
  CASE WHEN category = 'online-storage' THEN 'storage' || (h % 5)::VARCHAR || '.example.com'
       WHEN category = 'sns-webmail' THEN 'sns' || (h % 5)::VARCHAR || '.example.net'
       ELSE 'site' || (h % 5000)::VARCHAR || '.example.org' END AS domain,
  CASE WHEN category = 'remote-access' THEN (['TeamViewer', 'AnyDesk', 'RDP'])[1 + h % 3]
       WHEN category = 'risky-input-tool' THEN 'Baidu.IME' END AS app,
  NULL AS "user",
  (h % 100000)::BIGINT AS bytes_in,
  (h % 20000)::BIGINT AS bytes_out,
  (CASE WHEN category IS NULL THEN 0 ELSE 1 + h % 4 END)::SMALLINT AS severity,
  (h % 20)::VARCHAR AS rule,
  'date=bench devname=fw type=traffic srcip=192.168.0.' || (h % 250)::VARCHAR || ' dstport=443 action=allow' AS raw
FROM c`;
}

/** Rebuilds only the rollups of an already generated store (after a rollup format change). */
export async function rebuildRollups(dir: string): Promise<void> {
  const inst = await DuckDBInstance.create(join(dir, 'events.duckdb'), {
    storage_compatibility_version: 'latest',
    memory_limit: '2GB',
  });
  const conn = await inst.connect();
  await conn.run(REBUILD_ORDERED);
  for (const [table, sql] of [
    ['rollup_hourly', ROLLUP_REBUILD_SQL],
    ['rollup_daily', DAILY_REBUILD_SQL],
    ['rollup_top_daily', TOP_REBUILD_SQL],
  ]) {
    await conn.run(`DELETE FROM ${table}`);
    await conn.run(sql);
  }
  await conn.run('CHECKPOINT');
  conn.closeSync();
  inst.closeSync();
}

export async function buildDashboardStore(
  outDir: string,
  events: number,
  companies: number,
  progress: (done: number, total: number) => void,
): Promise<DashboardStore> {
  const dir = join(outDir, `dashboard-${events}-${companies}`);
  const marker = join(dir, '.built');
  const endMs = Date.UTC(2026, 10, 1);
  const startMs = endMs - DAYS * 86_400_000;
  const info = {
    dir,
    events,
    companies,
    large: tenantId(0),
    small: tenantId(companies - 1),
    from: new Date(startMs).toISOString(),
    to: new Date(endMs).toISOString(),
  };
  if (existsSync(marker)) return { ...info, built: false, buildSeconds: 0 };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();

  // The store creates its schema; the registry gets one device per company.
  const store = await DuckDbEventStore.open({ path: join(dir, 'events.duckdb') });
  await store.close();
  const registry = await openDeviceRegistry(join(dir, 'state.sqlite'));
  const now = Date.now();
  await registry.db
    .insertInto('companies')
    .values(
      Array.from({ length: companies }, (_, i) => ({
        id: tenantId(i),
        name: `ベンチ株式会社 ${i}`,
        name_en: `Bench Co. ${i}`,
        prefecture: i % 2 ? '千葉県' : '埼玉県',
        city: null,
        industry: 'manufacturing',
        employees: i === 0 ? 280 : 5 + (i % 90),
        capital_yen: null,
        contact_name: null,
        contact_phone: null,
        contact_email: null,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  for (let i = 0; i < companies; i++) {
    await registry.addDevice({
      id: `${tenantId(i)}-fw`,
      tenant: tenantId(i),
      format: 'fortigate',
      hostnames: [],
    });
  }
  await registry.close();

  const inst = await DuckDBInstance.create(join(dir, 'events.duckdb'), {
    preserve_insertion_order: 'false',
    storage_compatibility_version: 'latest',
    memory_limit: '2GB',
  });
  const conn = await inst.connect();
  const chunk = 5_000_000;
  for (let done = 0; done < events; done += chunk) {
    await conn.run(insertSql(Math.min(chunk, events - done), done, events, companies, startMs));
    progress(Math.min(events, done + chunk), events);
  }
  // rollups in time order, as live ingest appends them
  await conn.run(REBUILD_ORDERED);
  await conn.run('DELETE FROM rollup_hourly');
  await conn.run(ROLLUP_REBUILD_SQL);
  await conn.run('DELETE FROM rollup_daily');
  await conn.run(DAILY_REBUILD_SQL);
  await conn.run('DELETE FROM rollup_top_daily');
  await conn.run(TOP_REBUILD_SQL);
  await conn.run('CHECKPOINT');
  conn.closeSync();
  inst.closeSync();
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return { ...info, built: true, buildSeconds: (performance.now() - t0) / 1000 };
}

/**
 * The baseline: one full scan of the events table (count the large company's rows by
 * category without the rollups), best of three, before the store opens the file.
 */
export async function fullScanMs(store: DashboardStore): Promise<number> {
  const inst = await DuckDBInstance.create(join(store.dir, 'events.duckdb'), { memory_limit: '1GB' });
  const conn = await inst.connect();
  let best = Number.POSITIVE_INFINITY;
  try {
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await conn.runAndReadAll(
        `SELECT category, count(*) FROM events WHERE tenant = '${store.large}' GROUP BY category`,
      );
      best = Math.min(best, performance.now() - t);
    }
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
  return best;
}
