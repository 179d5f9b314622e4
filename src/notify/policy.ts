/**
 * Who is told what (docs/notifications.md "Who gets what"): turns one desk event into
 * mail plans — an audience, its recipients, the template variables per language and a
 * stable key that, with the address, makes the outbox's de-duplication key.
 *
 * Company mails carry only that company's own data and company-visible text; staff
 * mails about one company carry only that company's data too.
 */
import { createHash } from 'node:crypto';
import { getSettings } from '../accounts/settings-repo.js';
import { RULE_LEVELS } from '../desk/model.js';
import type { StateDb } from '../storage/state/state-db.js';
import { formatDateTime, formatEnd, PORTAL_PATHS } from './format.js';
import type { NotificationEvent } from './model.js';
import {
  alertStaff,
  companyContacts,
  consultationStaff,
  dedupe,
  type Recipient,
  staffName,
  staffUser,
} from './recipients.js';
import type { Audience, MailKind, MailLabels, MailLocale } from './templates.js';

/** Case statuses the company is told about without a message. */
export const COMPANY_STATUS_MAILS: readonly string[] = ['waiting', 'resolved', 'closed'];
/** Alert levels a company is ever mailed about (whatever the staff threshold). */
export const COMPANY_ALERT_LEVELS: readonly string[] = ['high', 'critical'];

export interface MailPlan {
  kind: MailKind;
  tenant: string;
  audience: Audience;
  recipients: Recipient[];
  /** the template variables for one language; `name` is filled per recipient */
  vars(locale: MailLocale): Record<string, string>;
  /** identifies this notification; `${key}:${address}` is the outbox dedup key */
  key: string;
}

/** A rule's plain-language explanation for the company, by rule id (null = none). */
export type RuleExplain = (ruleId: string) => { ja: string; en: string } | null;

export interface PolicyContext {
  db: StateDb;
  portalUrl: string;
  labels: MailLabels;
  /** used when the alert event carries no `explain` of its own */
  ruleExplain?: RuleExplain;
}

export function levelRank(level: string): number {
  return (RULE_LEVELS as readonly string[]).indexOf(level);
}

function label(map: Record<string, { ja: string; en: string }>, key: string, locale: MailLocale): string {
  return map[key]?.[locale] ?? key;
}

async function companyName(db: StateDb, tenant: string): Promise<{ ja: string; en: string }> {
  const c = await db
    .selectFrom('companies')
    .select(['name', 'name_en'])
    .where('id', '=', tenant)
    .executeTakeFirst();
  if (!c) return { ja: tenant, en: tenant };
  return { ja: c.name, en: c.name_en?.trim() || c.name };
}

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}

/** The mails one event causes (empty when nobody is to be told). */
export async function planMails(ctx: PolicyContext, event: NotificationEvent): Promise<MailPlan[]> {
  switch (event.kind) {
    case 'alert-new':
      return planAlert(ctx, event);
    case 'case-created':
      return planCaseCreated(ctx, event);
    case 'case-updated':
      return planCaseUpdated(ctx, event);
    case 'case-assigned':
      return planCaseAssigned(ctx, event);
    case 'dispatch-scheduled':
      return planDispatchScheduled(ctx, event);
    case 'dispatch-reported':
      return planDispatchReported(ctx, event);
  }
}

type EventOf<K extends MailKind> = Extract<NotificationEvent, { kind: K }>;

async function planAlert(ctx: PolicyContext, e: EventOf<'alert-new'>): Promise<MailPlan[]> {
  const rank = levelRank(e.level);
  const min = (await getSettings(ctx.db))['notify.alert_min_level'];
  if (rank < 0 || rank < levelRank(min)) return [];
  const company = await companyName(ctx.db, e.tenant);
  const explain = e.explain ?? ctx.ruleExplain?.(e.ruleId) ?? null;
  const base = (locale: MailLocale) => ({
    company: company[locale],
    portalUrl: ctx.portalUrl,
    title: (locale === 'ja' ? e.titleJa || e.title : e.title || e.titleJa).trim(),
    level: e.level,
    levelLabel: label(ctx.labels.level, e.level, locale),
    levelPlain: label(ctx.labels.levelPlain, e.level, locale),
    ruleId: e.ruleId,
    count: String(e.count),
    firstSeen: formatDateTime(e.firstSeenMs, locale),
    explain: explain?.[locale]?.trim() ?? '',
    alertId: e.alertId,
  });
  const key = `alert-new:${e.alertId}`;
  const plans: MailPlan[] = [];
  if (COMPANY_ALERT_LEVELS.includes(e.level)) {
    plans.push({
      kind: e.kind,
      tenant: e.tenant,
      audience: 'company',
      recipients: await companyContacts(ctx.db, e.tenant),
      key,
      vars: (l) => ({ ...base(l), link: ctx.portalUrl + PORTAL_PATHS.companyAlerts(e.tenant) }),
    });
  }
  plans.push({
    kind: e.kind,
    tenant: e.tenant,
    audience: 'staff',
    recipients: await alertStaff(ctx.db, e.tenant),
    key,
    vars: (l) => ({ ...base(l), link: ctx.portalUrl + PORTAL_PATHS.deskAlert(e.alertId) }),
  });
  return plans;
}

async function planCaseCreated(ctx: PolicyContext, e: EventOf<'case-created'>): Promise<MailPlan[]> {
  const company = await companyName(ctx.db, e.tenant);
  const base = (locale: MailLocale) => ({
    company: company[locale],
    portalUrl: ctx.portalUrl,
    caseNumber: e.number,
    title: e.title,
    channelLabel: label(ctx.labels.channel, e.channel, locale),
    priorityLabel: label(ctx.labels.priority, e.priority, locale),
  });
  const key = `case-created:${e.caseId}`;
  const plans: MailPlan[] = [];
  // a receipt only for what the company sent itself through the portal
  if (e.channel === 'web') {
    plans.push({
      kind: e.kind,
      tenant: e.tenant,
      audience: 'company',
      recipients: await companyContacts(ctx.db, e.tenant),
      key,
      vars: (l) => ({ ...base(l), link: ctx.portalUrl + PORTAL_PATHS.companyCase(e.tenant, e.caseId) }),
    });
  }
  plans.push({
    kind: e.kind,
    tenant: e.tenant,
    audience: 'staff',
    recipients: await consultationStaff(ctx.db),
    key,
    vars: (l) => ({ ...base(l), link: ctx.portalUrl + PORTAL_PATHS.deskCase(e.caseId) }),
  });
  return plans;
}

async function planCaseUpdated(ctx: PolicyContext, e: EventOf<'case-updated'>): Promise<MailPlan[]> {
  const status = e.change.status ?? '';
  const message = e.change.message?.trim() ?? '';
  const byCompany = e.change.by === 'company';
  const tellCompany = !byCompany && (COMPANY_STATUS_MAILS.includes(status) || message !== '');
  const tellStaff = byCompany && (message !== '' || status !== '');
  if (!tellCompany && !tellStaff) return [];
  const row = await ctx.db
    .selectFrom('desk_cases')
    .select(['updated_at', 'assignee_id'])
    .where('tenant', '=', e.tenant)
    .where('id', '=', e.caseId)
    .executeTakeFirst();
  // without the timeline entry, the case's last change tells a repeat from a new change
  const change = e.change.entryId ?? `${status}:${shortHash(message)}:${row?.updated_at ?? ''}`;
  const key = `case-updated:${e.caseId}:${change}`;
  const company = await companyName(ctx.db, e.tenant);
  const base = (locale: MailLocale) => ({
    company: company[locale],
    portalUrl: ctx.portalUrl,
    caseNumber: e.number,
    title: e.title,
    status,
    statusLabel: status ? label(ctx.labels.caseStatus, status, locale) : '',
    statusText: status ? label(ctx.labels.caseStatusText, status, locale) : '',
    message,
  });
  if (tellCompany) {
    return [
      {
        kind: e.kind,
        tenant: e.tenant,
        audience: 'company',
        recipients: await companyContacts(ctx.db, e.tenant),
        key,
        vars: (l) => ({ ...base(l), link: ctx.portalUrl + PORTAL_PATHS.companyCase(e.tenant, e.caseId) }),
      },
    ];
  }
  const assignee = row?.assignee_id ? await staffUser(ctx.db, row.assignee_id) : null;
  return [
    {
      kind: e.kind,
      tenant: e.tenant,
      audience: 'staff',
      recipients: dedupe([...(assignee ? [assignee] : []), ...(await consultationStaff(ctx.db))]),
      key,
      vars: (l) => ({ ...base(l), link: ctx.portalUrl + PORTAL_PATHS.deskCase(e.caseId) }),
    },
  ];
}

/** The staff member a case was given to (not when they took it themself). */
async function planCaseAssigned(ctx: PolicyContext, e: EventOf<'case-assigned'>): Promise<MailPlan[]> {
  if (e.byUserId === e.assigneeId) return [];
  const assignee = await staffUser(ctx.db, e.assigneeId);
  if (!assignee) return [];
  const company = await companyName(ctx.db, e.tenant);
  return [
    {
      kind: e.kind,
      tenant: e.tenant,
      audience: 'staff',
      recipients: [assignee],
      key: `case-assigned:${e.caseId}:${e.assigneeId}:${e.at}`,
      vars: (l) => ({
        company: company[l],
        portalUrl: ctx.portalUrl,
        caseNumber: e.number,
        title: e.title,
        priorityLabel: label(ctx.labels.priority, e.priority, l),
        link: ctx.portalUrl + PORTAL_PATHS.deskCase(e.caseId),
      }),
    },
  ];
}

async function planDispatchScheduled(
  ctx: PolicyContext,
  e: EventOf<'dispatch-scheduled'>,
): Promise<MailPlan[]> {
  const company = await companyName(ctx.db, e.tenant);
  const engineerName = e.engineerId ? await staffName(ctx.db, e.engineerId) : null;
  const base = (locale: MailLocale) => ({
    company: company[locale],
    portalUrl: ctx.portalUrl,
    caseNumber: e.caseNumber,
    dispatchNumber: e.number,
    start: formatDateTime(e.scheduledStart, locale),
    end: e.scheduledEnd !== null ? formatEnd(e.scheduledStart, e.scheduledEnd, locale) : '',
    siteAddress: e.siteAddress?.trim() ?? '',
    engineerName: engineerName ?? '',
  });
  // a new time or another engineer is a new notification; the same schedule again is not
  const key = `dispatch-scheduled:${e.dispatchId}:${e.scheduledStart}:${e.engineerId ?? ''}`;
  const plans: MailPlan[] = [
    {
      kind: e.kind,
      tenant: e.tenant,
      audience: 'company',
      recipients: await companyContacts(ctx.db, e.tenant),
      key,
      vars: (l) => ({ ...base(l), link: ctx.portalUrl + PORTAL_PATHS.companyCase(e.tenant, e.caseId) }),
    },
  ];
  const engineer = e.engineerId ? await staffUser(ctx.db, e.engineerId) : null;
  if (engineer) {
    plans.push({
      kind: e.kind,
      tenant: e.tenant,
      audience: 'staff',
      recipients: [engineer],
      key,
      vars: (l) => ({ ...base(l), link: ctx.portalUrl + PORTAL_PATHS.deskDispatch(e.dispatchId) }),
    });
  }
  return plans;
}

async function planDispatchReported(
  ctx: PolicyContext,
  e: EventOf<'dispatch-reported'>,
): Promise<MailPlan[]> {
  const company = await companyName(ctx.db, e.tenant);
  return [
    {
      kind: e.kind,
      tenant: e.tenant,
      audience: 'company',
      recipients: await companyContacts(ctx.db, e.tenant),
      key: `dispatch-reported:${e.dispatchId}`,
      vars: (l) => ({
        company: company[l],
        portalUrl: ctx.portalUrl,
        caseNumber: e.caseNumber,
        dispatchNumber: e.number,
        link: ctx.portalUrl + PORTAL_PATHS.companyCase(e.tenant, e.caseId),
      }),
    },
  ];
}
