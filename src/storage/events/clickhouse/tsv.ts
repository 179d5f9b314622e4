/**
 * The encoded batch (encode.ts: fields quoted with U+0001, NULL as U+0002, one row per
 * line) rewritten as ClickHouse TabSeparated with a `batch` column appended, in a format
 * every ClickHouse release reads (CustomSeparated, which could take the encoding as it
 * is, came in 20.x).
 *
 * One pass over the bytes: the markers, tab and backslash are ASCII, and UTF-8 never
 * uses bytes below 0x80 inside a multi-byte character, so the text need not be decoded.
 * (The former chain of whole-text regex replacements cost ~40 µs a row, more than
 * ClickHouse's own parse of it, and made the writer's thread the bottleneck.)
 */
import { CSV_NULL, CSV_QUOTE } from '../encode.js';

/** TabSeparated escaping of one value. */
export function tsvEscape(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const Q = CSV_QUOTE.charCodeAt(0);
const NUL = CSV_NULL.charCodeAt(0);
const TAB = 0x09;
const LF = 0x0a;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;
const N = 0x4e;
const T = 0x74;

/**
 * Appends the TabSeparated rows of `csv` to `out` from `at`, each row ending in a tab and
 * `batch`; returns the new end. `out` must have room for `tsvBytes(csv, batch)` more.
 * Backslashes and tabs of values are escaped; values hold no CR, LF or marker characters
 * (the encoder replaces them), so `\x01,\x01` is always a separator and `\x01\n` a row end.
 */
function writeTsv(csv: Uint8Array, tag: Uint8Array, out: Uint8Array, at: number): number {
  let o = at;
  const n = csv.length;
  for (let i = 0; i < n; i++) {
    const b = csv[i];
    if (b > NUL && b !== TAB && b !== BACKSLASH) {
      out[o++] = b;
    } else if (b === Q) {
      const next = i + 1 < n ? csv[i + 1] : -1;
      if (next === COMMA && i + 2 < n && csv[i + 2] === Q) {
        out[o++] = TAB;
        i += 2;
      } else if (next === LF) {
        out.set(tag, o);
        o += tag.length;
        i += 1;
      }
      // else: the quote opening a row's first field, dropped
    } else if (b === NUL) {
      out[o++] = BACKSLASH;
      out[o++] = N;
    } else if (b === TAB) {
      out[o++] = BACKSLASH;
      out[o++] = T;
    } else if (b === BACKSLASH) {
      out[o++] = BACKSLASH;
      out[o++] = BACKSLASH;
    } else {
      out[o++] = b;
    }
  }
  return o;
}

/** Upper bound of the TabSeparated size: every byte may double, every row end becomes the tag. */
function bound(csv: Uint8Array, tag: Uint8Array): number {
  let rows = 0;
  for (let i = csv.indexOf(LF); i >= 0; i = csv.indexOf(LF, i + 1)) rows++;
  return csv.length * 2 + rows * tag.length;
}

/** The batch's rows as TabSeparated, each tagged with `batch`. */
export function encodedToTsv(csv: Uint8Array, batch: string): Buffer {
  return encodedToTsvMany([{ csv, batch }]);
}

/** Several batches' rows as one TabSeparated body, each row tagged with its own batch. */
export function encodedToTsvMany(parts: readonly { csv: Uint8Array; batch: string }[]): Buffer {
  const tags = parts.map((p) => Buffer.from(`\t${tsvEscape(p.batch)}\n`, 'utf8'));
  let size = 0;
  for (let k = 0; k < parts.length; k++) size += bound(parts[k].csv, tags[k]);
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  for (let k = 0; k < parts.length; k++) o = writeTsv(parts[k].csv, tags[k], out, o);
  return out.subarray(0, o);
}
