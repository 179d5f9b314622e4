/**
 * CSV of events for Excel: UTF-8 with a BOM, RFC 4180 quoting, and cells that a
 * spreadsheet would run as a formula (= + - @, tab, CR) prefixed with an apostrophe
 * (OWASP "CSV injection"). Log text is attacker-controlled: a URL or user name like
 * `=HYPERLINK(…)` must arrive as text.
 */
import { EVENT_FIELDS, type NormalizedEvent } from '../event/event.js';

export const CSV_BOM = '\uFEFF';
/** Columns of the export: every event field except the raw record. */
export const CSV_COLUMNS = EVENT_FIELDS.filter((f) => f !== 'raw');

export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return `${CSV_BOM}${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(e: NormalizedEvent): string {
  return `${CSV_COLUMNS.map((c) => csvCell(e[c])).join(',')}\r\n`;
}

/** The whole file as text chunks of about `chunkChars` (fewer, larger writes to the socket). */
export async function* csvChunks(
  events: AsyncIterable<NormalizedEvent>,
  chunkChars = 64 * 1024,
): AsyncGenerator<string> {
  let buf = csvHeader();
  for await (const e of events) {
    buf += csvRow(e);
    if (buf.length >= chunkChars) {
      yield buf;
      buf = '';
    }
  }
  if (buf.length > 0) yield buf;
}
