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
  /** Retention: removes events, rollups and quarantine older than `cutoff`; returns events removed. */
  deleteBefore(cutoff: Date): Promise<number>;
  close(): Promise<void>;
}
