/**
 * PAN-OS syslog CSV splitting. One left-to-right pass with `indexOf`, recording where
 * each field starts and ends; fields are sliced only when a parser asks for them.
 *
 *   1,2019/05/15 18:03:36,001801000000,THREAT,url,2049,…,"www.example.com/a,b",(9999),…
 *
 * PAN-OS quotes a field that holds a comma ("Microsoft Windows 10 Pro , 64-bit") and
 * doubles embedded quotes ("Request made to server ""x"" …"); some relays escape the
 * quotes instead (\"used-by-malware,able-to-transfer-file\"), which is handled too.
 * https://docs.paloaltonetworks.com/pan-os/10-2/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions
 */

/** Enough for the longest layout (THREAT 11.x: 123 fields) plus a few unknown additions. */
export const MAX_FIELDS = 160;

/** Field offsets of the last split line. Reused between calls: parsing is synchronous. */
export interface CsvFields {
  line: string;
  count: number;
  start: Int32Array;
  end: Int32Array;
  /** 0 plain, 1 "quoted", 2 \"escaped-quoted\". */
  quote: Uint8Array;
}

const shared: CsvFields = {
  line: '',
  count: 0,
  start: new Int32Array(MAX_FIELDS),
  end: new Int32Array(MAX_FIELDS),
  quote: new Uint8Array(MAX_FIELDS),
};

/**
 * Splits `s` from `from` into at most `limit` fields. Returns null when a quoted field
 * is never closed (the record was cut off).
 */
export function splitCsv(s: string, from: number, limit = MAX_FIELDS): CsvFields | null {
  const f = shared;
  f.line = s;
  const n = s.length;
  let i = from;
  let k = 0;
  while (k < limit) {
    const c = s.charCodeAt(i);
    if (c === 34 /* " */) {
      // "…" with "" as an escaped quote
      let j = i + 1;
      for (;;) {
        j = s.indexOf('"', j);
        if (j < 0) return null;
        if (s.charCodeAt(j + 1) === 34) {
          j += 2;
          continue;
        }
        break;
      }
      f.start[k] = i + 1;
      f.end[k] = j;
      f.quote[k] = 1;
      i = j + 1;
      // junk between the closing quote and the comma is dropped
      const comma = s.indexOf(',', i);
      k++;
      if (comma < 0) break;
      i = comma + 1;
      continue;
    }
    if (c === 92 /* \ */ && s.charCodeAt(i + 1) === 34) {
      // \"…\" as written by relays that escape quotes
      const j = s.indexOf('\\"', i + 2);
      if (j < 0) return null;
      f.start[k] = i + 2;
      f.end[k] = j;
      f.quote[k] = 2;
      const comma = s.indexOf(',', j + 2);
      k++;
      if (comma < 0) break;
      i = comma + 1;
      continue;
    }
    const comma = s.indexOf(',', i);
    f.start[k] = i;
    f.quote[k] = 0;
    if (comma < 0) {
      f.end[k] = n;
      k++;
      break;
    }
    f.end[k] = comma;
    k++;
    i = comma + 1;
    if (i === n) {
      // a trailing comma ends with one empty field
      if (k < limit) {
        f.start[k] = n;
        f.end[k] = n;
        f.quote[k] = 0;
        k++;
      }
      break;
    }
  }
  f.count = k;
  return f;
}

/** Field `i` as text ("" when absent), with quotes removed. */
export function fieldAt(f: CsvFields, i: number): string {
  if (i >= f.count) return '';
  const s = f.line.slice(f.start[i], f.end[i]);
  if (f.quote[i] === 1 && s.includes('""')) return s.replace(/""/g, '"');
  return s;
}

/** True when field `i` equals `word` (no allocation). */
export function fieldIs(f: CsvFields, i: number, word: string): boolean {
  return i < f.count && f.end[i] - f.start[i] === word.length && f.line.startsWith(word, f.start[i]);
}

/** True when field `i` exists and is not empty. */
export function hasField(f: CsvFields, i: number): boolean {
  return i < f.count && f.end[i] > f.start[i];
}
