/**
 * What the scheduler runs: named jobs on cron patterns (Japan time), each run covering
 * one period that the job names (`2026-11-16/2026-11-23` for a week, `2026-10` for a
 * month). A period is run once across every process sharing the state database.
 */
import { z } from 'zod';

export const RUN_STATUSES = ['running', 'done', 'failed', 'skipped'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** What a run reports (counts, never personal data): stored as JSON with the run. */
export type RunDetail = Record<string, string | number | boolean | null>;

export interface JobContext {
  /** The cron occurrence the run is for; a catch-up run starts later than this. */
  dueAt: number;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  /**
   * Aborted when the process is stopping. A job may stop at a safe point by throwing
   * (the run is then retried at the next start) or simply finish.
   */
  signal: AbortSignal;
  now: () => number;
  log: (msg: string) => void;
}

export interface ScheduledJob {
  /** Unique and never renamed: it keys the job's runs in the state database. */
  readonly name: string;
  /** Five-field cron pattern in Japan time, e.g. `0 8 * * 1` (Mondays 08:00). */
  readonly cron: string;
  /** The period a run due at `dueAt` covers; the same period must give the same key. */
  periodKey(dueAt: number): string;
  /** Does the work of period `key`; may be called again for it after a failure, so it must be idempotent. */
  run(key: string, ctx: JobContext): Promise<RunDetail | undefined>;
  /** Tries per period before the run stays failed (default 5). */
  readonly maxAttempts?: number;
  /** Wait after the n-th failed try (default 5, 10, 20, … minutes, at most 2 hours). */
  retryDelayMs?(failedAttempts: number): number;
  /**
   * How long a run may go without a heartbeat before another process takes it over
   * (its process died). Default 15 minutes; heartbeats come every quarter of it.
   */
  readonly staleAfterMs?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_STALE_AFTER_MS = 15 * 60_000;
const MINUTE = 60_000;

export function defaultRetryDelayMs(failedAttempts: number): number {
  return Math.min(120 * MINUTE, 5 * MINUTE * 2 ** Math.max(0, failedAttempts - 1));
}

/** A job name as it may appear in a URL and a log line. */
export const jobNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, 'lower-case letters, digits and hyphens, starting with a letter');

export const runsQuery = z.strictObject({
  job: jobNameSchema.optional(),
  status: z.enum(RUN_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type RunsQuery = z.output<typeof runsQuery>;
