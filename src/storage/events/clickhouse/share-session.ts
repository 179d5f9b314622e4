/**
 * The ClickHouse side of the anonymised export (src/sharing decides the policy).
 *
 * Snapshot: 18.16 has no transactions, so opening a session copies the period's events
 * (all columns but `raw`) into a table of the session's own, on the server (INSERT …
 * SELECT, nothing crosses the network); every read of the session reads that copy and
 * the table is dropped on close (or, after a crash, by the next store open a day later).
 *
 * Files: the value maps, the output columns and the file itself are DuckDB's work in
 * this process, exactly as in duckdb/share-session.ts (same CSV and Parquet writer, same
 * formula guard): ClickHouse streams the snapshot's needed columns (writeEvents) or its
 * per-day cells (writeCounts) as CSV into a local in-memory DuckDB. 18.16 writes no
 * Parquet, and one JOIN per SELECT is all it offers for the map lookups.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { copyOptions, enumExpr, fixEmptyCsv, mapTable, outName, sqlString } from '../duckdb/share-output.js';
import { STORED_COLUMNS } from '../encode.js';
import type {
  ShareColumn,
  ShareCountQuery,
  ShareCountResult,
  ShareOutput,
  ShareSession,
  ShareTextColumn,
} from '../event-store.js';
import { eventType, ident } from './schema.js';
import { DAY_MS, jstDayOf, msIn } from './sql.js';

/** Session tables older than this are leftovers of a crashed process. */
const STALE_MS = DAY_MS;
const TABLE = /^share_(\d{13})_[0-9a-f]{8}$/;

/** Drops the snapshot tables of sessions that a crash never closed. */
export async function dropStaleShareTables(client: ClickHouseClient, nowMs = Date.now()): Promise<void> {
  const rs = await client.query({
    query: `SELECT name FROM system.tables WHERE database = currentDatabase() AND startsWith(name, 'share_')`,
    format: 'JSONEachRow',
  });
  for (const { name } of await rs.json<{ name: string }>()) {
    const m = TABLE.exec(name);
    if (m && Number(m[1]) < nowMs - STALE_MS) await client.command({ query: `DROP TABLE IF EXISTS ${name}` });
  }
}

/** A stored column the snapshot holds; refuses anything that is not one (no SQL from callers). */
function col(c: string): string {
  if (!(STORED_COLUMNS as readonly string[]).includes(c) || c === 'ts') throw new Error(`not a column: ${c}`);
  if (c === 'raw') throw new Error('raw log lines are not part of a share session');
  return c;
}

/** DuckDB's type for a snapshot column (duckdb/schema.ts), so Parquet files match the DuckDB store's. */
function duckType(c: string): string {
  const t = eventType(c as (typeof STORED_COLUMNS)[number]).replace(/^Nullable\((.*)\)$/, '$1');
  return { Int64: 'BIGINT', Int32: 'INTEGER', Int16: 'SMALLINT', String: 'VARCHAR' }[t] ?? 'VARCHAR';
}

/** Formula guard of the CSV output (as duckdb/share-session.ts and src/portal/csv.ts). */
function csvSafe(expr: string): string {
  return `CASE WHEN left(${expr}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || ${expr} ELSE ${expr} END`;
}

export class ClickHouseShareSession implements ShareSession {
  private readonly maps = new Set<string>();
  private closed = false;
  private local: { instance: DuckDBInstance; conn: DuckDBConnection } | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'otasuke-ch-share-'));
  private pulls = 0;

  private constructor(
    private readonly client: ClickHouseClient,
    /** The snapshot table (share_<ms>_<hex>). */
    private readonly snap: string,
    private readonly onClose: (s: ClickHouseShareSession) => Promise<void>,
  ) {}

  static async open(
    client: ClickHouseClient,
    table: string,
    range: [number, number],
    onClose: (s: ClickHouseShareSession) => Promise<void>,
  ): Promise<ClickHouseShareSession> {
    if (!TABLE.test(table)) throw new Error(`not a share table name: ${table}`);
    const cols = STORED_COLUMNS.filter((c) => c !== 'raw')
      .map(ident)
      .join(', ');
    await client.command({
      query: `CREATE TABLE ${table} ENGINE = MergeTree ORDER BY (tenant, ts)
        AS SELECT ${cols} FROM events WHERE ${msIn('ts', range)}`,
    });
    return new ClickHouseShareSession(client, table, onClose);
  }

  private live(): void {
    if (this.closed) throw new Error('share session closed');
  }

  private async duck(): Promise<DuckDBConnection> {
    this.live();
    if (!this.local) {
      const instance = await DuckDBInstance.create(':memory:', {
        threads: '2',
        memory_limit: '512MB',
        temp_directory: join(this.dir, 'spill'),
      });
      this.local = { instance, conn: await instance.connect() };
    }
    return this.local.conn;
  }

  private async rows<T>(sql: string): Promise<T[]> {
    this.live();
    const rs = await this.client.query({ query: sql, format: 'JSONEachRow' });
    return rs.json<T>();
  }

  /** Streams a ClickHouse SELECT as CSV into a local temporary table of `columns` (name → DuckDB type). */
  private async pull(sql: string, table: string, columns: [string, string][]): Promise<DuckDBConnection> {
    const conn = await this.duck();
    const file = join(this.dir, `pull-${this.pulls++}.csv`);
    try {
      const res = await this.client.exec({ query: `${sql} FORMAT CSV` });
      await pipeline(res.stream, createWriteStream(file));
      const spec = columns.map(([n, t]) => `'${n}': '${t}'`).join(', ');
      // NULL is an unquoted \N; a quoted "\N" is that text
      await conn.run(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT * FROM read_csv(${sqlString(file)},
        header = false, auto_detect = false, quote = '"', escape = '"', nullstr = '\\N',
        allow_quoted_nulls = false, columns = {${spec}})`);
    } finally {
      rmSync(file, { force: true });
    }
    return conn;
  }

  async distinctValues(columns: readonly ShareTextColumn[]): Promise<string[]> {
    if (columns.length === 0) return [];
    const parts = columns.map(
      (c) => `SELECT CAST(${ident(col(c))} AS Nullable(String)) AS v FROM ${this.snap}`,
    );
    const rows = await this.rows<{ v: string }>(
      `SELECT DISTINCT v FROM (${parts.join(' UNION ALL ')}) WHERE v IS NOT NULL`,
    );
    return rows.map((r) => r.v);
  }

  async loadMap(name: string, entries: Iterable<readonly [string, string]>): Promise<void> {
    const table = mapTable(name);
    const conn = await this.duck();
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${table} (k VARCHAR NOT NULL, v VARCHAR NOT NULL)`);
    const app = await conn.createAppender(table, 'main', 'temp');
    // a key twice would duplicate every event it joins
    const seen = new Set<string>();
    try {
      for (const [k, v] of entries) {
        if (seen.has(k)) throw new Error(`map ${name}: value listed twice`);
        seen.add(k);
        app.appendVarchar(k);
        app.appendVarchar(v);
        app.endRow();
      }
    } finally {
      app.closeSync();
    }
    this.maps.add(name);
  }

  private mapped(name: string): string {
    if (!this.maps.has(name)) throw new Error(`map ${name} not loaded`);
    return mapTable(name);
  }

  async tenantsPerMapped(column: ShareTextColumn, map: string): Promise<Map<string, number>> {
    const m = this.mapped(map);
    const c = ident(col(column));
    const conn = await this.pull(
      `SELECT DISTINCT CAST(${c} AS Nullable(String)), tenant FROM ${this.snap} WHERE ${c} IS NOT NULL`,
      'share_pairs',
      [
        ['v', 'VARCHAR'],
        ['tenant', 'VARCHAR'],
      ],
    );
    const res = await conn.runAndReadAll(
      `SELECT m.v, count(DISTINCT p.tenant)::BIGINT FROM share_pairs p JOIN ${m} m ON m.k = p.v GROUP BY m.v`,
    );
    await conn.run('DROP TABLE share_pairs');
    return new Map(res.getRows().map((r) => [String(r[0]), Number(r[1])]));
  }

  /** SELECT list and joins for `columns` over the local row alias `src` (its `ts`: epoch ms). */
  private projection(
    columns: readonly ShareColumn[],
    src: string,
    csv: boolean,
  ): { exprs: string[]; joins: string[] } {
    const exprs: string[] = [];
    const joins: string[] = [];
    columns.forEach((c, i) => {
      let expr: string;
      if (c.as === 'time')
        expr = csv
          ? `strftime(make_timestamp(${src}.ts * 1000), '%Y-%m-%dT%H:%M:%S.%gZ')`
          : `make_timestamptz(${src}.ts * 1000)`;
      else if (c.as === 'int') expr = `${src}."${col(c.from)}"`;
      else if (c.as === 'enum') expr = enumExpr(`${src}."${col(c.from)}"`, c.allowed);
      else {
        const alias = `m${i}`;
        joins.push(`LEFT JOIN ${this.mapped(c.map)} ${alias} ON ${alias}.k = ${src}."${col(c.from)}"`);
        expr = csv ? csvSafe(`${alias}.v`) : `${alias}.v`;
      }
      exprs.push(`${expr} AS ${outName(c.name)}`);
    });
    return { exprs, joins };
  }

  async writeEvents(columns: readonly ShareColumn[], out: ShareOutput): Promise<number> {
    const names = columns.map((c) => c.name);
    const sources = [...new Set(columns.filter((c) => c.as !== 'time').map((c) => col(c.from)))];
    // the projection checks maps and names before any data moves
    const { exprs, joins } = this.projection(columns, 'e', out.format === 'csv');
    const conn = await this.pull(
      `SELECT ${['ts', ...sources].map(ident).join(', ')} FROM ${this.snap}`,
      'share_rows',
      [['ts', 'BIGINT'], ...sources.map((s): [string, string] => [s, duckType(s)])],
    );
    try {
      const res = await conn.runAndReadAll(
        `COPY (SELECT ${exprs.join(', ')} FROM share_rows e ${joins.join(' ')})
         TO ${sqlString(out.file)} ${copyOptions(out, names)}`,
      );
      const rows = Number(res.getRows()[0]?.[0] ?? 0);
      fixEmptyCsv(out, names, rows);
      return rows;
    } finally {
      await conn.run('DROP TABLE IF EXISTS share_rows');
    }
  }

  /**
   * Counts from the snapshot's events (exact for any period, partial days included), per
   * Japan day, company and device on the server; DuckDB applies the maps, forms the
   * buckets and counts the distinct companies and devices of each cell.
   */
  async writeCounts(q: ShareCountQuery, out: ShareOutput): Promise<ShareCountResult> {
    const k = Math.trunc(q.minTenants);
    if (!(k >= 1)) throw new Error('minTenants must be at least 1');
    const dimCols = [...new Set(q.dims.map((d) => col(d.from)))];
    const csv = out.format === 'csv';
    const { exprs, joins } = this.projection(q.dims, 's', csv);
    const keys = ['t', 'tenant', 'device', ...dimCols];
    const conn = await this.pull(
      `SELECT ${jstDayOf('ts')} AS t, tenant, device${dimCols.map((c) => `, ${ident(c)}`).join('')}, count() AS n
       FROM ${this.snap} GROUP BY ${keys.map(ident).join(', ')}`,
      'share_src',
      [
        ['t', 'BIGINT'],
        ['tenant', 'VARCHAR'],
        ['device', 'VARCHAR'],
        ...dimCols.map((c): [string, string] => [c, 'VARCHAR']),
        ['n', 'BIGINT'],
      ],
    );
    const bucket = outName(q.bucket);
    const names = [q.bucket, ...q.dims.map((d) => d.name), 'events', 'companies', 'devices'];
    const fmt = q.bucket === 'day' ? '%Y-%m-%d' : '%Y-%m';
    try {
      await conn.run(`CREATE OR REPLACE TEMP TABLE share_cells AS
        SELECT strftime(make_timestamp(s.t * 1000) + INTERVAL 9 HOUR, '${fmt}') AS ${bucket}${exprs.map((x) => `, ${x}`).join('')},
          sum(s.n)::BIGINT AS events, count(DISTINCT s.tenant)::BIGINT AS companies,
          count(DISTINCT s.device)::BIGINT AS devices
        FROM share_src s ${joins.join(' ')}
        GROUP BY ALL HAVING sum(s.n) > 0`);
      const order = names.slice(0, 1 + q.dims.length).map((n) => `${outName(n)} NULLS FIRST`);
      const res = await conn.runAndReadAll(
        `COPY (SELECT * FROM share_cells WHERE companies >= ${k} ORDER BY ${order.join(', ')})
         TO ${sqlString(out.file)} ${copyOptions(out, names)}`,
      );
      fixEmptyCsv(out, names, Number(res.getRows()[0]?.[0] ?? 0));
      const tally = await conn.runAndReadAll(
        `SELECT count(*) FILTER (WHERE companies >= ${k})::BIGINT,
                coalesce(sum(events) FILTER (WHERE companies >= ${k}), 0)::BIGINT,
                count(*) FILTER (WHERE companies < ${k})::BIGINT,
                coalesce(sum(events) FILTER (WHERE companies < ${k}), 0)::BIGINT
         FROM share_cells`,
      );
      const [cells, events, withheldCells, withheldEvents] = tally.getRows()[0].map(Number);
      return { cells, events, withheldCells, withheldEvents };
    } finally {
      await conn.run('DROP TABLE IF EXISTS share_cells');
      await conn.run('DROP TABLE IF EXISTS share_src');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.client.command({ query: `DROP TABLE IF EXISTS ${this.snap}` });
    } finally {
      if (this.local) {
        this.local.conn.closeSync();
        this.local.instance.closeSync();
        this.local = null;
      }
      rmSync(this.dir, { recursive: true, force: true });
      await this.onClose(this);
    }
  }
}
