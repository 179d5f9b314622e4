/** Row types of the scheduler (migration 0006-schedule). */

export interface ScheduledRunsTable {
  job: string;
  period_key: string;
  /** 'running' | 'done' | 'failed' | 'skipped' */
  status: string;
  attempts: number;
  due_at: number;
  started_at: number;
  heartbeat_at: number;
  finished_at: number | null;
  next_attempt_at: number | null;
  owner: string | null;
  error: string | null;
  /** JSON: what the run reported (counts), or why it was skipped */
  detail: string | null;
}

export interface ScheduleTables {
  scheduled_runs: ScheduledRunsTable;
}
