/**
 * Events → a compact CSV batch plus its hourly rollup rows. Workers encode, the single
 * writer only hands the text to the database: this keeps the writer's thread free and
 * lets DuckDB (and later ClickHouse) parse the batch natively and in parallel.
 */

import { EVENT_FIELDS, type NormalizedEvent } from '../../event/event.js';
import { USAGE_ITEMS } from '../../ingest/classify/content-schema.js';

/** Column order of the encoded CSV (the SPEC §3 field order); `ts` is epoch milliseconds. */
export const STORED_COLUMNS = EVENT_FIELDS;

export const INT_COLUMNS = new Set(['ts', 'src_port', 'dst_port', 'bytes_in', 'bytes_out', 'severity']);

/** One hourly rollup cell: tenant, device, hour (epoch ms), category, channel, family, kind, vendor, action → n. */
export type RollupRow = [string, string, number, string, string, string, string, string, string, number];

/**
 * One daily "top" cell of an event with a monitoring item: tenant, day (epoch ms of the
 * Japan calendar day's start), category, service (app ?? domain ?? threat), host (the
 * internal address: dst_ip of inbound events, src_ip otherwise) → n. '' = none.
 */
export type TopRow = [string, number, string, string, string, number];

/** Days of the top rollup are Japan calendar days (UTC+9, Japan has no daylight saving). */
export const TOP_DAY_OFFSET_MS = 9 * 3_600_000;

/**
 * Items whose top services and PCs the dashboard shows (the usage items). Attacks are
 * counted by the hourly rollup; their sources and names vary too much to roll up by day.
 */
export const TOP_CATEGORIES: ReadonlySet<string> = new Set(USAGE_ITEMS);
const DAY_MS = 86_400_000;

/** Start (epoch ms) of the Japan calendar day holding `tsMs`. */
export function topDayOf(tsMs: number): number {
  return Math.floor((tsMs + TOP_DAY_OFFSET_MS) / DAY_MS) * DAY_MS - TOP_DAY_OFFSET_MS;
}

export interface EncodedBatch {
  /** UTF-8 CSV rows, each ending in LF. */
  csv: Uint8Array;
  rows: number;
  rollup: RollupRow[];
  /** Daily top cells (events with a category only). */
  top: TopRow[];
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

/** How many recent rollup cells are compared field by field before a key is built. */
const RECENT = 4;

/**
 * Incremental encoder: rows are written straight into a byte buffer, which crosses
 * from a parse worker to the writer without a copy (a transferable ArrayBuffer).
 */
export class BatchEncoder {
  private buf: Buffer = Buffer.allocUnsafeSlow(1 << 20);
  private off = 0;
  /** (tenant, device, hour) → cell key → cell */
  private rollup = new Map<string, Map<string, RollupRow>>();
  private hourCells = new Map<string, RollupRow>();
  private hourTenant: string | null | undefined = undefined;
  private hourDevice: string | null | undefined = undefined;
  private hourAt = Number.NaN;
  private recent: (RollupRow | null)[] = new Array(RECENT).fill(null);
  private recentNext = 0;
  /** (tenant, day, category) → service + host → cell */
  private top = new Map<string, Map<string, TopRow>>();
  private topCells = new Map<string, TopRow>();
  private topTenant: string | null | undefined = undefined;
  private topDay = Number.NaN;
  private topCategory: string | null | undefined = undefined;
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
    if (e.category !== null && TOP_CATEGORIES.has(e.category)) this.addTop(e, tsMs);
    const hour = Math.floor(tsMs / 3_600_000) * 3_600_000;
    const category = e.category ?? '';
    const channel = e.channel ?? '';
    const family = e.threat_family ?? '';
    const action = e.action ?? '';
    // Neighbouring events usually fall in one of the last few cells (traffic, then a
    // web block, then traffic again …): compare with those before building a key.
    const recent = this.recent;
    for (let i = 0; i < RECENT; i++) {
      const c = recent[i];
      if (
        c !== null &&
        c[2] === hour &&
        c[3] === category &&
        c[8] === action &&
        c[4] === channel &&
        c[5] === family &&
        c[6] === e.kind &&
        c[7] === e.vendor &&
        c[1] === (e.device ?? '') &&
        c[0] === (e.tenant ?? '')
      ) {
        c[9]++;
        return;
      }
    }
    // Cells are grouped by (tenant, device, hour), which changes rarely within a batch.
    let inner = this.hourCells;
    if (this.hourTenant !== e.tenant || this.hourDevice !== e.device || this.hourAt !== hour) {
      const outer = `${e.tenant}\u0001${e.device}\u0001${hour}`;
      let m = this.rollup.get(outer);
      if (!m) this.rollup.set(outer, (m = new Map()));
      inner = this.hourCells = m;
      this.hourTenant = e.tenant;
      this.hourDevice = e.device;
      this.hourAt = hour;
    }
    const key = `${category}\u0001${channel}\u0001${family}\u0001${e.kind}\u0001${e.vendor}\u0001${action}`;
    let cell = inner.get(key);
    if (cell) cell[9]++;
    else {
      cell = [e.tenant ?? '', e.device ?? '', hour, category, channel, family, e.kind, e.vendor, action, 1];
      inner.set(key, cell);
    }
    recent[this.recentNext] = cell;
    this.recentNext = (this.recentNext + 1) % RECENT;
  }

  /** The daily top cell of an event with a category, grouped by (tenant, day, category). */
  private addTop(e: NormalizedEvent, tsMs: number): void {
    const day = topDayOf(tsMs);
    let service = e.app ?? e.domain ?? e.threat ?? '';
    if (service.length > 256) service = service.slice(0, 256);
    const host = (e.direction === 'inbound' ? e.dst_ip : e.src_ip) ?? '';
    let inner = this.topCells;
    if (this.topTenant !== e.tenant || this.topDay !== day || this.topCategory !== e.category) {
      const outer = `${e.tenant}\u0001${day}\u0001${e.category}`;
      let m = this.top.get(outer);
      if (!m) this.top.set(outer, (m = new Map()));
      inner = this.topCells = m;
      this.topTenant = e.tenant;
      this.topDay = day;
      this.topCategory = e.category;
    }
    const key = `${service}\u0001${host}`;
    const cell = inner.get(key);
    if (cell) cell[5]++;
    else inner.set(key, [e.tenant ?? '', day, e.category ?? '', service, host, 1]);
  }

  /** The batch so far, in a buffer of its own (exact size, transferable); the encoder starts over. */
  take(): EncodedBatch {
    const csv = new Uint8Array(this.off);
    csv.set(this.buf.subarray(0, this.off));
    const rollup: RollupRow[] = [];
    for (const m of this.rollup.values()) for (const c of m.values()) rollup.push(c);
    const top: TopRow[] = [];
    for (const m of this.top.values()) for (const c of m.values()) top.push(c);
    const b: EncodedBatch = { csv, rows: this.rows, rollup, top };
    this.off = 0;
    this.rollup.clear();
    this.hourTenant = this.hourDevice = undefined;
    this.hourAt = Number.NaN;
    this.recent.fill(null);
    this.top.clear();
    this.topTenant = this.topCategory = undefined;
    this.topDay = Number.NaN;
    this.rows = 0;
    return b;
  }
}

/** Several batches as one (one store write). */
export function mergeBatches(batches: readonly EncodedBatch[]): EncodedBatch {
  if (batches.length === 1) return batches[0];
  const csv = Buffer.concat(batches.map((b) => b.csv));
  const rollup: RollupRow[] = [];
  const top: TopRow[] = [];
  let rows = 0;
  for (const b of batches) {
    rows += b.rows;
    for (const r of b.rollup) rollup.push(r);
    for (const r of b.top) top.push(r);
  }
  return { csv, rows, rollup, top };
}

export function encodeBatch(events: readonly NormalizedEvent[]): EncodedBatch {
  const enc = new BatchEncoder();
  for (const e of events) enc.add(e);
  return enc.take();
}
