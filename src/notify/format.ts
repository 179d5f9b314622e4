/**
 * Dates and links as a mail shows them. Times are Japan time whatever the server's zone:
 * the service and its customers are in Japan, and a mail cannot adapt to the reader.
 */
import type { MailLocale } from './templates.js';

const TZ = 'Asia/Tokyo';

const dateTime: Record<MailLocale, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', {
    timeZone: TZ,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
};
const timeOnly = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dayKey = new Intl.DateTimeFormat('en-CA', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** "2026年4月1日(水) 10:00" / "Wed, 1 Apr 2026, 10:00 JST". */
export function formatDateTime(ms: number, locale: MailLocale): string {
  const s = dateTime[locale].format(ms);
  return locale === 'en' ? `${s} JST` : s;
}

/** The end of a time span: only the time when it falls on the start's day. */
export function formatEnd(startMs: number, endMs: number, locale: MailLocale): string {
  if (dayKey.format(startMs) === dayKey.format(endMs)) {
    const t = timeOnly.format(endMs);
    return locale === 'en' ? `${t} JST` : t;
  }
  return formatDateTime(endMs, locale);
}

/**
 * Portal pages the mails link to. The SPA serves these paths (the desk pages are added
 * with issue 5); ids are encoded so a link can never leave its path segment.
 */
export const PORTAL_PATHS = {
  companyDashboard: (tenant: string) => `/companies/${enc(tenant)}`,
  companyAlerts: (tenant: string) => `/companies/${enc(tenant)}/alerts`,
  companyCase: (tenant: string, caseId: string) => `/companies/${enc(tenant)}/consultations/${enc(caseId)}`,
  companyReports: (tenant: string) => `/companies/${enc(tenant)}/reports`,
  /** the PDF itself (an API path: it answers once the reader is signed in to the portal) */
  companyReportPdf: (tenant: string, reportId: string) =>
    `/api/companies/${enc(tenant)}/reports/${enc(reportId)}/pdf`,
  deskAlert: (alertId: string) => `/desk/alerts/${enc(alertId)}`,
  deskCase: (caseId: string) => `/desk/cases/${enc(caseId)}`,
  deskDispatch: (dispatchId: string) => `/desk/dispatches/${enc(dispatchId)}`,
} as const;

function enc(s: string): string {
  return encodeURIComponent(s);
}

/** The portal's base URL without a trailing slash; only http(s) is accepted. */
export function normalizePortalUrl(url: string): string {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('the portal URL must be http(s)');
  return u.toString().replace(/\/+$/, '');
}
