/**
 * Runs named jobs on cron patterns (Japan time) — the weekly summary mail, the monthly
 * reports — once per period across every process that shares the state database.
 *
 * Each tick looks at every job's latest due occurrence and the run row of the period it
 * covers (scheduled_runs):
 *
 * - no row: the period is claimed by inserting one (`running`); the process whose insert
 *   lands runs it, any other skips it. A service that was down at the due time catches
 *   up at its next tick, for the latest period only (never a flood of old ones);
 * - `failed`: tried again once its back-off has passed, up to the job's limit;
 * - `running` without a heartbeat for `staleAfterMs`: the process died; another one takes
 *   the run over (or gives up on it when that was its last try);
 * - `done` / `skipped`: nothing to do.
 *
 * The first time a job is seen on a database, the period already due is recorded as
 * `skipped` instead of run, so installing or upgrading the service does not mail every
 * company a summary of a week it did not watch.
 */
import { hostname } from 'node:os';
import type { StateDb } from '../storage/state/state-db.js';
import { type CronSchedule, cronSchedule } from './cron.js';
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_STALE_AFTER_MS,
  defaultRetryDelayMs,
  jobNameSchema,
  type RunDetail,
  type ScheduledJob,
} from './model.js';
import {
  abandonRun,
  claimAgain,
  endRun,
  getRun,
  hasRuns,
  insertRun,
  type RunRow,
  touchRun,
} from './runs-repo.js';

export interface SchedulerOptions {
  db: StateDb;
  now?: () => number;
  log?: (msg: string) => void;
  /** How often due runs are looked for at the latest (default 30 s; due times wake it earlier). */
  tickMs?: number;
  /** This process in the runs table (default host:pid). */
  owner?: string;
  /** Record the period already due when a job is first seen as skipped (default true). */
  skipPeriodBeforeFirstRun?: boolean;
}

/** What one run (or the first sight of a job) came to. */
export interface RunOutcome {
  job: string;
  key: string;
  status: 'done' | 'failed' | 'skipped';
  attempt: number;
  detail?: RunDetail;
  error?: string;
  /** failed: when it is tried again (null = given up) */
  nextAttemptAt?: number | null;
}

export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

interface Entry {
  job: ScheduledJob;
  schedule: CronSchedule;
  maxAttempts: number;
  staleAfterMs: number;
  retryDelayMs: (failedAttempts: number) => number;
}

const DEFAULT_TICK_MS = 30_000;

export class Scheduler {
  private readonly db: StateDb;
  private readonly now: () => number;
  private readonly log: (msg: string) => void;
  private readonly tickMs: number;
  private readonly owner: string;
  private readonly skipFirst: boolean;
  private readonly entries = new Map<string, Entry>();
  /** per job: the run of this process in progress (one at a time per job) */
  private readonly inFlight = new Map<string, Promise<RunOutcome | null>>();
  /** jobs whose first sight on this database was already checked */
  private readonly seen = new Set<string>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private stopped = false;

  constructor(opts: SchedulerOptions) {
    this.db = opts.db;
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? (() => undefined);
    this.tickMs = opts.tickMs ?? DEFAULT_TICK_MS;
    this.owner = (opts.owner ?? `${hostname()}:${process.pid}`).slice(0, 200);
    this.skipFirst = opts.skipPeriodBeforeFirstRun ?? true;
  }

  /** Registers a job (before or after start). Throws ScheduleError on a bad name or pattern. */
  add(job: ScheduledJob): this {
    if (this.stopped) throw new ScheduleError('the scheduler is stopped');
    if (!jobNameSchema.safeParse(job.name).success)
      throw new ScheduleError(`job name "${job.name}": lower-case letters, digits and hyphens`);
    if (this.entries.has(job.name)) throw new ScheduleError(`job "${job.name}" is already scheduled`);
    let schedule: CronSchedule;
    try {
      schedule = cronSchedule(job.cron);
    } catch (e) {
      throw new ScheduleError(`job "${job.name}": ${(e as Error).message}`);
    }
    this.entries.set(job.name, {
      job,
      schedule,
      maxAttempts: Math.max(1, job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
      staleAfterMs: Math.max(4_000, job.staleAfterMs ?? DEFAULT_STALE_AFTER_MS),
      retryDelayMs: (n) => job.retryDelayMs?.(n) ?? defaultRetryDelayMs(n),
    });
    return this;
  }

  /** The registered jobs and when each is next due. */
  jobs(nowMs = this.now()): { name: string; cron: string; nextDueAt: number | null }[] {
    return [...this.entries.values()].map((e) => ({
      name: e.job.name,
      cron: e.job.cron,
      nextDueAt: e.schedule.nextDue(nowMs),
    }));
  }

  /** Starts ticking: the first tick (catch-up) right away, in the background. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    const now = this.now();
    for (const j of this.jobs(now))
      this.log(
        `schedule: ${j.name} (${j.cron}, Japan time), next ${j.nextDueAt === null ? 'never' : japanTime(j.nextDueAt)}`,
      );
    this.arm(0);
  }

  /**
   * Starts every run that is due at `nowMs` and resolves with their outcomes once they
   * have finished. Runs already in progress in this process are left alone.
   */
  async runDue(nowMs = this.now()): Promise<RunOutcome[]> {
    const started = this.dispatch(nowMs);
    const outcomes = await Promise.all(started);
    return outcomes.filter((o): o is RunOutcome => o !== null);
  }

  /** Stops ticking, tells running jobs to wind up (ctx.signal) and waits for them. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort.abort();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private arm(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.tick(), delayMs);
    this.timer.unref();
  }

  private tick(): void {
    this.timer = null;
    if (this.stopped) return;
    const now = this.now();
    // runs go on in the background; the next tick does not wait for them
    for (const p of this.dispatch(now)) p.catch(() => undefined);
    let next = now + this.tickMs;
    for (const e of this.entries.values()) {
      const due = e.schedule.nextDue(now);
      if (due !== null && due < next) next = due;
    }
    // a little after the due second, so that the clock has surely reached it
    this.arm(Math.max(0, next - now) + 50);
  }

  private dispatch(nowMs: number): Promise<RunOutcome | null>[] {
    if (this.stopped) return [];
    const out: Promise<RunOutcome | null>[] = [];
    for (const entry of this.entries.values()) {
      const name = entry.job.name;
      if (this.inFlight.has(name)) continue;
      const p = this.consider(entry, nowMs)
        .catch((e: Error) => {
          // a database hiccup: nothing was claimed or the claim goes stale; the next tick retries
          this.log(`schedule: ${name}: could not check or record its run: ${e.message}`);
          return null;
        })
        .finally(() => this.inFlight.delete(name));
      this.inFlight.set(name, p);
      out.push(p);
    }
    return out;
  }

  /** Decides about one job's latest due period and runs it when this process wins it. */
  private async consider(entry: Entry, nowMs: number): Promise<RunOutcome | null> {
    const { job } = entry;
    const dueAt = entry.schedule.latestDue(nowMs);
    if (dueAt === null) return null;
    const key = job.periodKey(dueAt);
    if (!this.seen.has(job.name)) {
      const firstSight = this.skipFirst && !(await hasRuns(this.db, job.name));
      this.seen.add(job.name);
      if (firstSight) {
        const skipped = await insertRun(this.db, {
          ...this.newRow(job.name, key, dueAt, nowMs),
          status: 'skipped',
          attempts: 0,
          finished_at: nowMs,
          detail: JSON.stringify({ reason: 'due before the job was first scheduled on this database' }),
        });
        if (skipped) {
          this.log(
            `schedule: ${job.name} ${key} skipped: it fell due before the job was first scheduled here`,
          );
          return { job: job.name, key, status: 'skipped', attempt: 0 };
        }
      }
    }
    const row = await getRun(this.db, job.name, key);
    if (!row) {
      const claimed = await insertRun(this.db, this.newRow(job.name, key, dueAt, nowMs));
      return claimed ? this.execute(entry, key, dueAt, 1) : null;
    }
    if (row.status === 'running') return this.takeOverStale(entry, row, nowMs);
    if (row.status === 'failed') {
      if (row.next_attempt_at === null || nowMs < row.next_attempt_at) return null;
      if (row.attempts >= entry.maxAttempts) return null;
      if (!(await claimAgain(this.db, row, { now: nowMs, owner: this.owner }))) return null;
      this.log(`schedule: ${job.name} ${key}: try ${row.attempts + 1} of ${entry.maxAttempts}`);
      return this.execute(entry, key, row.due_at, row.attempts + 1);
    }
    return null; // done or skipped
  }

  /** A run whose process stopped renewing its heartbeat: take it over, or give it up. */
  private async takeOverStale(entry: Entry, row: RunRow, nowMs: number): Promise<RunOutcome | null> {
    if (nowMs - row.heartbeat_at < entry.staleAfterMs) return null;
    const { job } = entry;
    const who = row.owner ?? 'another process';
    if (row.attempts >= entry.maxAttempts) {
      const error = `the run was abandoned by ${who} on its last try`;
      if (await abandonRun(this.db, row, nowMs, error)) {
        this.log(`schedule: ${job.name} ${row.period_key}: ${error}; giving up`);
        return {
          job: job.name,
          key: row.period_key,
          status: 'failed',
          attempt: row.attempts,
          error,
          nextAttemptAt: null,
        };
      }
      return null;
    }
    if (!(await claimAgain(this.db, row, { now: nowMs, owner: this.owner }))) return null;
    this.log(`schedule: ${job.name} ${row.period_key}: taking over the run ${who} left unfinished`);
    return this.execute(entry, row.period_key, row.due_at, row.attempts + 1);
  }

  private newRow(job: string, key: string, dueAt: number, nowMs: number): RunRow {
    return {
      job,
      period_key: key,
      status: 'running',
      attempts: 1,
      due_at: dueAt,
      started_at: nowMs,
      heartbeat_at: nowMs,
      finished_at: null,
      next_attempt_at: null,
      owner: this.owner,
      error: null,
      detail: null,
    };
  }

  /** Runs a claimed period with a heartbeat, and records how it ended. */
  private async execute(entry: Entry, key: string, dueAt: number, attempt: number): Promise<RunOutcome> {
    const { job } = entry;
    const name = job.name;
    const heartbeat = setInterval(() => {
      touchRun(this.db, name, key, attempt, this.now())
        .then((ours) => {
          if (!ours) this.log(`schedule: ${name} ${key}: another process has taken this run over`);
        })
        .catch((e: Error) => this.log(`schedule: ${name} ${key}: heartbeat failed: ${e.message}`));
    }, entry.staleAfterMs / 4);
    heartbeat.unref();
    const startedAt = this.now();
    try {
      const detail = await job.run(key, {
        dueAt,
        attempt,
        signal: this.abort.signal,
        now: this.now,
        log: (msg) => this.log(`schedule: ${name} ${key}: ${msg}`),
      });
      const now = this.now();
      const ours = await endRun(this.db, name, key, attempt, { status: 'done', now, detail: detail ?? null });
      if (!ours) this.log(`schedule: ${name} ${key}: finished, but another process had taken the run over`);
      this.log(`schedule: ${name} ${key} done in ${seconds(now - startedAt)}${summary(detail)}`);
      return { job: name, key, status: 'done', attempt, detail: detail ?? undefined };
    } catch (e) {
      const error = errorText(e);
      const now = this.now();
      // a run cut short by shutdown goes again at the next start, without using up a try
      const interrupted = this.abort.signal.aborted;
      const last = !interrupted && attempt >= entry.maxAttempts;
      const nextAttemptAt = last ? null : interrupted ? now : now + entry.retryDelayMs(attempt);
      await endRun(this.db, name, key, attempt, {
        status: 'failed',
        now,
        error: interrupted ? `interrupted by shutdown: ${error}` : error,
        nextAttemptAt,
        refund: interrupted,
      }).catch((err: Error) =>
        this.log(`schedule: ${name} ${key}: could not record the failure: ${err.message}`),
      );
      this.log(
        `schedule: ${name} ${key} failed (try ${attempt} of ${entry.maxAttempts}): ${error}${
          nextAttemptAt === null ? '; giving up' : `; next try ${japanTime(nextAttemptAt)}`
        }`,
      );
      return { job: name, key, status: 'failed', attempt, error, nextAttemptAt };
    } finally {
      clearInterval(heartbeat);
    }
  }
}

/** "2026-11-30 08:00 JST": how operators read the schedule. */
function japanTime(ms: number): string {
  return `${new Date(ms + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')} JST`;
}

function errorText(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s+/g, ' ').trim() || 'failed without a message';
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function summary(detail: RunDetail | undefined): string {
  if (!detail) return '';
  const parts = Object.entries(detail).map(([k, v]) => `${k}: ${v}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
