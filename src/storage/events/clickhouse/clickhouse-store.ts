/**
 * Event store on ClickHouse (scale-out mode) over its HTTP interface. Same semantics as
 * the DuckDB store (duckdb/duckdb-store.ts): tenant-first queries over events sorted by
 * (tenant, ts), counts from hourly and Japan-day rollups with partial edges from the
 * events, keyset paging, idempotent batch writes. The SQL runs on Debian's 18.16 and on
 * current releases; docs/scale-out.md lists the few version-specific paths.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  type ClickHouseClient,
  ClickHouseLogLevel,
  type ClickHouseSettings,
  createClient,
} from '@clickhouse/client';
import type { NormalizedEvent } from '../../../event/event.js';
import { rangeOf, splitLevels, splitRange } from '../duckdb/time-ranges.js';
import { type EncodedBatch, encodeBatch, STORED_COLUMNS, topDayOf } from '../encode.js';
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
  InvalidCursorError,
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
  BATCH_COMMITTED,
  BATCH_PENDING,
  BATCHES_DDL,
  eventsDdl,
  ident,
  QUARANTINE_DDL,
  ROLLUPS_DDL,
  type ServerFeatures,
} from './schema.js';
import { ClickHouseShareSession, dropStaleShareTables } from './share-session.js';
import {
  DAY_MS,
  HOUR_MS,
  hourOf,
  int,
  JST_MS,
  jstDayOf,
  monthRange,
  msIn,
  str,
  strList,
  utcDayOf,
  utcMonthStart,
} from './sql.js';
import { encodedToTsvMany } from './tsv.js';

/** Rows the CSV export reads per query (as DuckDB). */
const EXPORT_PAGE = 5_000;
const FIRST_WINDOW_MS = HOUR_MS;
const WINDOW_GROWTH = 8;
const TRAFFIC_SAMPLE_MS = 2 * DAY_MS;
/** How long retention waits for ClickHouse to apply a DELETE (a mutation runs in the background). */
const MUTATION_TIMEOUT_MS = 30 * 60_000;

const NULLABLE = new Set([
  'device',
  'action',
  'src_ip',
  'src_port',
  'dst_ip',
  'dst_port',
  'proto',
  'category',
  'channel',
  'threat',
  'threat_family',
  'url',
  'domain',
  'app',
  'user',
  'bytes_in',
  'bytes_out',
  'severity',
  'rule',
]);

/**
 * The tie-break key of rows with equal timestamps: a hash of every column but `raw` (as
 * DuckDB). A NULL and an empty value hash apart (isNull is part of the key).
 */
const ROW_HASH = `cityHash64(${STORED_COLUMNS.filter((c) => c !== 'raw')
  .map((c) => {
    if (!NULLABLE.has(c)) return ident(c);
    const zero = ['src_port', 'dst_port', 'bytes_in', 'bytes_out', 'severity'].includes(c) ? '0' : "''";
    return `ifNull(${ident(c)}, ${zero}), isNull(${ident(c)})`;
  })
  .join(', ')})`;

/** Column list of the events INSERT: the encoded fields in order, then the batch tag (tsv.ts). */
const EVENT_INSERT_COLUMNS: [string, ...string[]] = [
  ident(STORED_COLUMNS[0]),
  ...STORED_COLUMNS.slice(1).map(ident),
  'batch',
];

/** Event columns as the search reads them; `raw` only on request (rowToEvent fills ''). */
function searchColumns(withRaw: boolean): string {
  return STORED_COLUMNS.filter((c) => withRaw || c !== 'raw')
    .map(ident)
    .join(', ');
}

function rowToEvent(row: Record<string, unknown>): NormalizedEvent {
  const ev = {} as Record<string, unknown>;
  for (const c of STORED_COLUMNS) {
    const v = row[c];
    if (c === 'ts') ev.ts = new Date(Number(v)).toISOString();
    else if (c === 'raw') ev.raw = v === undefined ? '' : String(v);
    else if (v === null || v === undefined) ev[c] = null;
    else if (
      c === 'src_port' ||
      c === 'dst_port' ||
      c === 'bytes_in' ||
      c === 'bytes_out' ||
      c === 'severity'
    )
      ev[c] = Number(v);
    else ev[c] = v;
  }
  return ev as unknown as NormalizedEvent;
}

/** One row of the rollups table (schema.ts). */
interface RollupCell {
  level: 'hour' | 'day' | 'top' | 'part';
  tenant: string;
  t: number;
  device: string;
  category: string;
  channel: string;
  threat_family: string;
  kind: string;
  vendor: string;
  action: string;
  dim: string;
  value: string;
  n: number;
}

const NO_DIMS = {
  device: '',
  category: '',
  channel: '',
  threat_family: '',
  kind: '',
  vendor: '',
  action: '',
  dim: '',
  value: '',
};

/** The batch's hourly, Japan-day and top cells (the DuckDB store writes the same three sets). */
function rollupCells(batch: EncodedBatch): RollupCell[] {
  const out: RollupCell[] = [];
  const days = new Map<string, RollupCell>();
  for (const r of batch.rollup) {
    const dims = {
      device: r[1],
      category: r[3],
      channel: r[4],
      threat_family: r[5],
      kind: r[6],
      vendor: r[7],
      action: r[8],
      dim: '',
      value: '',
    };
    out.push({ level: 'hour', tenant: r[0], t: r[2], ...dims, n: r[9] });
    const day = topDayOf(r[2]);
    const key = `${r[0]}\u0001${r[1]}\u0001${day}\u0001${r[3]}\u0001${r[4]}\u0001${r[5]}\u0001${r[6]}\u0001${r[7]}\u0001${r[8]}`;
    const d = days.get(key);
    if (d) d.n += r[9];
    else days.set(key, { level: 'day', tenant: r[0], t: day, ...dims, n: r[9] });
  }
  out.push(...days.values());
  const top = new Map<string, RollupCell>();
  const add = (tenant: string, day: number, category: string, dim: string, value: string, n: number) => {
    const key = `${tenant}\u0001${day}\u0001${category}\u0001${dim}\u0001${value}`;
    const c = top.get(key);
    if (c) c.n += n;
    else top.set(key, { level: 'top', tenant, t: day, ...NO_DIMS, category, dim, value, n });
  };
  for (const r of batch.top ?? []) {
    add(r[0], r[1], r[2], 'service', r[3], r[5]);
    add(r[0], r[1], r[2], 'host', r[4], r[5]);
  }
  out.push(...top.values());
  return out;
}

export interface ClickHouseStoreOptions {
  /** HTTP interface, e.g. http://127.0.0.1:8123 (user and password may go in the URL). */
  url: string;
  /** Database (created when missing; default 'otasuke'). */
  database?: string;
  /** Per-request timeout (default 10 minutes: exports and retention read a lot). */
  requestTimeoutMs?: number;
}

const DB_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export class ClickHouseEventStore implements EventStore {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly shares = new Set<ClickHouseShareSession>();

  private constructor(
    private readonly client: ClickHouseClient,
    private readonly features: ServerFeatures,
    /** Settings for INSERTs that must arrive as one block (one part per partition). */
    private readonly oneBlock: ClickHouseSettings,
  ) {}

  static async open(opts: ClickHouseStoreOptions): Promise<ClickHouseEventStore> {
    const database = opts.database ?? 'otasuke';
    if (!DB_NAME.test(database)) throw new Error(`not a ClickHouse database name: ${database}`);
    const base = {
      url: opts.url,
      request_timeout: opts.requestTimeoutMs ?? 600_000,
      // failures reach the caller as errors; the client's own console log would say it twice
      log: { level: ClickHouseLogLevel.OFF },
    };
    const admin = createClient(base);
    try {
      await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
    } finally {
      await admin.close();
    }
    const client = createClient({ ...base, database });
    try {
      const features = await ClickHouseEventStore.detect(client);
      for (const ddl of [BATCHES_DDL, eventsDdl(features), ROLLUPS_DDL, QUARANTINE_DDL])
        await client.command({ query: ddl });
      await dropStaleShareTables(client);
      const oneBlock: ClickHouseSettings = {};
      // Current releases parse big inputs in parallel chunks; one chunk keeps one block.
      if (features.parallelParsing) oneBlock.input_format_parallel_parsing = 0;
      return new ClickHouseEventStore(client, features, oneBlock);
    } catch (e) {
      await client.close();
      throw e;
    }
  }

  /** What this server offers beyond 18.16 (settings are looked up by name: an unknown one is an error there). */
  private static async detect(
    client: ClickHouseClient,
  ): Promise<ServerFeatures & { parallelParsing: boolean }> {
    const rs = await client.query({
      query: `SELECT version() AS v, (SELECT groupArray(name) FROM system.settings
        WHERE name IN ('max_partitions_per_insert_block', 'input_format_parallel_parsing')) AS s`,
      format: 'JSONEachRow',
    });
    const [row] = await rs.json<{ v: string; s: string[] }>();
    const major = Number(row.v.split('.')[0]);
    return {
      codecs: major >= 20,
      partitionsPerInsertSetting: row.s.includes('max_partitions_per_insert_block'),
      parallelParsing: row.s.includes('input_format_parallel_parsing'),
    };
  }

  private async rows<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    const rs = await this.client.query({ query: sql, format: 'JSONEachRow' });
    return rs.json<T>();
  }

  private async command(sql: string): Promise<void> {
    await this.client.command({ query: sql });
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

  /**
   * Idempotent without transactions (18.16 has none). A batch with an id is written as
   * 1. a 'pending' mark with its time range, 2. its events, each row tagged with the id,
   * 3. its rollup cells, one INSERT per month, each carrying a 'part' mark for that month
   * in the same part (visible together or not at all), 4. a 'committed' mark. A replay
   * of a committed id is skipped. A replay of a pending id (a crash between 1 and 4)
   * first deletes the events tagged with it (they may be partly there), writes them
   * again, and writes only the months whose part mark is missing: nothing lost, nothing
   * twice. Until the replay, searches may show a crashed batch's events; counts do not.
   */
  async appendEncoded(batch: EncodedBatch, opts: { batchId?: string } = {}): Promise<boolean> {
    const id = opts.batchId;
    if (id !== undefined) return (await this.appendEncodedBatches([{ batch, batchId: id }]))[0];
    if (batch.rows === 0) return true;
    return this.serial(async () => {
      await this.insertEvents([{ csv: batch.csv, batch: `anon:${randomUUID()}` }]);
      await this.insertRollups([{ cells: rollupCells(batch), id: undefined, written: new Set() }]);
      return true;
    });
  }

  /**
   * Several batches, each under its own id and each exactly once, in the steps of
   * appendEncoded with one INSERT per step for all of them (per month for the rollups):
   * ClickHouse makes a part of every INSERT, and on small batches the round trips and
   * parts, not the rows, were the cost. Every batch keeps its own marks, event tags and
   * part marks, so a crash in the middle is undone batch by batch on redelivery, however
   * the redelivered batches are grouped. Returns, per item, false when the id was
   * already committed (also for a repeat of an id within `items`).
   */
  appendEncodedBatches(items: readonly { batch: EncodedBatch; batchId: string }[]): Promise<boolean[]> {
    if (items.length === 0) return Promise.resolve([]);
    return this.serial(async () => {
      const states = await this.batchStates(items.map((i) => i.batchId));
      const result: boolean[] = [];
      const todo: { id: string; batch: EncodedBatch; cells: RollupCell[]; written: Set<number> }[] = [];
      const fresh: typeof todo = [];
      const seen = new Set<string>();
      for (const { batch, batchId: id } of items) {
        const state = states.get(id) ?? 0;
        if (state === BATCH_COMMITTED || seen.has(id)) {
          result.push(false);
          continue;
        }
        seen.add(id);
        result.push(true);
        const t = { id, batch, cells: rollupCells(batch), written: new Set<number>() };
        if (state === BATCH_PENDING) t.written = await this.undoPartialBatch(id);
        else fresh.push(t);
        todo.push(t);
      }
      if (todo.length === 0) return result;
      if (fresh.length > 0) await this.markBatches(BATCH_PENDING, fresh);
      await this.insertEvents(
        todo.filter((t) => t.batch.rows > 0).map((t) => ({ csv: t.batch.csv, batch: t.id })),
      );
      await this.insertRollups(todo);
      await this.markBatches(
        BATCH_COMMITTED,
        todo.map((t) => ({ ...t, cells: [] })),
      );
      return result;
    });
  }

  /** One events INSERT of the batches' rows, each row tagged with its batch. */
  private async insertEvents(parts: { csv: Uint8Array; batch: string }[]): Promise<void> {
    if (parts.length === 0) return;
    const settings: ClickHouseSettings = {};
    // 18.16 has no such limit; current releases refuse inserts spanning > 100 months
    if (this.features.partitionsPerInsertSetting) settings.max_partitions_per_insert_block = '0';
    await this.client.insert({
      table: 'events',
      values: Readable.from([encodedToTsvMany(parts)], { objectMode: false }),
      format: 'TabSeparated',
      columns: EVENT_INSERT_COLUMNS,
      clickhouse_settings: settings,
    });
  }

  /** Highest state recorded for each batch id (absent = never seen). */
  private async batchStates(ids: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await this.rows<{ id: string; s: number }>(
        `SELECT id, max(state) AS s FROM ingest_batches WHERE id IN (${strList(ids.slice(i, i + 1000))}) GROUP BY id`,
      );
      for (const r of rows) out.set(r.id, Number(r.s));
    }
    return out;
  }

  /** One INSERT of a mark per batch, with its time range (from its hourly cells). */
  private async markBatches(
    state: number,
    batches: readonly { id: string; batch: EncodedBatch; cells: RollupCell[] }[],
  ): Promise<void> {
    const at = Math.floor(Date.now() / 1000);
    const values = batches.map(({ id, batch, cells }) => {
      let lo = 0;
      let hi = 0;
      for (const c of cells)
        if (c.level === 'hour') {
          lo = lo === 0 ? c.t : Math.min(lo, c.t);
          hi = Math.max(hi, c.t + HOUR_MS);
        }
      return { id, state, at, rows: batch.rows, ts_min: lo, ts_max: hi };
    });
    await this.client.insert({ table: 'ingest_batches', values, format: 'JSONEachRow' });
  }

  /**
   * Undoes what an interrupted write of `id` left: its events (by their tag, within the
   * recorded time range) are deleted; the rollup months it completed are returned.
   */
  private async undoPartialBatch(id: string): Promise<Set<number>> {
    const [range] = await this.rows<{ lo: string; hi: string }>(
      `SELECT min(ts_min) AS lo, max(ts_max) AS hi FROM ingest_batches WHERE id = ${str(id)} AND state = ${BATCH_PENDING}`,
    );
    const where = `batch = ${str(id)} AND ts >= ${int(Number(range.lo))} AND ts < ${int(Number(range.hi))}`;
    const [left] = await this.rows<{ n: string }>(`SELECT count() AS n FROM events WHERE ${where}`);
    if (Number(left.n) > 0) await this.mutate('events', `DELETE WHERE ${where}`);
    const parts = await this.rows<{ t: string }>(
      `SELECT DISTINCT t FROM rollups WHERE level = 'part' AND value = ${str(id)}`,
    );
    return new Set(parts.map((p) => Number(p.t)));
  }

  /**
   * Rollup cells, one INSERT per UTC month (the partition) for all the batches, with a
   * part mark per batch: each batch's cells of a month and its mark land in one part.
   * Months a batch already completed (`written`, after a crash) are left out for it.
   */
  private async insertRollups(
    batches: readonly { cells: RollupCell[]; id: string | undefined; written: Set<number> }[],
  ): Promise<void> {
    const months = new Map<number, RollupCell[]>();
    for (const { cells, id, written } of batches) {
      const mine = new Set<number>();
      for (const c of cells) {
        const m = utcMonthStart(c.t);
        if (written.has(m)) continue;
        let list = months.get(m);
        if (!list) months.set(m, (list = []));
        list.push(c);
        mine.add(m);
      }
      if (id !== undefined)
        for (const m of mine)
          months.get(m)?.push({ level: 'part', tenant: '', t: m, ...NO_DIMS, value: id, n: 1 });
    }
    for (const [, list] of [...months].sort((a, b) => a[0] - b[0])) {
      await this.client.insert({
        table: 'rollups',
        values: list,
        format: 'JSONEachRow',
        // one block: the cells and their marks become one part
        clickhouse_settings: { ...this.oneBlock, max_insert_block_size: String(list.length + 1) },
      });
    }
  }

  async committedBatches(ids: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      const rows = await this.rows<{ id: string }>(
        `SELECT DISTINCT id FROM ingest_batches WHERE state = ${BATCH_COMMITTED} AND id IN (${strList(chunk)})`,
      );
      for (const r of rows) out.add(r.id);
    }
    return out;
  }

  appendQuarantine(rows: readonly QuarantineRecord[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return this.serial(async () => {
      await this.client.insert({
        table: 'quarantine',
        values: rows.map((r) => ({ ...r, received: Date.parse(r.received) })),
        format: 'JSONEachRow',
      });
    });
  }

  async counts(tenant: TenantId, q: CountQuery): Promise<CountRow[]> {
    const from = q.from ? Date.parse(q.from) : 0;
    const to = q.to ? Date.parse(q.to) : Date.now() + 366 * DAY_MS;
    // Japan days cannot answer per-hour or per-UTC-day groupings.
    const lv = splitLevels(from, to, !q.groupBy.includes('hour') && !q.groupBy.includes('day'));
    const parts: string[] = [];
    if (lv.days) parts.push(this.countPart('day', tenant, q, lv.days));
    for (const h of lv.hours) parts.push(this.countPart('hour', tenant, q, h));
    for (const e of lv.events) parts.push(this.countPart('events', tenant, q, e));
    if (parts.length === 0) return [];
    const dims = q.groupBy.map((_, i) => `d${i}`);
    const rows = await this.rows<Record<string, unknown>>(
      `SELECT ${[...dims, 'sum(n) AS total'].join(', ')} FROM (${parts.join(' UNION ALL ')})
      ${dims.length ? `GROUP BY ${dims.join(', ')}` : ''}`,
    );
    return rows
      .map((row) => {
        const keys: CountRow['keys'] = {};
        q.groupBy.forEach((d, i) => {
          const v = row[`d${i}`];
          keys[d] =
            v === null || v === undefined
              ? null
              : d === 'hour' || d === 'day' || d === 'jst_day'
                ? new Date(Number(v)).toISOString()
                : String(v);
        });
        return { keys, n: Number(row.total) };
      })
      .filter((r) => r.n > 0)
      .sort((a, b) => b.n - a.n);
  }

  /** One level's part of a count: SELECT d0…, n over [fromMs, toMs) of a rollup level or the events. */
  private countPart(
    source: 'day' | 'hour' | 'events',
    tenant: TenantId,
    q: CountQuery,
    range: [number, number],
  ): string {
    const roll = source !== 'events';
    const tsCol = roll ? 't' : 'ts';
    // Every part yields the same column types: UNION ALL on 18.16 does not unify them.
    const dimExpr = (d: CountDimension): string => {
      if (d === 'hour') return `toInt64(${hourOf(tsCol)})`;
      if (d === 'day') return `toInt64(${utcDayOf(tsCol)})`;
      if (d === 'jst_day') return `toInt64(${source === 'day' ? 't' : jstDayOf(tsCol)})`;
      return roll ? `CAST(nullIf(${d}, '') AS Nullable(String))` : `CAST(${d} AS Nullable(String))`;
    };
    const where = [`tenant = ${str(tenant)}`, msIn(tsCol, range)];
    if (roll) where.push(`level = '${source}'`);
    for (const k of ['device', 'category', 'action'] as const) {
      const v = q[k];
      if (v !== undefined) where.push(`${k} = ${str(v)}`);
    }
    const dims = q.groupBy.map((d, i) => `${dimExpr(d)} AS d${i}`);
    return `SELECT ${[...dims, roll ? 'n' : 'toInt64(1) AS n'].join(', ')}
      FROM ${roll ? 'rollups' : 'events'} WHERE ${where.join(' AND ')}`;
  }

  async *search(tenant: TenantId, q: SearchQuery): AsyncIterable<NormalizedEvent> {
    const where = [`tenant = ${str(tenant)}`];
    if (q.from) where.push(`ts >= ${int(Date.parse(q.from))}`);
    if (q.to) where.push(`ts < ${int(Date.parse(q.to))}`);
    // empty strings mean "any" here
    if (q.device) where.push(`device = ${str(q.device)}`);
    if (q.category) where.push(`category = ${str(q.category)}`);
    if (q.ip) where.push(`(src_ip = ${str(q.ip)} OR dst_ip = ${str(q.ip)})`);
    if (q.text) {
      const t = str(q.text.toLowerCase());
      where.push(
        `(${['threat', 'domain', 'url', 'app'].map((c) => `position(lowerUTF8(ifNull(${c}, '')), ${t}) > 0`).join(' OR ')} OR position(lowerUTF8(raw), ${t}) > 0)`,
      );
    }
    const limit = Math.max(1, Math.min(q.limit ?? 100, 10_000));
    const rows = await this.rows(
      `SELECT ${searchColumns(true)} FROM events WHERE ${where.join(' AND ')} ORDER BY ts DESC LIMIT ${limit}`,
    );
    for (const row of rows) yield rowToEvent(row);
  }

  /** WHERE terms of the dashboard filters (time excluded). */
  private filterTerms(tenant: TenantId, q: EventFilter): string[] {
    const where = [`tenant = ${str(tenant)}`];
    for (const k of ['device', 'category', 'action'] as const) {
      const v = q[k];
      if (v !== undefined) where.push(`${k} = ${str(v)}`);
    }
    if (q.ip !== undefined) where.push(`(src_ip = ${str(q.ip)} OR dst_ip = ${str(q.ip)})`);
    if (q.domain !== undefined) {
      const d = q.domain.toLowerCase().replace(/^\*?\./, '');
      where.push(`(lowerUTF8(domain) = ${str(d)} OR endsWith(lowerUTF8(domain), ${str(`.${d}`)}))`);
    }
    if (q.threat !== undefined)
      where.push(`position(lowerUTF8(ifNull(threat, '')), ${str(q.threat.toLowerCase())}) > 0`);
    return where;
  }

  /**
   * Newest-first rows after `cur`, read through widening windows (1 h, 8 h, 64 h …) as
   * DuckDB does: 18.16 cannot read a sorting key backwards (optimize_read_in_order came
   * in 19.14), so a window bounds what the primary key range makes it read and sort.
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
    const terms = this.filterTerms(tenant, q);
    const cols = searchColumns(q.withRaw === true);
    let width = FIRST_WINDOW_MS;
    let first = true;
    while (hi > lo && out.length < n) {
      const wlo = Math.max(lo, hi - width);
      const where = [...terms, msIn('ts', [wlo, hi])];
      let offset = '';
      if (first && cur) {
        where.push(`(ts < ${int(cur.t)} OR (ts = ${int(cur.t)} AND row_hash >= ${cur.h}))`);
        if (cur.k > 0) offset = `${int(cur.k)}, `;
      }
      const rows = await this.rows(
        `SELECT ${cols}, ${ROW_HASH} AS row_hash, toString(row_hash) AS h FROM events
         WHERE ${where.join(' AND ')} ORDER BY ts DESC, row_hash LIMIT ${offset}${int(n - out.length)}`,
      );
      for (const row of rows) out.push({ ev: rowToEvent(row), h: String(row.h) });
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
    // the hash is a UInt64: a longer number is no cursor of ours
    if (cur && BigInt(cur.h) > 0xffff_ffff_ffff_ffffn) throw new InvalidCursorError();
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
    const where = [...this.filterTerms(tenant, q), msIn('ts', rangeOf(q))];
    const [r] = await this.rows<{ n: string }>(
      `SELECT count() AS n FROM events WHERE ${where.join(' AND ')}`,
    );
    return Number(r.n);
  }

  /** Newest first through consecutive time windows that partition the range (as DuckDB). */
  async *exportEvents(
    tenant: TenantId,
    q: EventFilter & { withRaw?: boolean },
  ): AsyncIterable<NormalizedEvent> {
    const [lo, to] = rangeOf(q);
    const terms = this.filterTerms(tenant, q);
    const cols = searchColumns(q.withRaw === true);
    let hi = to;
    let width = FIRST_WINDOW_MS;
    while (hi > lo) {
      const wlo = Math.max(lo, hi - width);
      const rows = await this.rows(
        `SELECT ${cols} FROM events WHERE ${[...terms, msIn('ts', [wlo, hi])].join(' AND ')}
         ORDER BY ts DESC, ${ROW_HASH}`,
      );
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
    const { whole, edges } = splitRange(from, to, DAY_MS, JST_MS);
    const cats = strList(q.categories);
    const parts: string[] = [];
    if (whole)
      parts.push(`SELECT category AS cat, value AS k, n FROM rollups
        WHERE level = 'top' AND tenant = ${str(tenant)} AND ${msIn('t', whole)} AND dim = ${str(q.by)}
        AND category IN (${cats})`);
    // keep in step with BatchEncoder.addTop
    const key =
      q.by === 'service'
        ? `substringUTF8(coalesce(app, domain, threat, ''), 1, 256)`
        : `ifNull(if(direction = 'inbound', dst_ip, src_ip), '')`;
    for (const e of edges)
      parts.push(`SELECT assumeNotNull(category) AS cat, CAST(${key} AS String) AS k, toInt64(1) AS n
        FROM events WHERE tenant = ${str(tenant)} AND ${msIn('ts', e)} AND category IN (${cats})`);
    if (parts.length === 0) return [];
    const rows = await this.rows<{ cat: string; k: string; total: string }>(
      `SELECT cat, k, sum(n) AS total FROM (${parts.join(' UNION ALL ')})
       GROUP BY cat, k ORDER BY cat, total DESC, k`,
    );
    const out: TopRowOut[] = [];
    const seen = new Map<string, number>();
    for (const r of rows) {
      const m = seen.get(r.cat) ?? 0;
      if (m >= limit) continue;
      seen.set(r.cat, m + 1);
      out.push({ category: r.cat, key: r.k, n: Number(r.total) });
    }
    return out;
  }

  /** Outbound connections and the part on TLS ports, from the newest 2 days of the period at most (as DuckDB). */
  async trafficMix(tenant: TenantId, q: { from?: string; to?: string }): Promise<TrafficMix> {
    const [from, to] = rangeOf(q);
    const end = Math.min(to, Date.now());
    const range: [number, number] = [Math.max(from, end - TRAFFIC_SAMPLE_MS), end];
    if (!(range[0] < range[1])) return { outbound: 0, encrypted: 0 };
    const [r] = await this.rows<{ o: string; e: string }>(
      `SELECT count() AS o, countIf(dst_port IN (${TLS_PORTS.join(', ')})) AS e
       FROM events WHERE tenant = ${str(tenant)} AND ${msIn('ts', range)} AND direction = 'outbound'
       AND dst_port IS NOT NULL`,
    );
    return { outbound: Number(r.o), encrypted: Number(r.e) };
  }

  /**
   * Rollup days and hours plus partial-hour edges from the events, as one UNION ALL of
   * (tn, dev, cat, cnt). Aliases never repeat a column name: an alias shadows the column
   * everywhere in a ClickHouse query.
   */
  private allTenantsSource(q: { from?: string; to?: string }): string | null {
    const [from, to] = rangeOf(q);
    const lv = splitLevels(from, to, true);
    const parts: string[] = [];
    if (lv.days)
      parts.push(
        `SELECT tenant AS tn, device AS dev, category AS cat, n AS cnt FROM rollups
         WHERE level = 'day' AND ${msIn('t', lv.days)}`,
      );
    for (const h of lv.hours)
      parts.push(
        `SELECT tenant AS tn, device AS dev, category AS cat, n AS cnt FROM rollups
         WHERE level = 'hour' AND ${msIn('t', h)}`,
      );
    for (const e of lv.events)
      parts.push(
        `SELECT tenant AS tn, ifNull(device, '') AS dev, ifNull(category, '') AS cat, toInt64(1) AS cnt
         FROM events WHERE ${msIn('ts', e)}`,
      );
    return parts.length ? parts.join(' UNION ALL ') : null;
  }

  async programmeTotals(q: { from?: string; to?: string }): Promise<ProgrammeTotals> {
    const src = this.allTenantsSource(q);
    if (src === null) return { items: [], devices: 0, tenants: 0 };
    const items = await this.rows<{ cat: string; total: string; devices: string; tenants: string }>(
      `SELECT cat, sum(cnt) AS total, uniqExact(nullIf(dev, '')) AS devices, uniqExact(tn) AS tenants
       FROM (${src}) WHERE cat != '' GROUP BY cat HAVING total > 0 ORDER BY cat`,
    );
    const [all] = await this.rows<{ devices: string; tenants: string }>(
      `SELECT uniqExact(nullIf(dev, '')) AS devices, uniqExact(tn) AS tenants FROM (${src}) WHERE cnt > 0`,
    );
    return {
      items: items.map((r) => ({
        category: r.cat,
        n: Number(r.total),
        devices: Number(r.devices),
        tenants: Number(r.tenants),
      })),
      devices: Number(all.devices),
      tenants: Number(all.tenants),
    };
  }

  async tenantCounts(q: { from?: string; to?: string }): Promise<TenantCountRow[]> {
    const src = this.allTenantsSource(q);
    if (src === null) return [];
    const rows = await this.rows<{ tn: string; item: string | null; total: string }>(
      `SELECT tn, nullIf(cat, '') AS item, sum(cnt) AS total FROM (${src})
       GROUP BY tn, item HAVING total > 0 ORDER BY tn, total DESC, item NULLS LAST`,
    );
    return rows.map((r) => ({ tenant: r.tn, category: r.item, n: Number(r.total) }));
  }

  async quarantineCounts(tenant: TenantId, q: { from?: string; to?: string }): Promise<QuarantineCount[]> {
    const [from, to] = rangeOf(q);
    const rows = await this.rows<{
      device: string | null;
      format: string | null;
      code: string;
      total: string;
    }>(
      `SELECT device, format, code, count() AS total FROM quarantine
       WHERE tenant = ${str(tenant)} AND ${msIn('received', [from, to])}
       GROUP BY device, format, code ORDER BY total DESC`,
    );
    return rows.map((r) => ({ device: r.device, format: r.format, code: r.code, n: Number(r.total) }));
  }

  async quarantined(tenant: TenantId, q: { limit?: number; code?: string }): Promise<QuarantineRecord[]> {
    const limit = Math.max(1, Math.min(q.limit ?? 100, 10_000));
    let where = `tenant = ${str(tenant)}`;
    if (q.code) where += ` AND code = ${str(q.code)}`;
    const rows = await this.rows<Omit<QuarantineRecord, 'received'> & { received: string }>(
      `SELECT received, tenant, device, format, code, message, raw FROM quarantine
       WHERE ${where} ORDER BY received DESC LIMIT ${limit}`,
    );
    return rows.map((r) => ({
      received: new Date(Number(r.received)).toISOString(),
      tenant: r.tenant,
      device: r.device,
      format: r.format,
      code: r.code,
      message: r.message,
      raw: r.raw,
    }));
  }

  async openShareSession(q: { from: string; to: string }): Promise<ShareSession> {
    const range: [number, number] = [Date.parse(q.from), Date.parse(q.to)];
    if (!(range[0] < range[1])) throw new Error('share session: `from` must be before `to`');
    const session = await ClickHouseShareSession.open(
      this.client,
      `share_${Date.now()}_${randomBytes(4).toString('hex')}`,
      range,
      async (s) => {
        this.shares.delete(s);
      },
    );
    this.shares.add(session);
    return session;
  }

  /**
   * Whole hours, as DuckDB. UTC months that end before the cutoff leave by partition
   * drop (instant, no rewrite); what remains before the cutoff in the month holding it
   * leaves through ALTER … DELETE, awaited (18.16 has no mutations_sync).
   */
  deleteBefore(cutoff: Date): Promise<number> {
    return this.serial(async () => {
      const c = Math.floor(cutoff.getTime() / HOUR_MS) * HOUR_MS;
      const [r] = await this.rows<{ n: string }>(`SELECT count() AS n FROM events WHERE ts < ${int(c)}`);
      await this.prune('events', `ts < ${int(c)}`, (end) => end <= c);
      // a Japan day leaves the day and top levels once all of it is older than the cutoff
      await this.prune(
        'rollups',
        `(level = 'hour' AND t < ${int(c)}) OR (level IN ('day', 'top') AND t + ${DAY_MS} <= ${int(c)})`,
        (end) => end + DAY_MS <= c,
      );
      await this.prune('quarantine', `received < ${int(c)}`, (end) => end <= c);
      return Number(r.n);
    });
  }

  /** Drops the months `whole` says are gone entirely, then deletes the rows `where` still matches. */
  private async prune(table: string, where: string, whole: (monthEnd: number) => boolean): Promise<void> {
    const parts = await this.rows<{ partition: string }>(
      `SELECT DISTINCT partition FROM system.parts
       WHERE database = currentDatabase() AND table = ${str(table)} AND active`,
    );
    for (const p of parts) {
      const month = Number(p.partition);
      if (!Number.isInteger(month)) continue;
      if (whole(monthRange(month)[1]))
        await this.command(`ALTER TABLE ${table} DROP PARTITION ${int(month)}`);
    }
    const [left] = await this.rows<{ c: string }>(`SELECT count() AS c FROM ${table} WHERE ${where}`);
    if (Number(left.c) > 0) await this.mutate(table, `DELETE WHERE ${where}`);
  }

  /** Runs an ALTER … DELETE / UPDATE and waits until ClickHouse has applied it. */
  private async mutate(table: string, action: string): Promise<void> {
    await this.command(`ALTER TABLE ${table} ${action}`);
    const until = Date.now() + MUTATION_TIMEOUT_MS;
    for (let wait = 20; ; wait = Math.min(wait * 2, 1000)) {
      const [r] = await this.rows<{ n: string }>(
        `SELECT count() AS n FROM system.mutations
         WHERE database = currentDatabase() AND table = ${str(table)} AND is_done = 0`,
      );
      if (Number(r.n) === 0) return;
      if (Date.now() > until) throw new Error(`ClickHouse has not finished deleting from ${table}`);
      await new Promise((res) => setTimeout(res, wait));
    }
  }

  async close(): Promise<void> {
    await this.queue;
    for (const s of [...this.shares]) await s.close();
    await this.client.close();
  }
}
