/**
 * The weekly summary mail (issue 6): every Monday, per company, the week just ended in
 * plain words — scans, intrusion attempts, suspicious outbound traffic, viruses per
 * channel, stopped applications, spam, open alerts — with a link to the portal.
 * docs/notifications.md "Weekly mail".
 */
export { gatherWeeklyFigures, type ItemFigure, type WeeklyFigures } from './figures.js';
export {
  sendWeeklySummaries,
  WEEKLY_SUMMARY_CRON,
  WEEKLY_SUMMARY_JOB,
  type WeeklySummaryOptions,
  weeklySummaryJob,
} from './job.js';
export { weekDashboardLink, weeklyMailPlan } from './mail.js';
export { parseWeekKey, summaryWeek, WeekKeyError, weekKey } from './period.js';
