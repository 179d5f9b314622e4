/** DuckDB schema for events, hourly rollups and quarantine. Plain SQL types so the ClickHouse port maps 1:1. */

// No ART index on events: ts ranges are filtered by DuckDB's zone maps (rows arrive in
// roughly time order); an index would not serve those scans and costs ~15% per insert.
import { TOP_CATEGORIES } from '../encode.js';

export const EVENTS_DDL = `
CREATE TABLE IF NOT EXISTS events (
  ts TIMESTAMP NOT NULL,
  tenant VARCHAR NOT NULL,
  device VARCHAR,
  vendor VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  action VARCHAR,
  direction VARCHAR NOT NULL,
  src_ip VARCHAR,
  src_port INTEGER,
  dst_ip VARCHAR,
  dst_port INTEGER,
  proto VARCHAR,
  category VARCHAR,
  channel VARCHAR,
  threat VARCHAR,
  threat_family VARCHAR,
  url VARCHAR,
  domain VARCHAR,
  app VARCHAR,
  "user" VARCHAR,
  bytes_in BIGINT,
  bytes_out BIGINT,
  severity SMALLINT,
  rule VARCHAR,
  -- zstd (storage version 1.2+): a third of FSST's size and ~30% less CPU per inserted row
  raw VARCHAR NOT NULL USING COMPRESSION zstd
)`;

/** A rollup table: counts per cell of the dimensions, one time column `timeCol` per unit. */
function rollupTableDdl(table: string, timeCol: string): string {
  return `
CREATE TABLE IF NOT EXISTS ${table} (
  tenant VARCHAR NOT NULL,
  device VARCHAR NOT NULL,
  ${timeCol} TIMESTAMP NOT NULL,
  category VARCHAR NOT NULL,
  channel VARCHAR NOT NULL,
  threat_family VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  vendor VARCHAR NOT NULL,
  action VARCHAR NOT NULL,
  n BIGINT NOT NULL
)`;
}

/**
 * Rollups are append-only partial aggregates: each batch adds its own cells and readers
 * sum(n). No primary key: a key index over tens of millions of cells (1,000 companies,
 * months of hours) does not fit DuckDB's memory; the recent cells are merged by
 * `compactRollups` instead. '' stands for "none" in the dimension columns.
 */
export const ROLLUP_DDL = rollupTableDdl('rollup_hourly', 'hour');

/**
 * The same cells per Japan calendar day (UTC+9): dashboards ask for whole days, and a
 * day holds 24 hours' cells in about one row each.
 */
export const DAILY_DDL = rollupTableDdl('rollup_daily', 'day');

/** Start of the Japan calendar day of a timestamp expression. */
export function jstDaySql(ts: string): string {
  return `(date_trunc('day', ${ts} + INTERVAL 9 HOUR) - INTERVAL 9 HOUR)`;
}

/** Rebuilds the hourly rollup from the events (data folders written before a dimension was added). */
export const ROLLUP_REBUILD_SQL = `
INSERT INTO rollup_hourly
SELECT tenant, coalesce(device, ''), date_trunc('hour', ts), coalesce(category, ''), coalesce(channel, ''),
  coalesce(threat_family, ''), kind, vendor, coalesce(action, ''), count(*)
FROM events GROUP BY ALL ORDER BY 3`;

/** The daily rollup from the hourly one. */
export const DAILY_REBUILD_SQL = `
INSERT INTO rollup_daily
SELECT tenant, device, ${jstDaySql('hour')}, category, channel, threat_family, kind, vendor, action, sum(n)
FROM rollup_hourly GROUP BY ALL ORDER BY 3`;

/**
 * Daily top cells of events with a monitoring item: which services (app, else domain,
 * else threat name) and which internal hosts, as rows of one dimension each (`dim` =
 * 'service' | 'host', `value`). Two dimensions side by side rather than their cross
 * product keep the table growing with
 * services + hosts, not services × hosts. `day` is the start of a Japan calendar day
 * (UTC+9) so Asia/Tokyo periods read whole days. Same '' convention as above.
 */
export const TOP_DDL = `
CREATE TABLE IF NOT EXISTS rollup_top_daily (
  tenant VARCHAR NOT NULL,
  day TIMESTAMP NOT NULL,
  category VARCHAR NOT NULL,
  dim VARCHAR NOT NULL,
  value VARCHAR NOT NULL,
  n BIGINT NOT NULL
)`;

/** SQL for the encoder's service and host of an event (keep in step with BatchEncoder.addTop). */
export const TOP_SERVICE_SQL = `left(coalesce(app, domain, threat, ''), 256)`;
export const TOP_HOST_SQL = `coalesce(CASE WHEN direction = 'inbound' THEN dst_ip ELSE src_ip END, '')`;
/** Start of the Japan calendar day of `ts`. */
export const TOP_DAY_SQL = jstDaySql('ts');

/** Service and host rows of (tenant, day_ms, category, service, host, n) cells in `source`. */
export function topRowsSql(source: string, day: string): string {
  return `SELECT tenant, ${day} AS day, category, 'service' AS dim, service AS value, sum(n) AS n FROM ${source} GROUP BY ALL
    UNION ALL
    SELECT tenant, ${day} AS day, category, 'host' AS dim, host AS value, sum(n) AS n FROM ${source} GROUP BY ALL`;
}

export const TOP_REBUILD_SQL = `
INSERT INTO rollup_top_daily
SELECT * FROM (${topRowsSql(
  `(SELECT tenant, ${TOP_DAY_SQL} AS d, category, ${TOP_SERVICE_SQL} AS service, ${TOP_HOST_SQL} AS host, 1 AS n
    FROM events WHERE category IN (${[...TOP_CATEGORIES].map((c) => `'${c}'`).join(', ')}))`,
  'd',
)}) ORDER BY day`;

/**
 * Rebuilt rollups are written in time order (ORDER BY with insertion order kept), as
 * ingest appends them: DuckDB's per-row-group min/max of the time column then skips
 * everything outside a dashboard's period.
 */
export const REBUILD_ORDERED = 'SET preserve_insertion_order = true';
export const REBUILD_DONE = 'SET preserve_insertion_order = false';

export const QUARANTINE_DDL = `
CREATE TABLE IF NOT EXISTS quarantine (
  received TIMESTAMP NOT NULL,
  tenant VARCHAR NOT NULL,
  device VARCHAR,
  format VARCHAR,
  code VARCHAR NOT NULL,
  message VARCHAR NOT NULL,
  raw VARCHAR NOT NULL
)`;

/** Batch ids committed with their events: spool replay skips them (exactly-once). */
export const BATCHES_DDL = `
CREATE TABLE IF NOT EXISTS ingest_batches (
  id VARCHAR PRIMARY KEY,
  committed TIMESTAMP NOT NULL,
  rows BIGINT NOT NULL
)`;

/** Store bookkeeping (e.g. a rollup rebuild still to do after an interrupted upgrade). */
export const META_DDL = `
CREATE TABLE IF NOT EXISTS store_meta (
  key VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
)`;
