/**
 * The mail that tells a company its monthly report is ready (SPEC §5: the report is
 * "scheduled monthly … and mailed"): to the same people as the weekly summary, a short
 * note with the month, a link to the PDF and one to the report archive. The PDF is not
 * attached: a report stays behind the portal's login, and the link opens it once the
 * reader is signed in. docs/notifications.md "Monthly report mail".
 */
import { PORTAL_PATHS } from '../../notify/format.js';
import type { MailNotifier } from '../../notify/outbox.js';
import type { MailPlan } from '../../notify/policy.js';
import type { Recipient } from '../../notify/recipients.js';
import type { MailLocale } from '../../notify/templates.js';
import { tokyoDate } from '../../portal/period.js';
import type { StateDb } from '../../storage/state/state-db.js';
import { weeklyRecipients } from '../weekly/recipients.js';
import type { ReportRow } from './repo.js';

/** What the report queue needs of the mail outbox (startMail().outbox). */
export type ReportMailOutbox = Pick<MailNotifier, 'queuePlans' | 'portalUrl'>;

export type ReadyReport = Pick<ReportRow, 'id' | 'period_from' | 'lang'> & { tenant: string };

export interface ReportReadyInput {
  report: ReadyReport;
  company: { ja: string; en: string };
  recipients: Recipient[];
  /** the portal's base URL, without a trailing slash */
  portalUrl: string;
}

const EN_MONTH = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "2026年10月" / "October 2026": the Tokyo calendar month the report covers. */
export function reportMonthLabel(fromMs: number, locale: MailLocale): string {
  const { y, m } = tokyoDate(fromMs);
  return locale === 'ja' ? `${y}年${m}月` : `${EN_MONTH[m - 1]} ${y}`;
}

/**
 * The outbox key of one report's mail; the outbox adds the address. A report made again
 * (a restart in the middle, a second process) keeps its id, so nobody is mailed twice.
 */
export function reportReadyKey(report: Pick<ReadyReport, 'id' | 'tenant'>): string {
  return `report-ready:${report.tenant}:${report.id}`;
}

export function reportReadyVars(input: ReportReadyInput, locale: MailLocale): Record<string, string> {
  const { report, portalUrl } = input;
  return {
    company: input.company[locale],
    portalUrl,
    link: portalUrl + PORTAL_PATHS.companyReports(report.tenant),
    pdfLink: portalUrl + PORTAL_PATHS.companyReportPdf(report.tenant, report.id),
    month: reportMonthLabel(Number(report.period_from), locale),
    langNote: report.lang === locale ? '' : '1',
  };
}

/** The plan the outbox renders for each recipient (in their language). */
export function reportReadyPlan(input: ReportReadyInput): MailPlan {
  return {
    kind: 'report-ready',
    tenant: input.report.tenant,
    audience: 'company',
    recipients: input.recipients,
    key: reportReadyKey(input.report),
    vars: (locale) => reportReadyVars(input, locale),
  };
}

/**
 * Queues the "your report is ready" mail of a finished report to the company's people;
 * resolves to the number of new mails (0 when nobody has an address, or all were queued
 * before).
 */
export async function mailReportReady(
  db: StateDb,
  outbox: ReportMailOutbox,
  report: ReadyReport,
): Promise<number> {
  const recipients = await weeklyRecipients(db, report.tenant);
  if (recipients.length === 0) return 0;
  const c = await db
    .selectFrom('companies')
    .select(['name', 'name_en'])
    .where('id', '=', report.tenant)
    .executeTakeFirst();
  const company = c
    ? { ja: c.name, en: c.name_en?.trim() || c.name }
    : { ja: report.tenant, en: report.tenant };
  return outbox.queuePlans([reportReadyPlan({ report, company, recipients, portalUrl: outbox.portalUrl })]);
}
