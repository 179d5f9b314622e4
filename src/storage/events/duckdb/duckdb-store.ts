/**
 * Embedded event store on DuckDB. Batches arrive as CSV text (see encode.ts), are
 * written to a staging file and loaded with DuckDB's native CSV reader; rollup cells
 * are appended to the hourly and Japan-day rollups (docs/architecture.md) so
 * month-long counts read a few thousand rows.
 * All writes go through one queue: DuckDB allows one writer per file.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBInstance,
  DuckDBTimestampValue,
  type DuckDBValue,
  listValue,
} from '@duckdb/node-api';
import type { NormalizedEvent } from '../../../event/event.js';
import {
  type EncodedBatch,
  encodeBatch,
  INT_COLUMNS,
  type RollupRow,
  STORED_COLUMNS,
  type TopRow,
  topDayOf,
} from '../encode.js';
import {
  type CountDimension,
  type CountQuery,
  type CountRow,
  decodeCursor,
  type EventCursor,
  type EventFilter,
  type EventPage,
  type EventPageQuery,
  type EventStore,
  encodeCursor,
  MAX_PAGE,
  type ProgrammeTotals,
  type QuarantineCount,
  type QuarantineRecord,
  type SearchQuery,
  type ShareSession,
  type TenantCountRow,
  type TenantId,
  TLS_PORTS,
  type TopQuery,
  type TopRowOut,
  type TrafficMix,
} from '../event-store.js';
import {
  BATCHES_DDL,
  DAILY_DDL,
  DAILY_REBUILD_SQL,
  EVENTS_DDL,
  jstDaySql,
  META_DDL,
  QUARANTINE_DDL,
  REBUILD_DONE,
  REBUILD_ORDERED,
  ROLLUP_DDL,
  ROLLUP_REBUILD_SQL,
  TOP_DDL,
  TOP_HOST_SQL,
  TOP_REBUILD_SQL,
  TOP_SERVICE_SQL,
} from './schema.js';
import { DuckDbShareSession } from './share-session.js';
import { rangeOf, splitLevels, splitRange, tsIn, tsLit } from './time-ranges.js';
import { addEqualityTerms, addTerm, IP_TERM } from './where-terms.js';

const CSV_COLUMNS = STORED_COLUMNS.map(
  (c) =>
    `'${c}': '${c === 'ts' || c === 'bytes_in' || c === 'bytes_out' ? 'BIGINT' : INT_COLUMNS.has(c) ? 'INTEGER' : 'VARCHAR'}'`,
).join(', ');
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Rows the CSV export reads per query. */
const EXPORT_PAGE = 5_000;
/** First window of the newest-first scan; each next one is WINDOW_GROWTH times wider. */
const FIRST_WINDOW_MS = HOUR_MS;
const WINDOW_GROWTH = 8;
/** trafficMix reads at most this much of a period (the newest part). */
const TRAFFIC_SAMPLE_MS = 2 * DAY_MS;
/** An upper bound for open time ranges (year 2200). */
const MAX_MS = 7_258_118_400_000;
/** How often appends merge the recent rollup cells. */
const COMPACT_EVERY_MS = 60_000;
/** Dimension columns of the rollups, in table order ($t: the time column). */
const ROLLUP_DIMS = 'tenant, device, $t, category, channel, threat_family, kind, vendor, action';
const TOP_DIMS = 'tenant, day, category, dim, value';

/** Event columns as the search reads them; `raw` only on request. */
function searchColumns(withRaw: boolean): string {
  return STORED_COLUMNS.map((c) =>
    c === 'ts' ? 'epoch_ms(ts) AS ts' : c === 'user' ? '"user"' : c === 'raw' && !withRaw ? "'' AS raw" : c,
  ).join(', ');
}
/**
 * The tie-break key of rows with equal timestamps: a hash of every column but `raw`
 * (hashing raw means decompressing it for every row of the window, several times
 * slower). Rows with equal keys look the same on a page, so their order among
 * themselves does not matter.
 */
const ROW_HASH = `hash(${STORED_COLUMNS.filter((c) => c !== 'raw')
  .map((c) => (c === 'user' ? '"user"' : c))
  .join(', ')})`;

/** Start (epoch ms) of the Japan calendar month holding `ms`. */
function jstMonthStart(ms: number): number {
  const d = new Date(ms + 9 * HOUR_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - 9 * HOUR_MS;
}

function nextJstMonth(monthStart: number): number {
  return jstMonthStart(monthStart + 32 * DAY_MS);
}

/** One rollup cell (tenant, device, time, category, channel, family, kind, vendor, action, n). */
function appendCell(app: DuckDBAppender, r: RollupRow, timeMs: number): void {
  app.appendVarchar(r[0]);
  app.appendVarchar(r[1]);
  app.appendTimestamp(new DuckDBTimestampValue(BigInt(timeMs) * 1000n));
  for (let i = 3; i <= 8; i++) app.appendVarchar(r[i] as string);
  app.appendBigInt(BigInt(r[9]));
  app.endRow();
}

function rowToEvent(row: Record<string, unknown>): NormalizedEvent {
  const ev = {} as Record<string, unknown>;
  for (const c of STORED_COLUMNS) {
    const v = row[c];
    ev[c] = c === 'ts' ? new Date(Number(v)).toISOString() : typeof v === 'bigint' ? Number(v) : (v ?? null);
  }
  return ev as unknown as NormalizedEvent;
}

const SELECT_FROM_CSV = STORED_COLUMNS.map((c) =>
  c === 'ts' ? 'make_timestamp(ts * 1000)' : c === 'user' ? '"user"' : c,
).join(', ');

export interface DuckDbStoreOptions {
  /** Database file; ':memory:' for tests. */
  path: string;
  /** Folder for staging files (defaults to the database file's folder). */
  stagingDir?: string;
  /** DuckDB's memory limit (default 256MB): bounds its block cache, so imports stream in flat memory. */
  memoryLimit?: string;
  /** DuckDB worker threads (default: all cores). */
  threads?: number;
  /**
   * WAL size that triggers a checkpoint (default 256MB; DuckDB's own is 16MB). Checkpoints
   * compress and rewrite what the WAL holds; few big ones cost far less per row than many
   * small ones, at the price of a longer WAL replay after a crash.
   */
  checkpointThreshold?: string;
  /**
   * DuckDB's memory limit while an anonymised export runs (default: 512MB plus 96MB per
   * thread, at most 4GB, never below `memoryLimit`). COPY's file writers and the value-map
   * joins need room per thread; under the import limit they spill to disk and crawl, or
   * fail. The normal limit returns when the last export ends.
   */
  exportMemoryLimit?: string;
}

/** Bytes of a DuckDB size setting ('256MB', '1.5GiB'), or null. */
function sizeBytes(v: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?\s*$/i.exec(v);
  if (!m) return null;
  const unit = (m[2] ?? 'b').toLowerCase();
  const pow = { b: 0, kb: 1, kib: 1, mb: 2, mib: 2, gb: 3, gib: 3, tb: 4, tib: 4 }[unit] ?? 0;
  return Number(m[1]) * (unit.includes('i') ? 1024 : 1000) ** pow;
}

export class DuckDbEventStore implements EventStore {
  private queue: Promise<unknown> = Promise.resolve();
  private stageSeq = 0;
  private lastCompactMs = Date.now();

  private nextReader = 0;
  /** Open exports (each on a connection of its own); closed before the store closes. */
  private readonly shares = new Set<DuckDbShareSession>();

  private constructor(
    private readonly instance: DuckDBInstance,
    /** The one writer: appends, compaction and retention, in order (serial). */
    private readonly conn: DuckDBConnection,
    /**
     * Dashboard reads, round-robin: a page fires several queries at once, and on one
     * connection they would wait for each other while the other core idles.
     */
    private readonly readers: readonly DuckDBConnection[],
    private readonly stagingDir: string,
    private readonly memory: { normal: string; export: string | undefined },
  ) {}

  private reader(): DuckDBConnection {
    this.nextReader = (this.nextReader + 1) % this.readers.length;
    return this.readers[this.nextReader];
  }

  static async open(opts: DuckDbStoreOptions): Promise<DuckDbEventStore> {
    // Insertion order is never relied on (queries order by ts): letting DuckDB insert in
    // parallel is a third faster on bulk loads.
    const config: Record<string, string> = {
      preserve_insertion_order: 'false',
      // new files in the current storage format, which offers zstd for text (see schema.ts)
      storage_compatibility_version: 'latest',
    };
    // A bound on DuckDB's block cache keeps the process's memory flat however much is imported.
    config.memory_limit = opts.memoryLimit ?? '256MB';
    if (opts.threads) config.threads = String(opts.threads);
    config.checkpoint_threshold = opts.checkpointThreshold ?? '256MB';
    const instance = await DuckDBInstance.create(opts.path, config);
    const conn = await instance.connect();
    for (const ddl of [BATCHES_DDL, EVENTS_DDL, QUARANTINE_DDL]) await conn.run(ddl);
    await DuckDbEventStore.migrateRollups(conn);
    const stagingDir =
      opts.stagingDir ??
      (opts.path === ':memory:' ? join(process.cwd(), '.otasuke-stage') : `${opts.path}.stage`);
    mkdirSync(stagingDir, { recursive: true });
    const readers = [await instance.connect(), await instance.connect()];
    return new DuckDbEventStore(instance, conn, readers, stagingDir, {
      normal: config.memory_limit,
      export: opts.exportMemoryLimit,
    });
  }

  /**
   * Data folders written before a rollup dimension or table existed: the rollups are
   * rebuilt from the events once. The new (empty) table and a "rebuild pending" mark
   * commit first, the rebuild and the mark's removal in a second transaction: DuckDB
   * keeps rows inserted into a table created in the same transaction in memory until
   * commit, which a 100 M-row folder does not fit in. A crash in between leaves the
   * mark, and the next open rebuilds again.
   */
  private static async migrateRollups(conn: DuckDBConnection): Promise<void> {
    await conn.run(META_DDL);
    const res = await conn.runAndReadAll(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'main' AND table_name IN ('rollup_hourly', 'rollup_top_daily', 'rollup_daily')`,
    );
    const cols = res.getRows().map((r) => `${r[0]}.${r[1]}`);
    // Rollups with a primary key come from a version that upserted cells: rebuilt append-only.
    const keyed = (
      await conn.runAndReadAll(
        `SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'
         AND table_name IN ('rollup_hourly', 'rollup_top_daily')`,
      )
    )
      .getRows()
      .map((r) => String(r[0]));
    // Listed in rebuild order: the daily rollup is summed from the hourly one.
    const tables = [
      {
        name: 'rollup_hourly',
        ok: cols.includes('rollup_hourly.action') && !keyed.includes('rollup_hourly'),
        ddl: ROLLUP_DDL,
        rebuild: ROLLUP_REBUILD_SQL,
      },
      {
        name: 'rollup_daily',
        ok: cols.includes('rollup_daily.action'),
        ddl: DAILY_DDL,
        rebuild: DAILY_REBUILD_SQL,
      },
      {
        name: 'rollup_top_daily',
        ok: cols.includes('rollup_top_daily.dim') && !keyed.includes('rollup_top_daily'),
        ddl: TOP_DDL,
        rebuild: TOP_REBUILD_SQL,
      },
    ];
    const inTx = async (steps: () => Promise<void>) => {
      await conn.run('BEGIN TRANSACTION');
      try {
        await steps();
        await conn.run('COMMIT');
      } catch (err) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    };
    for (const t of tables) {
      if (t.ok) continue;
      await inTx(async () => {
        await conn.run(`DROP TABLE IF EXISTS ${t.name}`);
        await conn.run(t.ddl);
        await conn.run(
          `INSERT INTO store_meta VALUES ('rebuild:${t.name}', 'pending') ON CONFLICT DO NOTHING`,
        );
      });
    }
    const pending = (await conn.runAndReadAll(`SELECT key FROM store_meta WHERE key LIKE 'rebuild:%'`))
      .getRows()
      .map((r) => String(r[0]).slice('rebuild:'.length));
    for (const t of tables) {
      if (!pending.includes(t.name)) continue;
      await conn.run(REBUILD_ORDERED);
      await inTx(async () => {
        await conn.run(`DELETE FROM ${t.name}`);
        await conn.run(t.rebuild);
        await conn.run(`DELETE FROM store_meta WHERE key = 'rebuild:${t.name}'`);
      });
      await conn.run(REBUILD_DONE);
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async append(batch: readonly NormalizedEvent[]): Promise<void> {
    if (batch.length === 0) return;
    await this.appendEncoded(encodeBatch(batch));
  }

  appendEncoded(batch: EncodedBatch, opts: { batchId?: string } = {}): Promise<boolean> {
    if (batch.rows === 0 && opts.batchId === undefined) return Promise.resolve(true);
    return this.serial(async () => {
      const file = join(this.stagingDir, `stage-${process.pid}-${this.stageSeq++}.csv`);
      try {
        // async: a group's file is tens of MB, the event loop keeps serving sockets meanwhile
        await writeFile(file, batch.csv);
        await this.conn.run('BEGIN TRANSACTION');
        if (opts.batchId !== undefined) {
          const seen = await this.conn.runAndReadAll('SELECT 1 FROM ingest_batches WHERE id = $id', {
            id: opts.batchId,
          });
          if (seen.getRows().length > 0) {
            await this.conn.run('ROLLBACK');
            return false;
          }
          await this.conn.run('INSERT INTO ingest_batches VALUES ($id, now()::TIMESTAMP, $rows)', {
            id: opts.batchId,
            rows: BigInt(batch.rows),
          });
        }
        if (batch.rows === 0) {
          await this.conn.run('COMMIT');
          return true;
        }
        await this.conn.run(
          `INSERT INTO events SELECT ${SELECT_FROM_CSV} FROM read_csv('${file.replace(/'/g, "''")}', header = false,
           auto_detect = false, quote = '\u0001', escape = '\u0001', new_line = '\\n', nullstr = '\u0002',
           allow_quoted_nulls = true,
           columns = {${CSV_COLUMNS}})`,
        );
        await this.appendRollups(batch);
        if (batch.top !== undefined && batch.top.length > 0) await this.appendTop(batch);
        await this.conn.run('COMMIT');
        const now = Date.now();
        if (now - this.lastCompactMs >= COMPACT_EVERY_MS) {
          this.lastCompactMs = now;
          await this.compactNow(now);
        }
        return true;
      } catch (err) {
        await this.conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        rmSync(file, { force: true });
      }
    });
  }

  /**
   * Appends the batch's hourly cells, and the same cells summed per Japan day, straight
   * into the rollups (append-only: no staging table, no INSERT … SELECT per commit).
   */
  private async appendRollups(batch: EncodedBatch): Promise<void> {
    const hourly: DuckDBAppender = await this.conn.createAppender('rollup_hourly');
    const days = new Map<string, RollupRow>();
    for (const r of batch.rollup) {
      appendCell(hourly, r, r[2]);
      const day = topDayOf(r[2]);
      const key = `${r[0]}\u0001${r[1]}\u0001${day}\u0001${r[3]}\u0001${r[4]}\u0001${r[5]}\u0001${r[6]}\u0001${r[7]}\u0001${r[8]}`;
      const d = days.get(key);
      if (d) d[9] += r[9];
      else days.set(key, [r[0], r[1], day, r[3], r[4], r[5], r[6], r[7], r[8], r[9]]);
    }
    hourly.closeSync();
    const daily: DuckDBAppender = await this.conn.createAppender('rollup_daily');
    for (const d of days.values()) appendCell(daily, d, d[2]);
    daily.closeSync();
  }

  /**
   * Merges the recent rollup cells (the last 3 hours, the last 2 Japan days), which
   * live ingest's small commit groups add many partial rows to, into one row per cell.
   * Older cells are left as they are: bulk imports already write them merged per batch.
   */
  compactRollups(nowMs = Date.now()): Promise<void> {
    return this.serial(() => this.compactNow(nowMs));
  }

  /** Rows in each rollup table (operations: how well compaction keeps up). */
  async rollupRows(): Promise<{ hourly: number; daily: number; top: number }> {
    const res = await this.conn.runAndReadAll(
      `SELECT (SELECT count(*) FROM rollup_hourly)::BIGINT, (SELECT count(*) FROM rollup_daily)::BIGINT,
              (SELECT count(*) FROM rollup_top_daily)::BIGINT`,
    );
    const [hourly, daily, top] = res.getRows()[0].map(Number);
    return { hourly, daily, top };
  }

  private async compactNow(nowMs: number): Promise<void> {
    const hourFrom = Math.floor(nowMs / HOUR_MS) * HOUR_MS - 3 * HOUR_MS;
    const dayFrom = Math.floor((nowMs + 9 * HOUR_MS) / DAY_MS) * DAY_MS - 9 * HOUR_MS - DAY_MS;
    await this.inTransaction(async () => {
      await this.mergeCells('rollup_hourly', 'hour', [hourFrom, MAX_MS], false);
      await this.mergeCells('rollup_daily', 'day', [dayFrom, MAX_MS], false);
      await this.mergeCells('rollup_top_daily', 'day', [dayFrom, MAX_MS], false);
    });
    await this.clusterClosedMonths(nowMs);
  }

  /**
   * Rewrites the daily rollups of each Japan calendar month that has ended, once, merged
   * and sorted by company: DuckDB keeps each row group's min/max company, so a
   * dashboard's query over months then reads one row group per month instead of all.
   */
  private async clusterClosedMonths(nowMs: number): Promise<void> {
    const monthNow = jstMonthStart(nowMs);
    const meta = await this.conn.runAndReadAll(`SELECT value FROM store_meta WHERE key = 'clustered_until'`);
    let from: number;
    if (meta.getRows().length > 0) from = Number(meta.getRows()[0][0]);
    else {
      const first = await this.conn.runAndReadAll('SELECT epoch_ms(min(day)) FROM rollup_daily');
      const v = first.getRows()[0][0];
      from = v === null ? monthNow : jstMonthStart(Number(v));
    }
    while (from < monthNow) {
      const to = nextJstMonth(from);
      await this.inTransaction(async () => {
        await this.mergeCells('rollup_daily', 'day', [from, to], true);
        await this.mergeCells('rollup_top_daily', 'day', [from, to], true);
        await this.conn.run(
          `INSERT INTO store_meta VALUES ('clustered_until', $v) ON CONFLICT DO UPDATE SET value = EXCLUDED.value`,
          { v: String(to) },
        );
      });
      from = to;
    }
    if (meta.getRows().length === 0)
      await this.conn.run(`INSERT INTO store_meta VALUES ('clustered_until', $v) ON CONFLICT DO NOTHING`, {
        v: String(from),
      });
  }

  /** Replaces a time range's cells of a rollup by one row per cell (sorted by company when `cluster`). */
  private async mergeCells(
    table: string,
    col: string,
    range: [number, number],
    cluster: boolean,
  ): Promise<void> {
    const dims = table === 'rollup_top_daily' ? TOP_DIMS : ROLLUP_DIMS.replace('$t', col);
    const where = tsIn(col, range);
    await this.conn.run(`CREATE OR REPLACE TEMP TABLE compact_stage AS
      SELECT ${dims}, sum(n)::BIGINT AS n FROM ${table} WHERE ${where} GROUP BY ALL`);
    await this.conn.run(`DELETE FROM ${table} WHERE ${where}`);
    if (cluster) await this.conn.run(REBUILD_ORDERED);
    try {
      await this.conn.run(
        `INSERT INTO ${table} SELECT * FROM compact_stage${cluster ? ` ORDER BY tenant, ${col}` : ''}`,
      );
    } finally {
      if (cluster) await this.conn.run(REBUILD_DONE);
    }
    await this.conn.run('DROP TABLE compact_stage');
  }

  private async inTransaction(steps: () => Promise<void>): Promise<void> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      await steps();
      await this.conn.run('COMMIT');
    } catch (err) {
      await this.conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /** Appends the batch's top cells as one service row and one host row per (tenant, day, item). */
  private async appendTop(batch: EncodedBatch): Promise<void> {
    const rows = new Map<string, [string, number, string, string, string, number]>();
    const add = (r: TopRow, dim: 'service' | 'host', value: string) => {
      const key = `${r[0]}\u0001${r[1]}\u0001${r[2]}\u0001${dim}\u0001${value}`;
      const row = rows.get(key);
      if (row) row[5] += r[5];
      else rows.set(key, [r[0], r[1], r[2], dim, value, r[5]]);
    };
    for (const r of batch.top) {
      add(r, 'service', r[3]);
      add(r, 'host', r[4]);
    }
    const app: DuckDBAppender = await this.conn.createAppender('rollup_top_daily');
    for (const [tenant, day, category, dim, value, n] of rows.values()) {
      app.appendVarchar(tenant);
      app.appendTimestamp(new DuckDBTimestampValue(BigInt(day) * 1000n));
      app.appendVarchar(category);
      app.appendVarchar(dim);
      app.appendVarchar(value);
      app.appendBigInt(BigInt(n));
      app.endRow();
    }
    app.closeSync();
  }

  async committedBatches(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const res = await this.conn.runAndReadAll(
      `SELECT id FROM ingest_batches WHERE id IN (SELECT unnest($ids::VARCHAR[]))`,
      { ids: listValue(ids) },
    );
    return new Set(res.getRows().map((r) => String(r[0])));
  }

  appendQuarantine(rows: readonly QuarantineRecord[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return this.serial(async () => {
      const app = await this.conn.createAppender('quarantine');
      for (const r of rows) {
        app.appendVarchar(r.received.replace('T', ' ').replace('Z', ''));
        app.appendVarchar(r.tenant);
        if (r.device === null) app.appendNull();
        else app.appendVarchar(r.device);
        if (r.format === null) app.appendNull();
        else app.appendVarchar(r.format);
        app.appendVarchar(r.code);
        app.appendVarchar(r.message);
        app.appendVarchar(r.raw);
        app.endRow();
      }
      app.closeSync();
    });
  }

  async counts(tenant: TenantId, q: CountQuery): Promise<CountRow[]> {
    const from = q.from ? Date.parse(q.from) : 0;
    const to = q.to ? Date.parse(q.to) : Date.now() + 366 * 86_400_000;
    // Japan days cannot answer per-hour or per-UTC-day groupings.
    const lv = splitLevels(from, to, !q.groupBy.includes('hour') && !q.groupBy.includes('day'));
    const params: Record<string, DuckDBValue> = { tenant };
    const parts: string[] = [];
    if (lv.days) parts.push(this.countPart('daily', q, lv.days, params));
    for (const h of lv.hours) parts.push(this.countPart('hourly', q, h, params));
    for (const e of lv.events) parts.push(this.countPart('events', q, e, params));
    if (parts.length === 0) return [];
    const dims = q.groupBy.map((_, i) => `d${i}`);
    const sql = `SELECT ${[...dims, 'sum(n)::BIGINT AS n'].join(', ')} FROM (${parts.join(' UNION ALL ')})
      ${dims.length ? `GROUP BY ${dims.join(', ')}` : ''}`;
    const res = await this.reader().runAndReadAll(sql, params);
    return res
      .getRows()
      .map((row) => {
        const keys: CountRow['keys'] = {};
        q.groupBy.forEach((d, i) => {
          const v = row[i];
          keys[d] =
            v === null
              ? null
              : d === 'hour' || d === 'day' || d === 'jst_day'
                ? new Date(Number(v)).toISOString()
                : String(v);
        });
        return { keys, n: Number(row[q.groupBy.length]) };
      })
      .filter((r) => r.n > 0)
      .sort((a, b) => b.n - a.n);
  }

  /** One level's part of a count: SELECT d0…, n over [fromMs, toMs) of a rollup or the events. */
  private countPart(
    source: 'daily' | 'hourly' | 'events',
    q: CountQuery,
    range: [number, number],
    params: Record<string, DuckDBValue>,
  ): string {
    const roll = source !== 'events';
    const tsCol = source === 'daily' ? 'day' : source === 'hourly' ? 'hour' : 'ts';
    const dimExpr = (d: CountDimension): string => {
      if (d === 'hour') return `epoch_ms(date_trunc('hour', ${tsCol}))`;
      if (d === 'day') return `epoch_ms(date_trunc('day', ${tsCol}))`;
      if (d === 'jst_day') return source === 'daily' ? 'epoch_ms(day)' : `epoch_ms(${jstDaySql(tsCol)})`;
      return roll ? `nullif(${d}, '')` : d;
    };
    const where = ['tenant = $tenant', tsIn(tsCol, range)];
    addEqualityTerms(where, params, q);
    const dims = q.groupBy.map((d, i) => `${dimExpr(d)} AS d${i}`);
    return `SELECT ${[...dims, roll ? 'n' : '1 AS n'].join(', ')}
      FROM ${source === 'daily' ? 'rollup_daily' : source === 'hourly' ? 'rollup_hourly' : 'events'}
      WHERE ${where.join(' AND ')}`;
  }

  async *search(tenant: TenantId, q: SearchQuery): AsyncIterable<NormalizedEvent> {
    const where = ['tenant = $tenant'];
    const params: Record<string, DuckDBValue> = { tenant };
    if (q.from) {
      where.push('ts >= epoch_ms($from::BIGINT)');
      params.from = BigInt(Date.parse(q.from));
    }
    if (q.to) {
      where.push('ts < epoch_ms($to::BIGINT)');
      params.to = BigInt(Date.parse(q.to));
    }
    // empty strings mean "any" here
    addEqualityTerms(where, params, { device: q.device || undefined, category: q.category || undefined });
    addTerm(where, params, 'ip', q.ip || undefined, IP_TERM);
    if (q.text) {
      where.push(
        "(contains(lower(coalesce(threat, '')), $text) OR contains(lower(coalesce(domain, '')), $text) OR contains(lower(coalesce(url, '')), $text) OR contains(lower(coalesce(app, '')), $text) OR contains(lower(raw), $text))",
      );
      params.text = q.text.toLowerCase();
    }
    const limit = Math.max(1, Math.min(q.limit ?? 100, 10_000));
    const res = await this.reader().runAndReadAll(
      `SELECT ${searchColumns(true)} FROM events WHERE ${where.join(' AND ')} ORDER BY ts DESC LIMIT ${limit}`,
      params,
    );
    for (const row of res.getRowObjectsJS()) yield rowToEvent(row);
  }

  /** WHERE terms of the dashboard filters (time excluded); values go in as parameters. */
  private filterTerms(tenant: TenantId, q: EventFilter, params: Record<string, DuckDBValue>): string[] {
    const where = ['tenant = $tenant'];
    params.tenant = tenant;
    addEqualityTerms(where, params, q);
    addTerm(where, params, 'ip', q.ip, IP_TERM);
    if (q.domain !== undefined) {
      const d = q.domain.toLowerCase().replace(/^\*?\./, '');
      where.push("(lower(domain) = $domain OR ends_with(lower(domain), '.' || $domain))");
      params.domain = d;
    }
    if (q.threat !== undefined) {
      where.push("contains(lower(coalesce(threat, '')), $threat)");
      params.threat = q.threat.toLowerCase();
    }
    return where;
  }

  /**
   * Newest-first rows after `cur`. The scan reads a window ending at the newest time
   * still wanted and widens it (1 h, 8 h, 64 h …) until enough rows came: events arrive
   * in about time order, so DuckDB's zone maps skip every row group outside the window
   * and a page of a 100 M-row table reads a few row groups instead of sorting the range.
   */
  private async pageRows(
    tenant: TenantId,
    q: EventFilter & { withRaw?: boolean },
    cur: EventCursor | null,
    n: number,
  ): Promise<{ ev: NormalizedEvent; h: string }[]> {
    const [lo, to] = rangeOf(q);
    let hi = cur ? Math.min(cur.t + 1, to) : to;
    const out: { ev: NormalizedEvent; h: string }[] = [];
    const params: Record<string, DuckDBValue> = {};
    const terms = this.filterTerms(tenant, q, params);
    const cols = searchColumns(q.withRaw === true);
    let width = FIRST_WINDOW_MS;
    let first = true;
    while (hi > lo && out.length < n) {
      const wlo = Math.max(lo, hi - width);
      const where = [...terms, tsIn('ts', [wlo, hi])];
      const p = { ...params };
      let offset = '';
      if (first && cur) {
        where.push(`(ts < ${tsLit(cur.t)} OR (ts = ${tsLit(cur.t)} AND ${ROW_HASH} >= $h::UBIGINT))`);
        p.h = cur.h;
        if (cur.k > 0) offset = ` OFFSET ${cur.k}`;
      }
      const res = await this.reader().runAndReadAll(
        `SELECT ${cols}, ${ROW_HASH}::VARCHAR AS h FROM events WHERE ${where.join(' AND ')}
         ORDER BY ts DESC, ${ROW_HASH} LIMIT ${n - out.length}${offset}`,
        p,
      );
      for (const row of res.getRowObjectsJS()) out.push({ ev: rowToEvent(row), h: String(row.h) });
      hi = wlo;
      width *= WINDOW_GROWTH;
      first = false;
    }
    return out;
  }

  private async page(
    tenant: TenantId,
    q: EventFilter & { withRaw?: boolean; cursor?: string },
    limit: number,
  ): Promise<EventPage> {
    const cur = q.cursor ? decodeCursor(q.cursor) : null;
    const rows = await this.pageRows(tenant, q, cur, limit + 1);
    if (rows.length <= limit) return { events: rows.map((r) => r.ev), nextCursor: null };
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const t = Date.parse(last.ev.ts);
    let k = 0;
    for (const r of page) if (r.h === last.h && r.ev.ts === last.ev.ts) k++;
    if (cur && cur.t === t && cur.h === last.h) k += cur.k;
    return { events: page.map((r) => r.ev), nextCursor: encodeCursor({ t, h: last.h, k }) };
  }

  searchPage(tenant: TenantId, q: EventPageQuery): Promise<EventPage> {
    return this.page(tenant, q, Math.max(1, Math.min(q.limit ?? 100, MAX_PAGE)));
  }

  async countEvents(tenant: TenantId, q: EventFilter): Promise<number> {
    if (q.ip === undefined && q.domain === undefined && q.threat === undefined) {
      const rows = await this.counts(tenant, {
        from: q.from,
        to: q.to,
        groupBy: [],
        device: q.device,
        category: q.category,
        action: q.action,
      });
      return rows.reduce((a, r) => a + r.n, 0);
    }
    const params: Record<string, DuckDBValue> = {};
    const where = [...this.filterTerms(tenant, q, params), tsIn('ts', rangeOf(q))];
    const res = await this.reader().runAndReadAll(
      `SELECT count(*)::BIGINT FROM events WHERE ${where.join(' AND ')}`,
      params,
    );
    return Number(res.getRows()[0][0]);
  }

  /**
   * Streams newest first through consecutive time windows that partition the range, so
   * no keyset is needed: each window is read whole, and its width adapts to keep a
   * read near EXPORT_PAGE rows (wider after sparse windows, narrower after dense ones).
   */
  async *exportEvents(
    tenant: TenantId,
    q: EventFilter & { withRaw?: boolean },
  ): AsyncIterable<NormalizedEvent> {
    const [lo, to] = rangeOf(q);
    const params: Record<string, DuckDBValue> = {};
    const terms = this.filterTerms(tenant, q, params);
    const cols = searchColumns(q.withRaw === true);
    let hi = to;
    let width = FIRST_WINDOW_MS;
    while (hi > lo) {
      const wlo = Math.max(lo, hi - width);
      const res = await this.reader().runAndReadAll(
        `SELECT ${cols} FROM events WHERE ${[...terms, tsIn('ts', [wlo, hi])].join(' AND ')}
         ORDER BY ts DESC, ${ROW_HASH}`,
        params,
      );
      const rows = res.getRowObjectsJS();
      for (const row of rows) yield rowToEvent(row);
      if (rows.length < EXPORT_PAGE / 4) width *= 4;
      else if (rows.length > EXPORT_PAGE * 4) width = Math.max(60_000, Math.floor(width / 4));
      hi = wlo;
    }
  }

  async top(tenant: TenantId, q: TopQuery): Promise<TopRowOut[]> {
    if (q.categories.length === 0) return [];
    const limit = Math.max(1, Math.min(q.limit ?? 10, 100));
    const [from, to] = rangeOf(q);
    const { whole, edges } = splitRange(from, to, DAY_MS, 9 * HOUR_MS);
    const params: Record<string, DuckDBValue> = { tenant, cats: listValue([...q.categories]) };
    const parts: string[] = [];
    const dim = q.by === 'service' ? 'service' : 'host';
    if (whole)
      parts.push(`SELECT category, value AS k, n FROM rollup_top_daily
        WHERE tenant = $tenant AND ${tsIn('day', whole)} AND dim = '${dim}' AND list_contains($cats::VARCHAR[], category)`);
    for (const e of edges)
      parts.push(`SELECT category, ${q.by === 'service' ? TOP_SERVICE_SQL : TOP_HOST_SQL} AS k, 1 AS n
        FROM events WHERE tenant = $tenant AND ${tsIn('ts', e)} AND list_contains($cats::VARCHAR[], category)`);
    if (parts.length === 0) return [];
    const res = await this.reader().runAndReadAll(
      `SELECT category, k, sum(n)::BIGINT AS n FROM (${parts.join(' UNION ALL ')})
       GROUP BY category, k ORDER BY category, n DESC, k`,
      params,
    );
    const out: TopRowOut[] = [];
    const seen = new Map<string, number>();
    for (const r of res.getRows()) {
      const c = String(r[0]);
      const m = seen.get(c) ?? 0;
      if (m >= limit) continue;
      seen.set(c, m + 1);
      out.push({ category: c, key: String(r[1]), n: Number(r[2]) });
    }
    return out;
  }

  /**
   * Outbound connections and the part on TLS ports, from the newest 2 days of the period
   * at most: a share, not a total, so two days of connections measure it well, and the
   * scan (every company's rows in the window) stays bounded however long the period.
   */
  async trafficMix(tenant: TenantId, q: { from?: string; to?: string }): Promise<TrafficMix> {
    const [from, to] = rangeOf(q);
    const end = Math.min(to, Date.now());
    const range: [number, number] = [Math.max(from, end - TRAFFIC_SAMPLE_MS), end];
    const res = await this.reader().runAndReadAll(
      `SELECT count(*)::BIGINT, (count(*) FILTER (WHERE dst_port IN (${TLS_PORTS.join(', ')})))::BIGINT
       FROM events WHERE tenant = $tenant AND ${tsIn('ts', range)} AND direction = 'outbound'
       AND dst_port IS NOT NULL`,
      { tenant },
    );
    const [o, e] = res.getRows()[0];
    return { outbound: Number(o), encrypted: Number(e) };
  }

  /** Rollup days and hours plus partial-hour edges from the events, as one UNION ALL of (tenant, device, category, n). */
  private allTenantsSource(q: { from?: string; to?: string }): string | null {
    const [from, to] = rangeOf(q);
    const lv = splitLevels(from, to, true);
    const parts: string[] = [];
    if (lv.days)
      parts.push(`SELECT tenant, device, category, n FROM rollup_daily WHERE ${tsIn('day', lv.days)}`);
    for (const h of lv.hours)
      parts.push(`SELECT tenant, device, category, n FROM rollup_hourly WHERE ${tsIn('hour', h)}`);
    for (const e of lv.events)
      parts.push(
        `SELECT tenant, coalesce(device, '') AS device, coalesce(category, '') AS category, 1 AS n
         FROM events WHERE ${tsIn('ts', e)}`,
      );
    return parts.length ? parts.join(' UNION ALL ') : null;
  }

  async programmeTotals(q: { from?: string; to?: string }): Promise<ProgrammeTotals> {
    const src = this.allTenantsSource(q);
    if (src === null) return { items: [], devices: 0, tenants: 0 };
    const items = await this.reader().runAndReadAll(
      `SELECT category, sum(n)::BIGINT, count(DISTINCT nullif(device, ''))::BIGINT, count(DISTINCT tenant)::BIGINT
       FROM (${src}) WHERE category <> '' GROUP BY category HAVING sum(n) > 0 ORDER BY category`,
    );
    const all = await this.reader().runAndReadAll(
      `SELECT count(DISTINCT nullif(device, ''))::BIGINT, count(DISTINCT tenant)::BIGINT FROM (${src}) WHERE n > 0`,
    );
    const [devices, tenants] = all.getRows()[0];
    return {
      items: items.getRows().map((r) => ({
        category: String(r[0]),
        n: Number(r[1]),
        devices: Number(r[2]),
        tenants: Number(r[3]),
      })),
      devices: Number(devices),
      tenants: Number(tenants),
    };
  }

  async tenantCounts(q: { from?: string; to?: string }): Promise<TenantCountRow[]> {
    const src = this.allTenantsSource(q);
    if (src === null) return [];
    const res = await this.reader().runAndReadAll(
      `SELECT tenant, nullif(category, ''), sum(n)::BIGINT AS n FROM (${src})
       GROUP BY ALL HAVING sum(n) > 0 ORDER BY tenant, n DESC, 2 NULLS LAST`,
    );
    return res.getRows().map((r) => ({
      tenant: String(r[0]),
      category: r[1] === null ? null : String(r[1]),
      n: Number(r[2]),
    }));
  }

  async quarantineCounts(tenant: TenantId, q: { from?: string; to?: string }): Promise<QuarantineCount[]> {
    const res = await this.reader().runAndReadAll(
      `SELECT device, format, code, count(*)::BIGINT AS n FROM quarantine
       WHERE tenant = $tenant AND received >= epoch_ms($from::BIGINT) AND received < epoch_ms($to::BIGINT)
       GROUP BY ALL ORDER BY n DESC`,
      {
        tenant,
        from: BigInt(q.from ? Date.parse(q.from) : 0),
        to: BigInt(q.to ? Date.parse(q.to) : Date.now() + 366 * 86_400_000),
      },
    );
    return res.getRowObjectsJS().map((r) => ({
      device: (r.device as string | null) ?? null,
      format: (r.format as string | null) ?? null,
      code: String(r.code),
      n: Number(r.n),
    }));
  }

  async quarantined(tenant: TenantId, q: { limit?: number; code?: string }): Promise<QuarantineRecord[]> {
    const limit = Math.max(1, Math.min(q.limit ?? 100, 10_000));
    const params: Record<string, DuckDBValue> = { tenant };
    let where = 'tenant = $tenant';
    if (q.code) {
      where += ' AND code = $code';
      params.code = q.code;
    }
    const res = await this.reader().runAndReadAll(
      `SELECT epoch_ms(received) AS received, tenant, device, format, code, message, raw FROM quarantine
       WHERE ${where} ORDER BY received DESC LIMIT ${limit}`,
      params,
    );
    return res.getRowObjectsJS().map((r) => ({
      received: new Date(Number(r.received)).toISOString(),
      tenant: String(r.tenant),
      device: (r.device as string | null) ?? null,
      format: (r.format as string | null) ?? null,
      code: String(r.code),
      message: String(r.message),
      raw: String(r.raw),
    }));
  }

  async openShareSession(q: { from: string; to: string }): Promise<ShareSession> {
    const range: [number, number] = [Date.parse(q.from), Date.parse(q.to)];
    if (!(range[0] < range[1])) throw new Error('share session: `from` must be before `to`');
    if (this.shares.size === 0) await this.setMemoryLimit(await this.exportMemoryLimit());
    let session: DuckDbShareSession;
    try {
      session = await DuckDbShareSession.open(this.instance, range, async (s) => {
        this.shares.delete(s);
        if (this.shares.size === 0) await this.setMemoryLimit(this.memory.normal);
      });
    } catch (e) {
      if (this.shares.size === 0) await this.setMemoryLimit(this.memory.normal);
      throw e;
    }
    this.shares.add(session);
    return session;
  }

  /** DuckDB's memory limit now, as DuckDB reports it (operations: raised while an export runs). */
  async memoryLimit(): Promise<string> {
    const res = await this.reader().runAndReadAll(`SELECT current_setting('memory_limit')`);
    return String(res.getRows()[0][0]);
  }

  private async exportMemoryLimit(): Promise<string> {
    if (this.memory.export) return this.memory.export;
    const res = await this.reader().runAndReadAll(`SELECT current_setting('threads')::BIGINT`);
    const threads = Number(res.getRows()[0][0]);
    const mb = Math.min(4096, 512 + 96 * threads);
    const normal = sizeBytes(this.memory.normal);
    return normal !== null && normal >= mb * 1e6 ? this.memory.normal : `${mb}MB`;
  }

  /** A global setting, set on a connection of its own (the others may be busy). */
  private async setMemoryLimit(limit: string): Promise<void> {
    const c = await this.instance.connect();
    try {
      await c.run(`SET memory_limit = '${limit.replace(/'/g, '')}'`);
    } finally {
      c.closeSync();
    }
  }

  deleteBefore(cutoff: Date): Promise<number> {
    return this.serial(async () => {
      // Whole hours only, so the rollup and the events it summarises leave together.
      const ms = { cutoff: BigInt(Math.floor(cutoff.getTime() / 3_600_000) * 3_600_000) };
      const before = 'epoch_ms($cutoff::BIGINT)';
      const res = await this.conn.runAndReadAll(
        `SELECT count(*)::BIGINT FROM events WHERE ts < ${before}`,
        ms,
      );
      await this.conn.run(`DELETE FROM events WHERE ts < ${before}`, ms);
      await this.conn.run(`DELETE FROM rollup_hourly WHERE hour < ${before}`, ms);
      await this.conn.run(`DELETE FROM rollup_daily WHERE day + INTERVAL 1 DAY <= ${before}`, ms);
      // a Japan day leaves the top rollup once all of it is older than the cutoff
      await this.conn.run(`DELETE FROM rollup_top_daily WHERE day + INTERVAL 1 DAY <= ${before}`, ms);
      await this.conn.run(`DELETE FROM quarantine WHERE received < ${before}`, ms);
      return Number(res.getRows()[0][0]);
    });
  }

  async close(): Promise<void> {
    await this.queue;
    for (const s of [...this.shares]) await s.close();
    for (const r of this.readers) r.closeSync();
    this.conn.closeSync();
    this.instance.closeSync();
    rmSync(this.stagingDir, { recursive: true, force: true });
  }
}
