/**
 * Events → a compact CSV batch plus its hourly rollup rows. Workers encode, the single
 * writer only hands the text to the database: this keeps the writer's thread free and
 * lets DuckDB (and later ClickHouse) parse the batch natively and in parallel.
 */
import { EVENT_FIELDS, type NormalizedEvent } from '../../event/event.js';

/** Column order of the encoded CSV (the SPEC §3 field order); `ts` is epoch milliseconds. */
export const STORED_COLUMNS = EVENT_FIELDS;

export const INT_COLUMNS = new Set(['ts', 'src_port', 'dst_port', 'bytes_in', 'bytes_out', 'severity']);

/** One hourly rollup cell: tenant, device, hour (epoch ms), category, channel, family, kind, vendor → n. */
export type RollupRow = [string, string, number, string, string, string, string, string, number];

export interface EncodedBatch {
  csv: string;
  rows: number;
  rollup: RollupRow[];
}

/**
 * The quote character of the encoded CSV: U+0001, which no stored text contains (records
 * with control characters are quarantined before they become events), so values are
 * written as they are, without scanning them for quotes to double.
 */
export const CSV_QUOTE = '\u0001';

function field(v: string | null): string {
  if (v === null) return '';
  // Always quoted so an empty string stays distinct from NULL (unquoted empty). Line
  // breaks and the quote itself can only come from text built outside a log line
  // (NDJSON messages, derived events): keep them out defensively.
  if (v.indexOf('\u0001') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
    v = v.replace(/[\u0001\r\n]/g, ' ');
  }
  return CSV_QUOTE + v + CSV_QUOTE;
}

function intField(v: number | null): string {
  return v === null ? '' : String(v);
}

/** One CSV row; `tsMs` is the event time when the caller has it (saves parsing `ts` again). */
export function encodeEvent(e: NormalizedEvent, tsMs = Date.parse(e.ts)): string {
  return (
    tsMs +
    ',' +
    field(e.tenant) +
    ',' +
    field(e.device) +
    ',' +
    field(e.vendor) +
    ',' +
    field(e.kind) +
    ',' +
    field(e.action) +
    ',' +
    field(e.direction) +
    ',' +
    field(e.src_ip) +
    ',' +
    intField(e.src_port) +
    ',' +
    field(e.dst_ip) +
    ',' +
    intField(e.dst_port) +
    ',' +
    field(e.proto) +
    ',' +
    field(e.category) +
    ',' +
    field(e.channel) +
    ',' +
    field(e.threat) +
    ',' +
    field(e.threat_family) +
    ',' +
    field(e.url) +
    ',' +
    field(e.domain) +
    ',' +
    field(e.app) +
    ',' +
    field(e.user) +
    ',' +
    intField(e.bytes_in) +
    ',' +
    intField(e.bytes_out) +
    ',' +
    intField(e.severity) +
    ',' +
    field(e.rule) +
    ',' +
    field(e.raw) +
    '\n'
  );
}

/** Incremental encoder: add events one by one, then take the batch. */
export class BatchEncoder {
  private parts: string[] = [];
  private rollup = new Map<string, RollupRow>();
  rows = 0;

  add(e: NormalizedEvent, tsMs = Date.parse(e.ts)): void {
    this.parts.push(encodeEvent(e, tsMs));
    this.rows++;
    const hour = Math.floor(tsMs / 3_600_000) * 3_600_000;
    const key = `${e.tenant}\u0001${e.device}\u0001${hour}\u0001${e.category}\u0001${e.channel}\u0001${e.threat_family}\u0001${e.kind}\u0001${e.vendor}`;
    const cell = this.rollup.get(key);
    if (cell) cell[8]++;
    else
      this.rollup.set(key, [
        e.tenant ?? '',
        e.device ?? '',
        hour,
        e.category ?? '',
        e.channel ?? '',
        e.threat_family ?? '',
        e.kind,
        e.vendor,
        1,
      ]);
  }

  take(): EncodedBatch {
    const b: EncodedBatch = { csv: this.parts.join(''), rows: this.rows, rollup: [...this.rollup.values()] };
    this.parts = [];
    this.rollup.clear();
    this.rows = 0;
    return b;
  }
}

export function encodeBatch(events: readonly NormalizedEvent[]): EncodedBatch {
  const enc = new BatchEncoder();
  for (const e of events) enc.add(e);
  return enc.take();
}
