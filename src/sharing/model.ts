/** The anonymised export's options, summary and errors (CLI and API; the choices themselves live in options.ts, which the web page shares). */
import type { ShareFormat } from '../storage/events/event-store.js';
import type { ShareBucket, ShareLevel } from './options.js';

export type { ShareFormat } from '../storage/events/event-store.js';

export {
  DEFAULT_K,
  MAX_K,
  MIN_K,
  SHARE_BUCKETS,
  SHARE_FORMATS,
  SHARE_LEVELS,
  type ShareBucket,
  type ShareLevel,
} from './options.js';

export interface ShareExportOptions {
  /** Inclusive ISO start. */
  from: string;
  /** Exclusive ISO end. */
  to: string;
  level: ShareLevel;
  format: ShareFormat;
  k: number;
  /** Aggregate level: Japan calendar days or months. */
  bucket: ShareBucket;
  file: string;
  /** Parquet page compression (default zstd). */
  parquetCompression?: 'zstd' | 'snappy' | 'uncompressed';
  /**
   * Words of the provider's own records that must never reach the file (company names,
   * contact names): a threat or application name that contains one is dropped.
   */
  knownIdentifiers?: readonly string[];
  /** A line per step, for a progress display. */
  progress?: (line: string) => void;
}

export interface ShareExportSummary {
  level: ShareLevel;
  format: ShareFormat;
  from: string;
  to: string;
  k: number;
  bucket: ShareBucket | null;
  /** Events written (event level) or counted in the cells written (aggregate). */
  events: number;
  /** Companies with events in the period. */
  companies: number;
  /** Aggregate level: cells withheld for fewer than k companies, and the events they count. */
  withheld: { cells: number; events: number } | null;
  /** Registrable domains seen at fewer than k companies in the period (written as empty). */
  domains_removed: number;
  file: string;
  bytes: number;
  seconds: number;
}

export type ShareErrorCode =
  | 'invalid-period'
  | 'invalid-k'
  | 'invalid-format'
  | 'secret-missing'
  | 'secret-too-short'
  | 'secret-unreadable';

/** A problem the person running the export can fix (bad option, missing secret). */
export class ShareError extends Error {
  constructor(
    readonly code: ShareErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ShareError';
  }
}

/** The format a file name asks for (.csv / .parquet / .pq), or null. */
export function formatOfFile(file: string): ShareFormat | null {
  const f = file.toLowerCase();
  if (f.endsWith('.csv')) return 'csv';
  if (f.endsWith('.parquet') || f.endsWith('.pq')) return 'parquet';
  return null;
}
