/**
 * One company's weekly summary as a mail plan for the outbox: the template variables per
 * language (content/mail/templates.json, kind `weekly-summary`) and the key that makes
 * each recipient get one mail per week, however often the run is repeated.
 */

import type { Category } from '../../event/event.js';
import { PORTAL_PATHS } from '../../notify/format.js';
import type { MailPlan } from '../../notify/policy.js';
import type { Recipient } from '../../notify/recipients.js';
import type { MailLocale } from '../../notify/templates.js';
import { type PortalContent, portalContent } from '../../portal/content.js';
import { USAGE_ITEMS } from '../../portal/dashboard.js';
import { letThrough, type WeeklyFigures } from './figures.js';
import { lastDay, tokyoYmd, weekKey } from './period.js';
import { handled, itemList, num, percent, versus, weekLabel, weekShort } from './words.js';

export interface WeeklyMailInput {
  tenant: string;
  company: { ja: string; en: string };
  figures: WeeklyFigures;
  recipients: Recipient[];
  /** the portal's base URL, without a trailing slash */
  portalUrl: string;
  content?: PortalContent;
}

/** The outbox key of a company's week; the outbox adds the address. */
export function weeklyMailKey(tenant: string, week: WeeklyFigures['week']): string {
  return `weekly-summary:${tenant}:${weekKey(week)}`;
}

/** The dashboard showing exactly that week (the portal's custom period, end day inclusive). */
export function weekDashboardLink(portalUrl: string, tenant: string, week: WeeklyFigures['week']): string {
  const q = new URLSearchParams({ period: 'custom', from: tokyoYmd(week.from), to: tokyoYmd(lastDay(week)) });
  return `${portalUrl}${PORTAL_PATHS.companyDashboard(tenant)}?${q.toString()}`;
}

/** Exactly one of the four opening lines of the mail is set (a flag the template tests). */
function headline(f: WeeklyFigures): 'noLogs' | 'leaked' | 'attention' | 'allClear' {
  if (f.events === 0) return 'noLogs';
  if (letThrough(f) > 0) return 'leaked';
  if (f.openAlerts > 0) return 'attention';
  return 'allClear';
}

export function weeklyVars(input: WeeklyMailInput, locale: MailLocale): Record<string, string> {
  const f = input.figures;
  const items = (input.content ?? portalContent()).items;
  const n = (x: number) => num(x, locale);
  const line = headline(f);
  const flag = (name: typeof line, value = '1') => (line === name ? value : '');
  const blockedDetail = itemList(
    USAGE_ITEMS.map((c: Category) => ({ name: items[c][locale].name, n: f.blockedApps.byItem[c] ?? 0 })),
    locale,
  );
  return {
    company: input.company[locale],
    portalUrl: input.portalUrl,
    link: weekDashboardLink(input.portalUrl, input.tenant, f.week),
    alertsLink: input.portalUrl + PORTAL_PATHS.companyAlerts(input.tenant),
    period: weekLabel(f.week, locale),
    periodShort: weekShort(f.week, locale),
    noLogs: flag('noLogs'),
    leaked: flag('leaked', n(letThrough(f))),
    attention: flag('attention'),
    allClear: flag('allClear'),
    recon: n(f.recon.count),
    reconVs: versus(f.recon.count, f.recon.previous, locale),
    reconNote: handled(f.recon, locale, 'recorded'),
    intrusion: n(f.intrusion.count),
    intrusionVs: versus(f.intrusion.count, f.intrusion.previous, locale),
    intrusionNote: handled(f.intrusion, locale, 'stopped'),
    outbound: n(f.outbound.count),
    outboundVs: versus(f.outbound.count, f.outbound.previous, locale),
    outboundNote: handled(f.outbound, locale, 'stopped'),
    virus: n(f.virus.count),
    virusVs: versus(f.virus.count, f.virus.previous, locale),
    virusNote: handled(f.virus, locale, 'stopped'),
    virusWeb: n(f.virus.byChannel.web),
    virusMailReceive: n(f.virus.byChannel['mail-receive']),
    virusMailSend: n(f.virus.byChannel['mail-send']),
    virusFtp: n(f.virus.byChannel.ftp),
    virusOther: n(f.virus.byChannel.other),
    blockedApps: n(f.blockedApps.count),
    blockedAppsVs: versus(f.blockedApps.count, f.blockedApps.previous, locale),
    blockedAppsDetail: blockedDetail,
    spam: n(f.spam.count),
    spamVs: versus(f.spam.count, f.spam.previous, locale, '通'),
    // empty = unknown: the template shows a dash and says why
    mailsReceived: f.mailsReceived === null ? '' : n(f.mailsReceived),
    mailsReceivedVs:
      f.mailsReceived === null || f.mailsReceivedPrevious === null
        ? ''
        : versus(f.mailsReceived, f.mailsReceivedPrevious, locale, '通'),
    spamRatio: f.spamRatio === null ? '' : percent(f.spamRatio, locale),
    // a week without any record already says so in its opening line
    mailsNotLogged: f.mailLogging === 'none' && f.events > 0 ? '1' : '',
    mailsVerdictsOnly: f.mailLogging === 'verdicts-only' ? '1' : '',
    openAlerts: n(f.openAlerts),
  };
}

/** The plan the outbox renders for each recipient (in their language). */
export function weeklyMailPlan(input: WeeklyMailInput): MailPlan {
  return {
    kind: 'weekly-summary',
    tenant: input.tenant,
    audience: 'company',
    recipients: input.recipients,
    key: weeklyMailKey(input.tenant, input.figures.week),
    vars: (locale) => weeklyVars(input, locale),
  };
}
