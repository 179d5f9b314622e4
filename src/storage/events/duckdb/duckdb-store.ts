/**
 * Embedded event store on DuckDB. Batches arrive as CSV text (see encode.ts), are
 * written to a staging file and loaded with DuckDB's native CSV reader; rollup cells
 * are upserted into `rollup_hourly` so month-long counts read a few thousand rows.
 * All writes go through one queue: DuckDB allows one writer per file.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBValue,
  listValue,
} from '@duckdb/node-api';
import type { NormalizedEvent } from '../../../event/event.js';
import { type EncodedBatch, encodeBatch, INT_COLUMNS, STORED_COLUMNS } from '../encode.js';
import type {
  CountDimension,
  CountQuery,
  CountRow,
  EventStore,
  QuarantineCount,
  QuarantineRecord,
  SearchQuery,
  TenantId,
} from '../event-store.js';
import { BATCHES_DDL, EVENTS_DDL, QUARANTINE_DDL, ROLLUP_DDL, ROLLUP_STAGE_DDL } from './schema.js';

const CSV_COLUMNS = STORED_COLUMNS.map(
  (c) =>
    `'${c}': '${c === 'ts' || c === 'bytes_in' || c === 'bytes_out' ? 'BIGINT' : INT_COLUMNS.has(c) ? 'INTEGER' : 'VARCHAR'}'`,
).join(', ');
const SELECT_FROM_CSV = STORED_COLUMNS.map((c) =>
  c === 'ts' ? 'make_timestamp(ts * 1000)' : c === 'user' ? '"user"' : c,
).join(', ');

export interface DuckDbStoreOptions {
  /** Database file; ':memory:' for tests. */
  path: string;
  /** Folder for staging files (defaults to the database file's folder). */
  stagingDir?: string;
  /** DuckDB's memory limit (default 256MB): bounds its block cache, so imports stream in flat memory. */
  memoryLimit?: string;
  /** DuckDB worker threads (default: all cores). */
  threads?: number;
  /**
   * WAL size that triggers a checkpoint (default 256MB; DuckDB's own is 16MB). Checkpoints
   * compress and rewrite what the WAL holds; few big ones cost far less per row than many
   * small ones, at the price of a longer WAL replay after a crash.
   */
  checkpointThreshold?: string;
}

export class DuckDbEventStore implements EventStore {
  private queue: Promise<unknown> = Promise.resolve();
  private stageSeq = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly stagingDir: string,
  ) {}

  static async open(opts: DuckDbStoreOptions): Promise<DuckDbEventStore> {
    // Insertion order is never relied on (queries order by ts): letting DuckDB insert in
    // parallel is a third faster on bulk loads.
    const config: Record<string, string> = {
      preserve_insertion_order: 'false',
      // new files in the current storage format, which offers zstd for text (see schema.ts)
      storage_compatibility_version: 'latest',
    };
    // A bound on DuckDB's block cache keeps the process's memory flat however much is imported.
    config.memory_limit = opts.memoryLimit ?? '256MB';
    if (opts.threads) config.threads = String(opts.threads);
    config.checkpoint_threshold = opts.checkpointThreshold ?? '256MB';
    const instance = await DuckDBInstance.create(opts.path, config);
    const conn = await instance.connect();
    for (const ddl of [BATCHES_DDL, EVENTS_DDL, ROLLUP_DDL, QUARANTINE_DDL, ROLLUP_STAGE_DDL])
      await conn.run(ddl);
    const stagingDir =
      opts.stagingDir ??
      (opts.path === ':memory:' ? join(process.cwd(), '.otasuke-stage') : `${opts.path}.stage`);
    mkdirSync(stagingDir, { recursive: true });
    return new DuckDbEventStore(instance, conn, stagingDir);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async append(batch: readonly NormalizedEvent[]): Promise<void> {
    if (batch.length === 0) return;
    await this.appendEncoded(encodeBatch(batch));
  }

  appendEncoded(batch: EncodedBatch, opts: { batchId?: string } = {}): Promise<boolean> {
    if (batch.rows === 0 && opts.batchId === undefined) return Promise.resolve(true);
    return this.serial(async () => {
      const file = join(this.stagingDir, `stage-${process.pid}-${this.stageSeq++}.csv`);
      try {
        // async: a group's file is tens of MB, the event loop keeps serving sockets meanwhile
        await writeFile(file, batch.csv);
        await this.conn.run('BEGIN TRANSACTION');
        if (opts.batchId !== undefined) {
          const seen = await this.conn.runAndReadAll('SELECT 1 FROM ingest_batches WHERE id = $id', {
            id: opts.batchId,
          });
          if (seen.getRows().length > 0) {
            await this.conn.run('ROLLBACK');
            return false;
          }
          await this.conn.run('INSERT INTO ingest_batches VALUES ($id, now()::TIMESTAMP, $rows)', {
            id: opts.batchId,
            rows: BigInt(batch.rows),
          });
        }
        if (batch.rows === 0) {
          await this.conn.run('COMMIT');
          return true;
        }
        await this.conn.run(
          `INSERT INTO events SELECT ${SELECT_FROM_CSV} FROM read_csv('${file.replace(/'/g, "''")}', header = false,
           auto_detect = false, quote = '\u0001', escape = '\u0001', new_line = '\\n', nullstr = '\u0002',
           allow_quoted_nulls = true,
           columns = {${CSV_COLUMNS}})`,
        );
        await this.upsertRollup(batch);
        await this.conn.run('COMMIT');
        return true;
      } catch (err) {
        await this.conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        rmSync(file, { force: true });
      }
    });
  }

  private async upsertRollup(batch: EncodedBatch): Promise<void> {
    const app: DuckDBAppender = await this.conn.createAppender('rollup_stage');
    for (const r of batch.rollup) {
      app.appendVarchar(r[0]);
      app.appendVarchar(r[1]);
      app.appendBigInt(BigInt(r[2]));
      app.appendVarchar(r[3]);
      app.appendVarchar(r[4]);
      app.appendVarchar(r[5]);
      app.appendVarchar(r[6]);
      app.appendVarchar(r[7]);
      app.appendBigInt(BigInt(r[8]));
      app.endRow();
    }
    app.closeSync();
    await this.conn.run(`
      INSERT INTO rollup_hourly
      SELECT tenant, device, make_timestamp(hour_ms * 1000), category, channel, threat_family, kind, vendor, sum(n)
      FROM rollup_stage GROUP BY ALL
      ON CONFLICT DO UPDATE SET n = rollup_hourly.n + EXCLUDED.n`);
    await this.conn.run('DELETE FROM rollup_stage');
  }

  async committedBatches(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const res = await this.conn.runAndReadAll(
      `SELECT id FROM ingest_batches WHERE id IN (SELECT unnest($ids::VARCHAR[]))`,
      { ids: listValue(ids) },
    );
    return new Set(res.getRows().map((r) => String(r[0])));
  }

  appendQuarantine(rows: readonly QuarantineRecord[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return this.serial(async () => {
      const app = await this.conn.createAppender('quarantine');
      for (const r of rows) {
        app.appendVarchar(r.received.replace('T', ' ').replace('Z', ''));
        app.appendVarchar(r.tenant);
        if (r.device === null) app.appendNull();
        else app.appendVarchar(r.device);
        if (r.format === null) app.appendNull();
        else app.appendVarchar(r.format);
        app.appendVarchar(r.code);
        app.appendVarchar(r.message);
        app.appendVarchar(r.raw);
        app.endRow();
      }
      app.closeSync();
    });
  }

  async counts(tenant: TenantId, q: CountQuery): Promise<CountRow[]> {
    const from = q.from ? Date.parse(q.from) : 0;
    const to = q.to ? Date.parse(q.to) : Date.now() + 366 * 86_400_000;
    const hFrom = Math.ceil(from / 3_600_000) * 3_600_000;
    const hTo = Math.floor(to / 3_600_000) * 3_600_000;
    const merged = new Map<string, CountRow>();
    const add = (rows: CountRow[]) => {
      for (const r of rows) {
        const k = JSON.stringify(q.groupBy.map((d) => r.keys[d] ?? null));
        const m = merged.get(k);
        if (m) m.n += r.n;
        else merged.set(k, { keys: r.keys, n: r.n });
      }
    };
    if (hFrom < hTo) {
      add(await this.countRange('rollup', tenant, q, hFrom, hTo));
      if (from < hFrom) add(await this.countRange('events', tenant, q, from, hFrom));
      if (hTo < to) add(await this.countRange('events', tenant, q, hTo, to));
    } else {
      add(await this.countRange('events', tenant, q, from, to));
    }
    return [...merged.values()].sort((a, b) => b.n - a.n);
  }

  private async countRange(
    source: 'rollup' | 'events',
    tenant: TenantId,
    q: CountQuery,
    fromMs: number,
    toMs: number,
  ): Promise<CountRow[]> {
    const roll = source === 'rollup';
    const tsCol = roll ? 'hour' : 'ts';
    const dimExpr = (d: CountDimension): string => {
      if (d === 'hour') return `epoch_ms(date_trunc('hour', ${tsCol}))`;
      if (d === 'day') return `epoch_ms(date_trunc('day', ${tsCol}))`;
      return roll ? `nullif(${d}, '')` : d;
    };
    const where = [
      `tenant = $tenant`,
      `${tsCol} >= epoch_ms($from::BIGINT)`,
      `${tsCol} < epoch_ms($to::BIGINT)`,
    ];
    const params: Record<string, DuckDBValue> = { tenant, from: BigInt(fromMs), to: BigInt(toMs) };
    if (q.device !== undefined) {
      where.push('device = $device');
      params.device = q.device;
    }
    if (q.category !== undefined) {
      where.push('category = $category');
      params.category = q.category;
    }
    const dims = q.groupBy.map((d, i) => `${dimExpr(d)} AS d${i}`);
    const sql = `SELECT ${[...dims, roll ? 'sum(n)::BIGINT AS n' : 'count(*)::BIGINT AS n'].join(', ')}
      FROM ${roll ? 'rollup_hourly' : 'events'} WHERE ${where.join(' AND ')}
      ${dims.length ? 'GROUP BY ' + q.groupBy.map((_, i) => `d${i}`).join(', ') : ''}`;
    const res = await this.conn.runAndReadAll(sql, params);
    const rows = res.getRows();
    return rows
      .map((row) => {
        const keys: CountRow['keys'] = {};
        q.groupBy.forEach((d, i) => {
          const v = row[i];
          keys[d] =
            v === null ? null : d === 'hour' || d === 'day' ? new Date(Number(v)).toISOString() : String(v);
        });
        return { keys, n: Number(row[q.groupBy.length]) };
      })
      .filter((r) => r.n > 0);
  }

  async *search(tenant: TenantId, q: SearchQuery): AsyncIterable<NormalizedEvent> {
    const where = ['tenant = $tenant'];
    const params: Record<string, DuckDBValue> = { tenant };
    if (q.from) {
      where.push('ts >= epoch_ms($from::BIGINT)');
      params.from = BigInt(Date.parse(q.from));
    }
    if (q.to) {
      where.push('ts < epoch_ms($to::BIGINT)');
      params.to = BigInt(Date.parse(q.to));
    }
    if (q.device) {
      where.push('device = $device');
      params.device = q.device;
    }
    if (q.category) {
      where.push('category = $category');
      params.category = q.category;
    }
    if (q.ip) {
      where.push('(src_ip = $ip OR dst_ip = $ip)');
      params.ip = q.ip;
    }
    if (q.text) {
      where.push(
        "(contains(lower(coalesce(threat, '')), $text) OR contains(lower(coalesce(domain, '')), $text) OR contains(lower(coalesce(url, '')), $text) OR contains(lower(coalesce(app, '')), $text) OR contains(lower(raw), $text))",
      );
      params.text = q.text.toLowerCase();
    }
    const limit = Math.max(1, Math.min(q.limit ?? 100, 10_000));
    const cols = STORED_COLUMNS.map((c) =>
      c === 'ts' ? 'epoch_ms(ts) AS ts' : c === 'user' ? '"user"' : c,
    ).join(', ');
    const res = await this.conn.runAndReadAll(
      `SELECT ${cols} FROM events WHERE ${where.join(' AND ')} ORDER BY ts DESC LIMIT ${limit}`,
      params,
    );
    for (const row of res.getRowObjectsJS()) {
      const ev = {} as Record<string, unknown>;
      for (const c of STORED_COLUMNS) {
        const v = row[c];
        ev[c] =
          c === 'ts' ? new Date(Number(v)).toISOString() : typeof v === 'bigint' ? Number(v) : (v ?? null);
      }
      yield ev as unknown as NormalizedEvent;
    }
  }

  async quarantineCounts(tenant: TenantId, q: { from?: string; to?: string }): Promise<QuarantineCount[]> {
    const res = await this.conn.runAndReadAll(
      `SELECT device, format, code, count(*)::BIGINT AS n FROM quarantine
       WHERE tenant = $tenant AND received >= epoch_ms($from::BIGINT) AND received < epoch_ms($to::BIGINT)
       GROUP BY ALL ORDER BY n DESC`,
      {
        tenant,
        from: BigInt(q.from ? Date.parse(q.from) : 0),
        to: BigInt(q.to ? Date.parse(q.to) : Date.now() + 366 * 86_400_000),
      },
    );
    return res.getRowObjectsJS().map((r) => ({
      device: (r.device as string | null) ?? null,
      format: (r.format as string | null) ?? null,
      code: String(r.code),
      n: Number(r.n),
    }));
  }

  async quarantined(tenant: TenantId, q: { limit?: number; code?: string }): Promise<QuarantineRecord[]> {
    const limit = Math.max(1, Math.min(q.limit ?? 100, 10_000));
    const params: Record<string, DuckDBValue> = { tenant };
    let where = 'tenant = $tenant';
    if (q.code) {
      where += ' AND code = $code';
      params.code = q.code;
    }
    const res = await this.conn.runAndReadAll(
      `SELECT epoch_ms(received) AS received, tenant, device, format, code, message, raw FROM quarantine
       WHERE ${where} ORDER BY received DESC LIMIT ${limit}`,
      params,
    );
    return res.getRowObjectsJS().map((r) => ({
      received: new Date(Number(r.received)).toISOString(),
      tenant: String(r.tenant),
      device: (r.device as string | null) ?? null,
      format: (r.format as string | null) ?? null,
      code: String(r.code),
      message: String(r.message),
      raw: String(r.raw),
    }));
  }

  deleteBefore(cutoff: Date): Promise<number> {
    return this.serial(async () => {
      // Whole hours only, so the rollup and the events it summarises leave together.
      const ms = { cutoff: BigInt(Math.floor(cutoff.getTime() / 3_600_000) * 3_600_000) };
      const before = 'epoch_ms($cutoff::BIGINT)';
      const res = await this.conn.runAndReadAll(
        `SELECT count(*)::BIGINT FROM events WHERE ts < ${before}`,
        ms,
      );
      await this.conn.run(`DELETE FROM events WHERE ts < ${before}`, ms);
      await this.conn.run(`DELETE FROM rollup_hourly WHERE hour < ${before}`, ms);
      await this.conn.run(`DELETE FROM quarantine WHERE received < ${before}`, ms);
      return Number(res.getRows()[0][0]);
    });
  }

  async close(): Promise<void> {
    await this.queue;
    this.conn.closeSync();
    this.instance.closeSync();
    rmSync(this.stagingDir, { recursive: true, force: true });
  }
}
