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
  /** UTF-8 CSV rows, each ending in LF. */
  csv: Uint8Array;
  rows: number;
  rollup: RollupRow[];
}

/**
 * The encoded CSV quotes every field with U+0001 and writes NULL as U+0002. Neither
 * character occurs in stored text (records with control characters are quarantined
 * and CR / LF are replaced before a record becomes an event), so values go in as they
 * are, and a row is one `join` — the cheapest way V8 builds a flat string.
 */
export const CSV_QUOTE = '\u0001';
export const CSV_NULL = '\u0002';
const SEP = `${CSV_QUOTE},${CSV_QUOTE}`;
const N = CSV_NULL;

/** Text other than from a log line (derived events, tests) may hold the markers or a line break. */
function safe(v: string | null): string {
  if (v === null) return N;
  return /[\u0001\u0002\r\n]/.test(v) ? v.replace(/[\u0001\u0002\r\n]/g, ' ') : v;
}

/** One CSV row without its newline; `tsMs` is the event time when the caller has it (saves parsing `ts` again). */
export function encodeEvent(e: NormalizedEvent, tsMs = Date.parse(e.ts), trusted = false): string {
  if (!trusted) {
    return (
      CSV_QUOTE +
      [
        tsMs,
        safe(e.tenant),
        safe(e.device),
        safe(e.vendor),
        e.kind,
        e.action ?? N,
        e.direction,
        safe(e.src_ip),
        e.src_port ?? N,
        safe(e.dst_ip),
        e.dst_port ?? N,
        safe(e.proto),
        e.category ?? N,
        e.channel ?? N,
        safe(e.threat),
        safe(e.threat_family),
        safe(e.url),
        safe(e.domain),
        safe(e.app),
        safe(e.user),
        e.bytes_in ?? N,
        e.bytes_out ?? N,
        e.severity ?? N,
        safe(e.rule),
        safe(e.raw),
      ].join(SEP) +
      CSV_QUOTE
    );
  }
  return (
    CSV_QUOTE +
    [
      tsMs,
      e.tenant ?? N,
      e.device ?? N,
      e.vendor,
      e.kind,
      e.action ?? N,
      e.direction,
      e.src_ip ?? N,
      e.src_port ?? N,
      e.dst_ip ?? N,
      e.dst_port ?? N,
      e.proto ?? N,
      e.category ?? N,
      e.channel ?? N,
      e.threat ?? N,
      e.threat_family ?? N,
      e.url ?? N,
      e.domain ?? N,
      e.app ?? N,
      e.user ?? N,
      e.bytes_in ?? N,
      e.bytes_out ?? N,
      e.severity ?? N,
      e.rule ?? N,
      e.raw,
    ].join(SEP) +
    CSV_QUOTE
  );
}

/**
 * Incremental encoder: rows are written straight into a byte buffer, which crosses
 * from a parse worker to the writer without a copy (a transferable ArrayBuffer).
 */
export class BatchEncoder {
  private buf: Buffer = Buffer.allocUnsafeSlow(1 << 20);
  private off = 0;
  private rollup = new Map<string, RollupRow>();
  private last: RollupRow | null = null;
  rows = 0;

  /** `trusted`: the event comes straight from a checked log line (no quote char, no line breaks). */
  add(e: NormalizedEvent, tsMs = Date.parse(e.ts), trusted = false): void {
    const row = encodeEvent(e, tsMs, trusted);
    const need = row.length * 3 + 1;
    if (this.off + need > this.buf.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.off + need));
      this.buf.copy(bigger, 0, 0, this.off);
      this.buf = bigger;
    }
    this.off += this.buf.write(row, this.off, 'utf8');
    this.buf[this.off++] = 10;
    this.rows++;
    const hour = Math.floor(tsMs / 3_600_000) * 3_600_000;
    // Neighbouring events usually fall in the same rollup cell: compare before hashing.
    const last = this.last;
    if (
      last !== null &&
      last[2] === hour &&
      last[3] === (e.category ?? '') &&
      last[4] === (e.channel ?? '') &&
      last[5] === (e.threat_family ?? '') &&
      last[6] === e.kind &&
      last[7] === e.vendor &&
      last[1] === (e.device ?? '') &&
      last[0] === (e.tenant ?? '')
    ) {
      last[8]++;
      return;
    }
    const key = `${e.tenant}\u0001${e.device}\u0001${hour}\u0001${e.category}\u0001${e.channel}\u0001${e.threat_family}\u0001${e.kind}\u0001${e.vendor}`;
    let cell = this.rollup.get(key);
    if (cell) cell[8]++;
    else {
      cell = [
        e.tenant ?? '',
        e.device ?? '',
        hour,
        e.category ?? '',
        e.channel ?? '',
        e.threat_family ?? '',
        e.kind,
        e.vendor,
        1,
      ];
      this.rollup.set(key, cell);
    }
    this.last = cell;
  }

  /** The batch so far, in a buffer of its own (exact size, transferable); the encoder starts over. */
  take(): EncodedBatch {
    const csv = new Uint8Array(this.off);
    csv.set(this.buf.subarray(0, this.off));
    const b: EncodedBatch = { csv, rows: this.rows, rollup: [...this.rollup.values()] };
    this.off = 0;
    this.rollup.clear();
    this.last = null;
    this.rows = 0;
    return b;
  }
}

/** Several batches as one (one store write). */
export function mergeBatches(batches: readonly EncodedBatch[]): EncodedBatch {
  if (batches.length === 1) return batches[0];
  const csv = Buffer.concat(batches.map((b) => b.csv));
  const rollup: RollupRow[] = [];
  let rows = 0;
  for (const b of batches) {
    rows += b.rows;
    for (const r of b.rollup) rollup.push(r);
  }
  return { csv, rows, rollup };
}

export function encodeBatch(events: readonly NormalizedEvent[]): EncodedBatch {
  const enc = new BatchEncoder();
  for (const e of events) enc.add(e);
  return enc.take();
}
