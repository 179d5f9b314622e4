/**
 * The monthly diagnostic reports as a scheduled job: on the 1st at 06:00 Japan time,
 * last month's report of every company with a UTM is filed in the report queue (durable
 * rows, made one by one in the background). A repeated run files nothing twice: each
 * report's dedup key is the company, the month and the language.
 */
import { tokyoDate, tokyoMidnight } from '../../portal/period.js';
import type { JobContext, RunDetail, ScheduledJob } from '../../schedule/model.js';
import type { StateDb } from '../../storage/state/state-db.js';
import type { ReportJobs } from './jobs.js';

export const MONTHLY_REPORTS_JOB = 'monthly-reports';
/** The 1st at 06:00 Japan time: ready before the working day starts. */
export const MONTHLY_REPORTS_CRON = '0 6 1 * *';

/** `2026-10` for a run due in November 2026 (Tokyo): the month before. */
export function reportMonthKey(dueAt: number): string {
  const { y, m } = tokyoDate(dueAt);
  const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
  return `${py}-${String(pm).padStart(2, '0')}`;
}

export function monthOfKey(key: string): { from: number; to: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (!m) throw new Error(`not a month key: ${key}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return { from: tokyoMidnight(y, mo), to: mo === 12 ? tokyoMidnight(y + 1, 1) : tokyoMidnight(y, mo + 1) };
}

export function monthlyReportsJob(opts: {
  db: StateDb;
  reports: Pick<ReportJobs, 'request'>;
  cron?: string;
}): ScheduledJob {
  return {
    name: MONTHLY_REPORTS_JOB,
    cron: opts.cron ?? MONTHLY_REPORTS_CRON,
    periodKey: reportMonthKey,
    run: (key, ctx) => fileMonthlyReports(opts, key, ctx),
  };
}

/**
 * Files month `key`'s report of every company that had a UTM before the month ended
 * (the others have nothing to report); `anyUtm` takes every company with a UTM (the
 * demo, whose UTMs are registered after the months its logs cover).
 */
export async function fileMonthlyReports(
  opts: { db: StateDb; reports: Pick<ReportJobs, 'request'> },
  key: string,
  ctx: Pick<JobContext, 'signal' | 'log'>,
  o: { anyUtm?: boolean } = {},
): Promise<RunDetail> {
  const month = monthOfKey(key);
  const companies = await opts.db
    .selectFrom('companies')
    .select('id')
    .where('id', 'in', (eb) => {
      const devices = eb.selectFrom('devices').select('tenant');
      return o.anyUtm ? devices : devices.where('created_at', '<', month.to);
    })
    .orderBy('id')
    .execute();
  for (const c of companies) {
    if (ctx.signal.aborted) throw new Error('stopping: the rest is filed at the next start');
    await opts.reports.request({
      tenant: c.id,
      ...month,
      lang: 'ja',
      kind: 'monthly',
      createdBy: null,
      dedupKey: `monthly:${c.id}:${key}:ja`,
    });
  }
  ctx.log(`monthly reports ${key}: ${companies.length} companies in the queue`);
  return { month: key, companies: companies.length };
}
