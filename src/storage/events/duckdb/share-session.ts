/**
 * The DuckDB side of the anonymised export (src/sharing decides the policy). One
 * connection inside one transaction, so every read of an export sees the same snapshot
 * and the value maps built from the distinct values cover every row written; the maps
 * are temporary tables joined in SQL, and DuckDB's COPY writes the file, so the rows
 * never pass through JavaScript (10 M events in well under a minute).
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { STORED_COLUMNS } from '../encode.js';
import type {
  ShareColumn,
  ShareCountQuery,
  ShareCountResult,
  ShareOutput,
  ShareSession,
  ShareTextColumn,
} from '../event-store.js';
import { copyOptions, enumExpr, fixEmptyCsv, mapTable, outName, sqlString } from './share-output.js';
import { splitLevels, tsIn } from './time-ranges.js';

/** A stored column as an SQL identifier; refuses anything that is not one (no SQL from callers). */
function col(c: string): string {
  if (!(STORED_COLUMNS as readonly string[]).includes(c) || c === 'ts') throw new Error(`not a column: ${c}`);
  return `"${c}"`;
}

/**
 * Text that a spreadsheet would run as a formula (= + - @, tab, CR first) gets an
 * apostrophe in CSV, as in the portal's CSV (src/portal/csv.ts). Map values carry their
 * CSV form with them, worked out once per distinct value instead of once per row.
 */
function csvSafe(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export class DuckDbShareSession implements ShareSession {
  private readonly maps = new Set<string>();
  private closed = false;

  private constructor(
    private readonly conn: DuckDBConnection,
    private readonly range: [number, number],
    private readonly onClose: (s: DuckDbShareSession) => Promise<void>,
  ) {}

  static async open(
    instance: DuckDBInstance,
    range: [number, number],
    onClose: (s: DuckDbShareSession) => Promise<void>,
  ): Promise<DuckDbShareSession> {
    const conn = await instance.connect();
    // Read-only transaction: the snapshot is taken by the first read and kept to the end.
    await conn.run('BEGIN TRANSACTION');
    return new DuckDbShareSession(conn, range, onClose);
  }

  private live(): DuckDBConnection {
    if (this.closed) throw new Error('share session closed');
    return this.conn;
  }

  private where(c: string): string {
    return tsIn(c, this.range);
  }

  async distinctValues(columns: readonly ShareTextColumn[]): Promise<string[]> {
    if (columns.length === 0) return [];
    const parts = columns.map((c) => `SELECT ${col(c)} AS v FROM events WHERE ${this.where('ts')}`);
    const res = await this.live().runAndReadAll(
      `SELECT DISTINCT v FROM (${parts.join(' UNION ALL ')}) WHERE v IS NOT NULL`,
    );
    return res.getRows().map((r) => String(r[0]));
  }

  async loadMap(name: string, entries: Iterable<readonly [string, string]>): Promise<void> {
    const table = mapTable(name);
    const conn = this.live();
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE ${table} (k VARCHAR NOT NULL, v VARCHAR NOT NULL, csv VARCHAR NOT NULL)`,
    );
    const app = await conn.createAppender(table, 'main', 'temp');
    // a key twice would duplicate every event it joins
    const seen = new Set<string>();
    try {
      for (const [k, v] of entries) {
        if (seen.has(k)) throw new Error(`map ${name}: value listed twice`);
        seen.add(k);
        app.appendVarchar(k);
        app.appendVarchar(v);
        app.appendVarchar(csvSafe(v));
        app.endRow();
      }
    } finally {
      app.closeSync();
    }
    this.maps.add(name);
  }

  private mapped(name: string): string {
    if (!this.maps.has(name)) throw new Error(`map ${name} not loaded`);
    return mapTable(name);
  }

  async tenantsPerMapped(column: ShareTextColumn, map: string): Promise<Map<string, number>> {
    const res = await this.live().runAndReadAll(
      `SELECT m.v, count(DISTINCT e.tenant)::BIGINT FROM events e JOIN ${this.mapped(map)} m ON m.k = e.${col(column)}
       WHERE ${this.where('e.ts')} GROUP BY m.v`,
    );
    return new Map(res.getRows().map((r) => [String(r[0]), Number(r[1])]));
  }

  /** SELECT list and joins for `columns` over the row alias `src` (`timeCol`: its time column). */
  private projection(
    columns: readonly ShareColumn[],
    src: string,
    csv: boolean,
  ): { exprs: string[]; joins: string[] } {
    const exprs: string[] = [];
    const joins: string[] = [];
    columns.forEach((c, i) => {
      let expr: string;
      if (c.as === 'time')
        // make_timestamptz(µs) states "UTC" without the time-zone library's per-row work
        expr = csv ? `strftime(${src}.ts, '%Y-%m-%dT%H:%M:%S.%gZ')` : `make_timestamptz(epoch_us(${src}.ts))`;
      else if (c.as === 'int') expr = `${src}.${col(c.from)}`;
      else if (c.as === 'enum') expr = enumExpr(`${src}.${col(c.from)}`, c.allowed);
      else {
        const alias = `m${i}`;
        joins.push(`LEFT JOIN ${this.mapped(c.map)} ${alias} ON ${alias}.k = ${src}.${col(c.from)}`);
        expr = csv ? `${alias}.csv` : `${alias}.v`;
      }
      exprs.push(`${expr} AS ${outName(c.name)}`);
    });
    return { exprs, joins };
  }

  async writeEvents(columns: readonly ShareColumn[], out: ShareOutput): Promise<number> {
    const names = columns.map((c) => c.name);
    const { exprs, joins } = this.projection(columns, 'e', out.format === 'csv');
    const res = await this.live().runAndReadAll(
      `COPY (SELECT ${exprs.join(', ')} FROM events e ${joins.join(' ')} WHERE ${this.where('e.ts')})
       TO ${sqlString(out.file)} ${copyOptions(out, names)}`,
    );
    const rows = Number(res.getRows()[0]?.[0] ?? 0);
    fixEmptyCsv(out, names, rows);
    return rows;
  }

  async writeCounts(q: ShareCountQuery, out: ShareOutput): Promise<ShareCountResult> {
    const conn = this.live();
    const k = Math.trunc(q.minTenants);
    if (!(k >= 1)) throw new Error('minTenants must be at least 1');
    const dimCols = [...new Set(q.dims.map((d) => d.from))];
    // Rollups keep '' for "none"; the events keep null.
    const fromRollup = (table: string, t: string) =>
      `SELECT ${t} AS t, tenant, nullif(device, '') AS device, ${dimCols
        .map((c) => `nullif(${col(c)}, '') AS ${col(c)}`)
        .join(', ')}${dimCols.length ? ', ' : ''}n FROM ${table}`;
    const [from, to] = this.range;
    const lv = splitLevels(from, to, true);
    const parts: string[] = [];
    if (lv.days) parts.push(`${fromRollup('rollup_daily', 'day')} WHERE ${tsIn('day', lv.days)}`);
    for (const h of lv.hours) parts.push(`${fromRollup('rollup_hourly', 'hour')} WHERE ${tsIn('hour', h)}`);
    for (const e of lv.events)
      parts.push(
        `SELECT ts AS t, tenant, device, ${dimCols.map(col).join(', ')}${dimCols.length ? ', ' : ''}1 AS n
         FROM events WHERE ${tsIn('ts', e)}`,
      );
    const bucket = outName(q.bucket);
    const names = [q.bucket, ...q.dims.map((d) => d.name), 'events', 'companies', 'devices'];
    const csv = out.format === 'csv';
    const { exprs, joins } = this.projection(q.dims, 's', csv);
    const fmt = q.bucket === 'day' ? '%Y-%m-%d' : '%Y-%m';
    const source = parts.length
      ? parts.join(' UNION ALL ')
      : `SELECT NULL::TIMESTAMP AS t, NULL::VARCHAR AS tenant, NULL::VARCHAR AS device${dimCols
          .map((c) => `, NULL::VARCHAR AS ${col(c)}`)
          .join('')}, 0 AS n WHERE false`;
    await conn.run(`CREATE OR REPLACE TEMP TABLE share_cells AS
      SELECT strftime(s.t + INTERVAL 9 HOUR, '${fmt}') AS ${bucket}${exprs.map((x) => `, ${x}`).join('')},
        sum(s.n)::BIGINT AS events, count(DISTINCT s.tenant)::BIGINT AS companies,
        count(DISTINCT s.device)::BIGINT AS devices
      FROM (${source}) s ${joins.join(' ')}
      GROUP BY ALL HAVING sum(s.n) > 0`);
    try {
      const order = names.slice(0, 1 + q.dims.length).map((n) => `${outName(n)} NULLS FIRST`);
      const res = await conn.runAndReadAll(
        `COPY (SELECT * FROM share_cells WHERE companies >= ${k} ORDER BY ${order.join(', ')})
         TO ${sqlString(out.file)} ${copyOptions(out, names)}`,
      );
      fixEmptyCsv(out, names, Number(res.getRows()[0]?.[0] ?? 0));
      const tally = await conn.runAndReadAll(
        `SELECT count(*) FILTER (WHERE companies >= ${k})::BIGINT,
                coalesce(sum(events) FILTER (WHERE companies >= ${k}), 0)::BIGINT,
                count(*) FILTER (WHERE companies < ${k})::BIGINT,
                coalesce(sum(events) FILTER (WHERE companies < ${k}), 0)::BIGINT
         FROM share_cells`,
      );
      const [cells, events, withheldCells, withheldEvents] = tally.getRows()[0].map(Number);
      return { cells, events, withheldCells, withheldEvents };
    } finally {
      await conn.run('DROP TABLE IF EXISTS share_cells');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      // nothing was written: the temporary maps go with the transaction and the connection
      await this.conn.run('ROLLBACK');
    } catch {
      // a failed statement may have ended the transaction already
    }
    this.conn.closeSync();
    await this.onClose(this);
  }
}
