/**
 * The event store: tenant first, one contract suite for every backend
 * (contract.case.ts). DuckDB is the embedded backend; ClickHouse comes later.
 */
import type { NormalizedEvent } from '../../event/event.js';
import type { EncodedBatch } from './encode.js';

export type TenantId = string;

/** Dimensions a count can be grouped by; all come from the hourly rollup. */
export const COUNT_DIMENSIONS = [
  'device',
  'hour',
  'day',
  'category',
  'channel',
  'threat_family',
  'kind',
  'vendor',
  'action',
  /** Start of the Japan calendar day (UTC+9): the dashboards' day buckets. */
  'jst_day',
] as const;
export type CountDimension = (typeof COUNT_DIMENSIONS)[number];

export interface CountQuery {
  /** Inclusive ISO start; absent = from the beginning. */
  from?: string;
  /** Exclusive ISO end; absent = until now. */
  to?: string;
  groupBy: readonly CountDimension[];
  device?: string;
  category?: string;
  action?: string;
}

export interface CountRow {
  keys: Partial<Record<CountDimension, string | null>>;
  n: number;
}

export interface SearchQuery {
  from?: string;
  to?: string;
  device?: string;
  category?: string;
  /** Matches src_ip or dst_ip exactly. */
  ip?: string;
  /** Case-insensitive substring of threat, domain, url, app or raw. */
  text?: string;
  limit?: number;
}

/** Filters of the dashboard's event search and export. */
export interface EventFilter {
  /** Inclusive ISO start. */
  from?: string;
  /** Exclusive ISO end. */
  to?: string;
  device?: string;
  category?: string;
  action?: string;
  /** Matches src_ip or dst_ip exactly. */
  ip?: string;
  /** The domain itself or any sub-domain of it (case-insensitive). */
  domain?: string;
  /** Case-insensitive substring of the threat name. */
  threat?: string;
}

export const MAX_PAGE = 500;

export interface EventPageQuery extends EventFilter {
  /** At most MAX_PAGE (default 100). */
  limit?: number;
  /** nextCursor of the previous page. */
  cursor?: string;
  /** Include `raw` (default: raw is ''). */
  withRaw?: boolean;
}

export interface EventPage {
  /** Newest first; equal timestamps in a stable order. */
  events: NormalizedEvent[];
  nextCursor: string | null;
}

/**
 * Keyset position after the last row of a page: its time, its tie-break key (a hash
 * of the row the backend computes) and how many rows with that same (time, key) were
 * already returned (exact duplicates). Opaque to clients.
 */
export interface EventCursor {
  t: number;
  h: string;
  k: number;
}

export class InvalidCursorError extends Error {
  readonly code = 'invalid-cursor';
  constructor() {
    super('not a cursor of this search');
    this.name = 'InvalidCursorError';
  }
}

export function encodeCursor(c: EventCursor): string {
  return Buffer.from(JSON.stringify([c.t, c.h, c.k]), 'utf8').toString('base64url');
}

export function decodeCursor(s: string): EventCursor {
  try {
    if (s.length > 200) throw new InvalidCursorError();
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 3 &&
      Number.isSafeInteger(v[0]) &&
      typeof v[1] === 'string' &&
      /^\d{1,20}$/.test(v[1]) &&
      Number.isSafeInteger(v[2]) &&
      v[2] >= 0
    )
      return { t: v[0], h: v[1], k: v[2] };
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

/** Top services or hosts of the monitoring items (from the daily top rollup). */
export interface TopQuery {
  from?: string;
  to?: string;
  categories: readonly string[];
  by: 'service' | 'host';
  /** Per category (default 10, at most 100). */
  limit?: number;
}

export interface TopRowOut {
  category: string;
  key: string;
  n: number;
}

/** Per monitoring item across every tenant: events, distinct devices (UTMs) and tenants. */
export interface ProgrammeItemRow {
  category: string;
  n: number;
  devices: number;
  tenants: number;
}

export interface ProgrammeTotals {
  items: ProgrammeItemRow[];
  /** Devices and tenants with any event in the period. */
  devices: number;
  tenants: number;
}

export interface TenantCountRow {
  tenant: TenantId;
  category: string | null;
  n: number;
}

/** Outbound traffic of a company and the part of it on encrypted ports (TLS). */
export interface TrafficMix {
  outbound: number;
  encrypted: number;
}

/** Ports whose traffic is TLS the UTM sees only as an encrypted stream (unless it decrypts). */
export const TLS_PORTS = [443, 8443, 465, 993, 995, 853, 636, 990, 5061] as const;

export interface QuarantineRecord {
  /** When the record was received / read (ISO). */
  received: string;
  tenant: TenantId;
  device: string | null;
  format: string | null;
  code: string;
  message: string;
  raw: string;
}

export interface QuarantineCount {
  device: string | null;
  format: string | null;
  code: string;
  n: number;
}

/**
 * The anonymised export for the programme office (src/sharing decides the policy; a
 * backend only carries it out). Output columns are declared, never "everything but":
 * a stored column reaches the file only through one of these.
 */
export type ShareTextColumn = Exclude<keyof NormalizedEvent, 'ts' | ShareIntColumn>;
export type ShareIntColumn = 'src_port' | 'dst_port' | 'bytes_in' | 'bytes_out' | 'severity';

export type ShareColumn =
  /** The event time: a UTC timestamp in Parquet, ISO-8601 text (…Z) in CSV. */
  | { name: string; from: 'ts'; as: 'time' }
  /** An integer column as stored. */
  | { name: string; from: ShareIntColumn; as: 'int' }
  /** A text column kept only when its value is one of `allowed` (otherwise null). */
  | { name: string; from: ShareTextColumn; as: 'enum'; allowed: readonly string[] }
  /** A text column replaced through a value map (`ShareSession.loadMap`); values not in the map become null. */
  | { name: string; from: ShareTextColumn; as: 'map'; map: string };

export type ShareFormat = 'csv' | 'parquet';

export interface ShareOutput {
  file: string;
  format: ShareFormat;
  /** Parquet page compression (default zstd; 'uncompressed' lets tests scan the bytes). */
  parquetCompression?: 'zstd' | 'snappy' | 'uncompressed';
}

/** Dimensions the aggregate export may group by: the rollups' own columns. */
export type ShareCountDimension = 'category' | 'channel' | 'threat_family' | 'kind' | 'vendor' | 'action';

export interface ShareCountQuery {
  /** Japan calendar day or month; written as a first column of that name ('2026-01-15' / '2026-01'). */
  bucket: 'day' | 'month';
  /** Grouping columns, each read from a rollup dimension (as 'enum' or 'map'). */
  dims: readonly (ShareColumn & { from: ShareCountDimension; as: 'enum' | 'map' })[];
  /** Cells with fewer distinct tenants than this are withheld (k-anonymity). */
  minTenants: number;
}

export interface ShareCountResult {
  /** Cells written and the events they count. */
  cells: number;
  events: number;
  /** Cells withheld (fewer than minTenants tenants) and the events they hold. */
  withheldCells: number;
  withheldEvents: number;
}

/**
 * One export's view of the events of a period: every read sees the same snapshot, so
 * the value maps built from `distinctValues` cover every row `writeEvents` reads.
 */
export interface ShareSession {
  /** Distinct non-null values the columns hold in the period (all columns together). */
  distinctValues(columns: readonly ShareTextColumn[]): Promise<string[]>;
  /** Loads a value map: each [value, replacement]; values left out become null. */
  loadMap(name: string, entries: Iterable<readonly [string, string]>): Promise<void>;
  /** Per replacement of `column` through `map`: how many distinct tenants have events carrying it. */
  tenantsPerMapped(column: ShareTextColumn, map: string): Promise<Map<string, number>>;
  /** Writes the period's events as rows of `columns`; resolves to the rows written. */
  writeEvents(columns: readonly ShareColumn[], out: ShareOutput): Promise<number>;
  /** Writes event counts per bucket and dimensions with their distinct tenants and devices. */
  writeCounts(q: ShareCountQuery, out: ShareOutput): Promise<ShareCountResult>;
  close(): Promise<void>;
}

export interface EventStore {
  /** Stores normalized events (each carries its tenant). */
  append(batch: readonly NormalizedEvent[]): Promise<void>;
  /**
   * Stores a batch already encoded by `encodeBatch` (the fast path: workers encode).
   * With a `batchId` the write is idempotent: a batch id already committed is skipped
   * (spool replay after a crash), and the id is recorded in the same transaction.
   * Resolves to false when the batch was skipped as a duplicate.
   */
  appendEncoded(batch: EncodedBatch, opts?: { batchId?: string }): Promise<boolean>;
  /** Which of these batch ids are already committed. */
  committedBatches(ids: readonly string[]): Promise<Set<string>>;
  appendQuarantine(rows: readonly QuarantineRecord[]): Promise<void>;
  counts(tenant: TenantId, q: CountQuery): Promise<CountRow[]>;
  search(tenant: TenantId, q: SearchQuery): AsyncIterable<NormalizedEvent>;
  quarantineCounts(tenant: TenantId, q: { from?: string; to?: string }): Promise<QuarantineCount[]>;
  quarantined(tenant: TenantId, q: { limit?: number; code?: string }): Promise<QuarantineRecord[]>;
  /** One page of the dashboard's event search, newest first (keyset paging). */
  searchPage(tenant: TenantId, q: EventPageQuery): Promise<EventPage>;
  /** Number of events the filter matches (rollups when only time, category and action filter). */
  countEvents(tenant: TenantId, q: EventFilter): Promise<number>;
  /** Every event the filter matches, newest first, read page by page (CSV export). */
  exportEvents(tenant: TenantId, q: EventFilter & { withRaw?: boolean }): AsyncIterable<NormalizedEvent>;
  /** Top services / hosts per monitoring item. */
  top(tenant: TenantId, q: TopQuery): Promise<TopRowOut[]>;
  /** Outbound traffic and its share on TLS ports. */
  trafficMix(tenant: TenantId, q: { from?: string; to?: string }): Promise<TrafficMix>;
  /** Operators: per monitoring item across all tenants (the programme table). */
  programmeTotals(q: { from?: string; to?: string }): Promise<ProgrammeTotals>;
  /** Operators: events per tenant and monitoring item (null = no item) across all tenants. */
  tenantCounts(q: { from?: string; to?: string }): Promise<TenantCountRow[]>;
  /** Operators: the anonymised export's view of [from, to) across all tenants (src/sharing). */
  openShareSession(q: { from: string; to: string }): Promise<ShareSession>;
  /** Retention: removes events, rollups and quarantine older than `cutoff`; returns events removed. */
  deleteBefore(cutoff: Date): Promise<number>;
  close(): Promise<void>;
}
