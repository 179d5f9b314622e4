/**
 * SQL of scheduled_runs. Every change to a run is conditional on what the caller read
 * (status, attempts, heartbeat), so of two processes acting on the same row exactly one
 * wins, on SQLite and PostgreSQL alike, without locks held across a run.
 */
import type { Selectable } from 'kysely';
import type { ScheduledRunsTable } from '../storage/state/schedule-tables.js';
import type { StateDb } from '../storage/state/state-db.js';
import type { RunDetail, RunStatus, RunsQuery } from './model.js';

export type RunRow = Selectable<ScheduledRunsTable>;

const ERROR_MAX = 1000;

export async function getRun(db: StateDb, job: string, key: string): Promise<RunRow | undefined> {
  return db
    .selectFrom('scheduled_runs')
    .selectAll()
    .where('job', '=', job)
    .where('period_key', '=', key)
    .executeTakeFirst();
}

export async function hasRuns(db: StateDb, job: string): Promise<boolean> {
  const r = await db.selectFrom('scheduled_runs').select('job').where('job', '=', job).limit(1).execute();
  return r.length > 0;
}

/** Inserts a new run; false when the period already has one (another process was first). */
export async function insertRun(db: StateDb, row: RunRow): Promise<boolean> {
  const r = await db
    .insertInto('scheduled_runs')
    .values(row)
    .onConflict((oc) => oc.columns(['job', 'period_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/**
 * Takes over a failed or abandoned run for another try: true when this caller won it
 * (the row was still exactly as read).
 */
export async function claimAgain(
  db: StateDb,
  seen: RunRow,
  claim: { now: number; owner: string },
): Promise<boolean> {
  const r = await db
    .updateTable('scheduled_runs')
    .set({
      status: 'running',
      attempts: seen.attempts + 1,
      started_at: claim.now,
      heartbeat_at: claim.now,
      finished_at: null,
      next_attempt_at: null,
      owner: claim.owner,
    })
    .where('job', '=', seen.job)
    .where('period_key', '=', seen.period_key)
    .where('status', '=', seen.status)
    .where('attempts', '=', seen.attempts)
    .where('heartbeat_at', '=', seen.heartbeat_at)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Keeps a run's lease alive; false when the run is no longer ours. */
export async function touchRun(
  db: StateDb,
  job: string,
  key: string,
  attempts: number,
  now: number,
): Promise<boolean> {
  const r = await db
    .updateTable('scheduled_runs')
    .set({ heartbeat_at: now })
    .where('job', '=', job)
    .where('period_key', '=', key)
    .where('status', '=', 'running')
    .where('attempts', '=', attempts)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Ends our run (status running, attempt ours); false when another process took it over. */
export async function endRun(
  db: StateDb,
  job: string,
  key: string,
  attempts: number,
  end: {
    status: Extract<RunStatus, 'done' | 'failed'>;
    now: number;
    detail?: RunDetail | null;
    error?: string | null;
    nextAttemptAt?: number | null;
    /** the try does not count (the run was cut short by a shutdown, not by its own fault) */
    refund?: boolean;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('scheduled_runs')
    .set({
      status: end.status,
      attempts: end.refund ? attempts - 1 : attempts,
      finished_at: end.now,
      heartbeat_at: end.now,
      detail: end.detail ? JSON.stringify(end.detail) : null,
      error: end.error ? end.error.slice(0, ERROR_MAX) : null,
      next_attempt_at: end.nextAttemptAt ?? null,
    })
    .where('job', '=', job)
    .where('period_key', '=', key)
    .where('status', '=', 'running')
    .where('attempts', '=', attempts)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Gives up on a run whose process died on its last allowed try. Conditional like a
 * claim, so only one process records it.
 */
export async function abandonRun(db: StateDb, seen: RunRow, now: number, error: string): Promise<boolean> {
  const r = await db
    .updateTable('scheduled_runs')
    .set({ status: 'failed', finished_at: now, next_attempt_at: null, error: error.slice(0, ERROR_MAX) })
    .where('job', '=', seen.job)
    .where('period_key', '=', seen.period_key)
    .where('status', '=', 'running')
    .where('attempts', '=', seen.attempts)
    .where('heartbeat_at', '=', seen.heartbeat_at)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Runs for operators, the latest started first. */
export async function listRuns(db: StateDb, q: RunsQuery): Promise<RunRow[]> {
  let s = db.selectFrom('scheduled_runs').selectAll();
  if (q.job !== undefined) s = s.where('job', '=', q.job);
  if (q.status !== undefined) s = s.where('status', '=', q.status);
  return s
    .orderBy('started_at', 'desc')
    .orderBy('job')
    .orderBy('period_key', 'desc')
    .limit(q.limit)
    .execute();
}
