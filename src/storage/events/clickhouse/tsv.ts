/**
 * The encoded batch (encode.ts: fields quoted with U+0001, NULL as U+0002, one row per
 * line) rewritten as ClickHouse TabSeparated with a `batch` column appended: a handful
 * of whole-text replacements instead of parsing rows, and a format every ClickHouse
 * release reads (CustomSeparated, which could take the encoding as it is, came in 20.x).
 */
import { CSV_NULL, CSV_QUOTE } from '../encode.js';

/** TabSeparated escaping of one value. */
export function tsvEscape(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const SEP = new RegExp(`${CSV_QUOTE},${CSV_QUOTE}`, 'g');
const ROW_END = new RegExp(`${CSV_QUOTE}\n`, 'g');
const QUOTE = new RegExp(CSV_QUOTE, 'g');
const NULL = new RegExp(CSV_NULL, 'g');

export function encodedToTsv(csv: Uint8Array, batch: string): string {
  const tag = `\t${tsvEscape(batch)}\n`;
  // Backslashes and tabs first, so the \N markers written below stay markers. Values
  // hold no CR, LF or marker characters (the encoder replaces them).
  return Buffer.from(csv.buffer, csv.byteOffset, csv.byteLength)
    .toString('utf8')
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(SEP, '\t')
    .replace(ROW_END, tag)
    .replace(QUOTE, '')
    .replace(NULL, '\\N');
}
