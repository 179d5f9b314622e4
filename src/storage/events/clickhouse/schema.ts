/**
 * ClickHouse schema: the DuckDB store's tables (duckdb/schema.ts) mapped onto MergeTree
 * engines that Debian's 18.16 and current releases both accept: the PARTITION BY /
 * ORDER BY syntax (no legacy MergeTree(date, key, 8192) form), Nullable columns outside
 * the sorting keys, Int64 epoch-millisecond times (no DateTime64 before 20.1).
 */
import { STORED_COLUMNS } from '../encode.js';
import { monthOf } from './sql.js';

/** Column types of the stored event fields (same order as the encoded batch). */
const EVENT_TYPES: Record<(typeof STORED_COLUMNS)[number], string> = {
  ts: 'Int64',
  tenant: 'String',
  device: 'Nullable(String)',
  vendor: 'String',
  kind: 'String',
  action: 'Nullable(String)',
  direction: 'String',
  src_ip: 'Nullable(String)',
  src_port: 'Nullable(Int32)',
  dst_ip: 'Nullable(String)',
  dst_port: 'Nullable(Int32)',
  proto: 'Nullable(String)',
  category: 'Nullable(String)',
  channel: 'Nullable(String)',
  threat: 'Nullable(String)',
  threat_family: 'Nullable(String)',
  url: 'Nullable(String)',
  domain: 'Nullable(String)',
  app: 'Nullable(String)',
  user: 'Nullable(String)',
  bytes_in: 'Nullable(Int64)',
  bytes_out: 'Nullable(Int64)',
  severity: 'Nullable(Int16)',
  rule: 'Nullable(String)',
  raw: 'String',
};

export function eventType(c: (typeof STORED_COLUMNS)[number]): string {
  return EVENT_TYPES[c];
}

/** An event column as an identifier (`user` is also a function name: always quoted). */
export function ident(c: string): string {
  return `\`${c}\``;
}

export interface ServerFeatures {
  /** ZSTD column codecs (CODEC syntax: 19.x; used from 20.1, the oldest release still documented). */
  codecs: boolean;
  /** `max_partitions_per_insert_block` exists (19.x+, default 100): lifted for bulk imports. */
  partitionsPerInsertSetting: boolean;
}

/**
 * Events, partitioned by UTC month (retention drops whole months) and sorted by
 * (tenant, ts): every dashboard query names one tenant and a time range. `batch` tags
 * each row with the write that carried it, so an interrupted write can be undone exactly.
 */
export function eventsDdl(f: ServerFeatures): string {
  const cols = STORED_COLUMNS.map(
    (c) => `  ${ident(c)} ${EVENT_TYPES[c]}${c === 'raw' && f.codecs ? ' CODEC(ZSTD(3))' : ''}`,
  );
  return `CREATE TABLE IF NOT EXISTS events (
${cols.join(',\n')},
  batch String
) ENGINE = MergeTree
PARTITION BY ${monthOf('ts')}
ORDER BY (tenant, ts)`;
}

/**
 * Every rollup level in one table: hourly cells ('hour', t = hour start), Japan-day cells
 * ('day', t = day start), the daily top services and hosts ('top': `dim` = 'service' |
 * 'host', `value`), and 'part' rows that mark a batch's write of one month (`value` =
 * batch id). One table, because one INSERT of one partition's rows is one part, which
 * ClickHouse makes visible whole or not at all: a batch's cells of a month and its mark
 * for that month land together, with no transactions on 18.16. SummingMergeTree merges
 * the cells of successive batches in the background (DuckDB's compaction); readers
 * always sum(n). '' stands for "none" in the dimension columns, as in DuckDB.
 */
export const ROLLUPS_DDL = `CREATE TABLE IF NOT EXISTS rollups (
  level Enum8('hour' = 1, 'day' = 2, 'top' = 3, 'part' = 4),
  tenant String,
  t Int64,
  device String,
  category String,
  channel String,
  threat_family String,
  kind String,
  vendor String,
  action String,
  dim String,
  value String,
  n Int64
) ENGINE = SummingMergeTree(n)
PARTITION BY ${monthOf('t')}
ORDER BY (level, tenant, t, category, device, channel, threat_family, kind, vendor, action, dim, value)`;

export const QUARANTINE_DDL = `CREATE TABLE IF NOT EXISTS quarantine (
  received Int64,
  tenant String,
  device Nullable(String),
  format Nullable(String),
  code String,
  message String,
  raw String
) ENGINE = MergeTree
PARTITION BY ${monthOf('received')}
ORDER BY (tenant, received)`;

/** Batch ids: state 1 = writing (its rows may be partly there), 2 = committed. Never pruned, like DuckDB's. */
export const BATCH_PENDING = 1;
export const BATCH_COMMITTED = 2;
export const BATCHES_DDL = `CREATE TABLE IF NOT EXISTS ingest_batches (
  id String,
  state UInt8,
  at DateTime,
  rows Int64,
  ts_min Int64,
  ts_max Int64
) ENGINE = MergeTree
ORDER BY (id, state)`;
