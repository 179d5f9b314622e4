/**
 * The scheduler (issue 6): named jobs on cron patterns in Japan time, each period run
 * once across the processes sharing the state database (docs/scheduling.md).
 *
 *   const scheduler = new Scheduler({ db, log });
 *   scheduler.add(weeklySummaryJob({ … })).add(monthlyReportsJob({ … }));
 *   scheduler.start();
 *   …
 *   await scheduler.stop();
 */
export { CronPatternError, cronSchedule, SCHEDULE_TZ } from './cron.js';
export { type ScheduledJobsDeps, scheduledJobs } from './jobs.js';
export {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_STALE_AFTER_MS,
  defaultRetryDelayMs,
  type JobContext,
  RUN_STATUSES,
  type RunDetail,
  type RunStatus,
  type ScheduledJob,
} from './model.js';
export { scheduleRoutes } from './routes.js';
export { type RunOutcome, ScheduleError, Scheduler, type SchedulerOptions } from './scheduler.js';
