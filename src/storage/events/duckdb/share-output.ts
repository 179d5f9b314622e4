/**
 * How an anonymised export's file is written with DuckDB's COPY — shared by the DuckDB
 * store and the ClickHouse store (which writes its files through an in-memory DuckDB):
 * SQL literals, the map tables' names, the output column names, enumerated columns,
 * and the CSV / Parquet options.
 */
import { writeFileSync } from 'node:fs';
import type { ShareOutput } from '../event-store.js';

const NAME = /^[a-z][a-z0-9_]{0,62}$/;
export const BOM = '\uFEFF';
export const CRLF = '\r\n';

export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function outName(n: string): string {
  if (!NAME.test(n)) throw new Error(`not an output column name: ${n}`);
  return `"${n}"`;
}

export function mapTable(name: string): string {
  if (!NAME.test(name)) throw new Error(`not a map name: ${name}`);
  return `share_map_${name}`;
}

/** `source` where its value is one of `allowed`, else NULL. */
export function enumExpr(source: string, allowed: readonly string[]): string {
  if (allowed.length === 0) return 'NULL::VARCHAR';
  return `CASE WHEN ${source} IN (${allowed.map(sqlString).join(', ')}) THEN ${source} END`;
}

/**
 * COPY options. CSV: UTF-8 with a BOM (Excel reads it as UTF-8), CRLF, a header row.
 * DuckDB refuses HEADER with PREFIX, so the BOM and the header are the prefix, and the
 * suffix stands in for the last row's line end.
 */
export function copyOptions(out: ShareOutput, names: readonly string[]): string {
  if (out.format === 'parquet')
    return `(FORMAT parquet, COMPRESSION ${(out.parquetCompression ?? 'zstd').toUpperCase()})`;
  const header = `${BOM}${names.join(',')}${CRLF}`;
  return `(FORMAT csv, HEADER false, PREFIX ${sqlString(header)}, SUFFIX ${sqlString(CRLF)}, NEW_LINE ${sqlString(CRLF)})`;
}

/** With no rows, DuckDB writes prefix + suffix: a blank line after the header, which is not a row. */
export function fixEmptyCsv(out: ShareOutput, names: readonly string[], rows: number): void {
  if (out.format === 'csv' && rows === 0) writeFileSync(out.file, `${BOM}${names.join(',')}${CRLF}`);
}
