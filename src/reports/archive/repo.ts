/** SQL of the report archive (table `reports`); every company read takes the tenant first. */
import { randomUUID } from 'node:crypto';
import type { ReportsTable } from '../../storage/state/report-tables.js';
import type { StateDb } from '../../storage/state/state-db.js';
import type { CompanyReportRequest, ReportKind } from './model.js';

export type ReportRow = ReportsTable;

export async function insertReport(
  db: StateDb,
  r: Omit<CompanyReportRequest, 'tenant'> & { tenant: string | null; kind: ReportKind },
  nowMs: number,
): Promise<{ row: ReportRow; created: boolean }> {
  if (r.dedupKey) {
    const existing = await db
      .selectFrom('reports')
      .selectAll()
      .where('dedup_key', '=', r.dedupKey)
      .executeTakeFirst();
    if (existing) return { row: existing, created: false };
  }
  const row: ReportRow = {
    id: randomUUID(),
    tenant: r.tenant,
    kind: r.kind,
    period_from: r.from,
    period_to: r.to,
    lang: r.lang,
    status: 'queued',
    progress: 0,
    file: null,
    bytes: null,
    pages: null,
    error: null,
    dedup_key: r.dedupKey ?? null,
    created_by: r.createdBy,
    created_at: nowMs,
    finished_at: null,
  };
  const res = await db
    .insertInto('reports')
    .values(row)
    .onConflict((oc) => oc.column('dedup_key').doNothing())
    .executeTakeFirst();
  if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0 && r.dedupKey) {
    // another process filed the same scheduled report a moment ago
    const existing = await db
      .selectFrom('reports')
      .selectAll()
      .where('dedup_key', '=', r.dedupKey)
      .executeTakeFirstOrThrow();
    return { row: existing, created: false };
  }
  return { row, created: true };
}

export async function listReports(
  db: StateDb,
  tenant: string,
  q: { kind?: string; limit: number },
): Promise<ReportRow[]> {
  let s = db.selectFrom('reports').selectAll().where('tenant', '=', tenant);
  if (q.kind) s = s.where('kind', '=', q.kind);
  return s.orderBy('period_from', 'desc').orderBy('created_at', 'desc').limit(q.limit).execute();
}

export async function getReport(db: StateDb, tenant: string, id: string): Promise<ReportRow | undefined> {
  return db
    .selectFrom('reports')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function nextQueued(db: StateDb): Promise<ReportRow | undefined> {
  return db
    .selectFrom('reports')
    .selectAll()
    .where('status', '=', 'queued')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** Takes a queued report for this process; false when another process took it first. */
export async function claimReport(db: StateDb, id: string): Promise<boolean> {
  const res = await db
    .updateTable('reports')
    .set({ status: 'running', progress: 5 })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function setProgress(db: StateDb, id: string, progress: number): Promise<void> {
  await db.updateTable('reports').set({ progress }).where('id', '=', id).execute();
}

export async function finishReport(
  db: StateDb,
  id: string,
  done: { file: string; bytes: number; pages: number },
  nowMs: number,
): Promise<void> {
  await db
    .updateTable('reports')
    .set({ status: 'ready', progress: 100, ...done, error: null, finished_at: nowMs })
    .where('id', '=', id)
    .execute();
}

export async function failReport(db: StateDb, id: string, error: string, nowMs: number): Promise<void> {
  await db
    .updateTable('reports')
    .set({ status: 'failed', error: error.slice(0, 500), finished_at: nowMs })
    .where('id', '=', id)
    .execute();
}

/** Reports a crashed process left running go back to the queue. */
export async function requeueRunning(db: StateDb): Promise<number> {
  const res = await db
    .updateTable('reports')
    .set({ status: 'queued', progress: 0 })
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
