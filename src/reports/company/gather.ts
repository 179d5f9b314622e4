/**
 * Gathers one company's report data for a period: the portal's own dashboard queries
 * (so the PDF and the portal never disagree), the seven calendar months ending with the
 * period's month, the desk's alerts and consultations in their company-facing form, and
 * the ranked recommendations. The result is plain JSON, ready for a worker to render.
 */

import { OPEN_CASE_STATUSES } from '../../desk/model.js';
import { levelAdvice, ruleTexts } from '../../desk/rule-texts.js';
import type { DeviceRegistry } from '../../devices/registry.js';
import { CATEGORIES, type Category } from '../../event/event.js';
import { SCENARIO_IDS } from '../../portal/content.js';
import {
  evidenceOf,
  itemsView,
  trendView,
  usageView,
  virusView,
  visibilityView,
} from '../../portal/dashboard.js';
import {
  type Bucket,
  MAX_SPAN_MS,
  type Period,
  startOfMonth,
  tokyoDate,
  tokyoMidnight,
} from '../../portal/period.js';
import { rateScenario } from '../../portal/scenarios.js';
import type { EventStore } from '../../storage/events/event-store.js';
import type { StateDb } from '../../storage/state/state-db.js';
import type {
  CompanyReportData,
  CompanyReportRequest,
  ReportAlert,
  ReportAlerts,
  ReportCase,
  ReportCases,
  ReportDevice,
  ReportItem,
} from './model.js';
import { recommend } from './recommend.js';
import {
  alertsInPeriod,
  casesInPeriod,
  companyName,
  type PeriodAlertRow,
  type PeriodCaseRow,
} from './repo.js';

export interface CompanyReportDeps {
  store: EventStore;
  db: StateDb;
  registry: DeviceRegistry;
}

/** Whether the store holds any event of `tenant` (the cheapest count: one grouped rollup read). */
export async function hasEvents(store: EventStore, tenant: string): Promise<boolean> {
  const rows = await store.counts(tenant, { groupBy: ['kind'] });
  return rows.some((r) => r.n > 0);
}

export type CompanyReportErrorCode = 'invalid-request' | 'company-not-found';

/** A request the report cannot be made for; the message names the field. */
export class CompanyReportError extends Error {
  constructor(
    readonly code: CompanyReportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CompanyReportError';
  }
}

const DAY_MS = 86_400_000;
/** How many alerts the report shows in full. */
export const TOP_ALERTS = 5;
/** Top services per usage item. */
const TOP_SERVICES = 5;
const LEVEL_RANK: Record<string, number> = { critical: 3, high: 2, medium: 1 };

function check(req: CompanyReportRequest): void {
  const bad = (field: string, why: string) => new CompanyReportError('invalid-request', `${field}: ${why}`);
  if (typeof req.tenant !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(req.tenant))
    throw bad('tenant', 'not a company id');
  if (!Number.isSafeInteger(req.from)) throw bad('from', 'not a time (epoch ms)');
  if (!Number.isSafeInteger(req.to)) throw bad('to', 'not a time (epoch ms)');
  if (req.to <= req.from) throw bad('to', 'must be after from');
  if (req.to - req.from > MAX_SPAN_MS) throw bad('to', 'the period is longer than three years');
  if (req.lang !== 'ja' && req.lang !== 'en') throw bad('lang', "must be 'ja' or 'en'");
  if (req.kind !== 'monthly' && req.kind !== 'on-demand')
    throw bad('kind', "must be 'monthly' or 'on-demand'");
}

/** Day buckets up to two months, weeks up to half a year, then months. */
export function bucketFor(p: Period): Bucket {
  const days = (p.to - p.from) / DAY_MS;
  return days <= 62 ? 'day' : days <= 183 ? 'week' : 'month';
}

/** The seven Tokyo calendar months ending with the month of the period's last instant. */
export function sevenMonths(p: Period): Period {
  const last = tokyoDate(startOfMonth(p.to - 1));
  return { from: tokyoMidnight(last.y, last.m - 6), to: tokyoMidnight(last.y, last.m + 1) };
}

function companyAlert(r: PeriodAlertRow, lang: 'ja' | 'en'): ReportAlert {
  // the same wording as the company's alert page (src/desk/present.ts presentCompanyAlert)
  const texts = ruleTexts().get(r.rule_id);
  const ja = lang === 'ja';
  return {
    level: r.level,
    title: ja ? (texts?.titleJa ?? r.title_ja) : (texts?.title ?? r.title),
    explain: ja
      ? (texts?.descriptionJa ?? texts?.description ?? null)
      : (texts?.description ?? texts?.descriptionJa ?? null),
    advice:
      (ja ? (texts?.adviceJa ?? texts?.advice) : (texts?.advice ?? texts?.adviceJa)) ??
      levelAdvice(r.level, lang),
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    count: r.count,
    state: r.status === 'escalated' ? 'case' : r.status === 'closed' ? 'handled' : 'checking',
    caseNumber: r.case_number,
  };
}

function alertsOf(rows: readonly PeriodAlertRow[], lang: 'ja' | 'en'): ReportAlerts {
  const byLevel = { medium: 0, high: 0, critical: 0 };
  for (const r of rows) if (r.level in byLevel) byLevel[r.level as keyof typeof byLevel] += 1;
  const top = [...rows]
    .sort(
      (a, b) =>
        (LEVEL_RANK[b.level] ?? 0) - (LEVEL_RANK[a.level] ?? 0) ||
        b.count - a.count ||
        b.last_seen_at - a.last_seen_at,
    )
    .slice(0, TOP_ALERTS)
    .map((r) => companyAlert(r, lang));
  return { total: rows.length, byLevel, top };
}

/** When a case stopped being open (null while it still is). */
function finishedAt(c: PeriodCaseRow): number | null {
  if ((OPEN_CASE_STATUSES as readonly string[]).includes(c.status)) return null;
  const ends = [c.resolved_at, c.closed_at].filter((x): x is number => x !== null);
  return ends.length > 0 ? Math.min(...ends) : null;
}

function casesOf(rows: readonly PeriodCaseRow[], p: Period): ReportCases {
  let opened = 0;
  let closed = 0;
  let open = 0;
  const list: ReportCase[] = [];
  for (const c of rows) {
    const end = finishedAt(c);
    if (end !== null && end < p.from) continue;
    if (c.created_at >= p.from) opened += 1;
    if (end !== null && end < p.to) closed += 1;
    else open += 1;
    list.push({
      number: c.number,
      title: c.title,
      category: c.category,
      status: c.status,
      priority: c.priority,
      createdAt: c.created_at,
      resolvedAt: c.resolved_at,
      closedAt: c.closed_at,
    });
  }
  return { opened, closed, open, list };
}

export async function gatherCompanyReport(
  deps: CompanyReportDeps,
  req: CompanyReportRequest,
): Promise<CompanyReportData> {
  check(req);
  const { store, db, registry } = deps;
  const { tenant, lang } = req;
  const now = req.now ?? Date.now();
  const period: Period = { from: req.from, to: req.to };
  // a tenant with devices or imported logs but no company record yet (set up from the
  // CLI) is reported under its id
  const company =
    (await companyName(db, tenant)) ??
    ((await registry.listDevices(tenant)).length > 0 || (await hasEvents(store, tenant))
      ? { name: tenant, nameEn: null }
      : null);
  if (!company) throw new CompanyReportError('company-not-found', `tenant: no company ${tenant}`);
  const bucket = bucketFor(period);
  const months = sevenMonths(period);
  const iso = (ms: number) => new Date(ms).toISOString();

  const [items, trend, monthly, virus, evidence, usage, visibility, deviceRows, alertRows, caseRows] =
    await Promise.all([
      itemsView(store, tenant, period),
      trendView(store, tenant, period, bucket),
      trendView(store, tenant, months, 'month'),
      virusView(store, tenant, period, bucket),
      evidenceOf(store, tenant, period),
      usageView(store, tenant, period, TOP_SERVICES),
      visibilityView(store, registry, tenant, period, now),
      store.counts(tenant, { from: iso(period.from), to: iso(period.to), groupBy: ['device'] }),
      alertsInPeriod(db, tenant, period.from, period.to),
      casesInPeriod(db, tenant, period.from, period.to),
    ]);

  const perDevice = new Map<string, number>();
  let events = 0;
  for (const r of deviceRows) {
    events += r.n;
    if (r.keys.device) perDevice.set(r.keys.device, (perDevice.get(r.keys.device) ?? 0) + r.n);
  }
  const devices: ReportDevice[] = visibility.devices.map((d) => ({
    id: d.id,
    vendor: d.vendor,
    enabled: d.enabled,
    silent: d.silent,
    lastSeenAt: d.lastSeenAt,
    eventsInPeriod: perDevice.get(d.id) ?? 0,
  }));
  const reportItems: ReportItem[] = items.items.map((i) => ({
    item: i.item,
    count: i.count,
    previousCount: i.previousCount,
    change: i.change,
    stopped: i.stopped,
    handled: i.handled,
    families: [...(evidence[i.item]?.families ?? [])],
  }));
  const series = (s: Record<Category, number[]>) =>
    Object.fromEntries(CATEGORIES.map((c) => [c, [...s[c]]])) as Record<Category, number[]>;

  const data: Omit<CompanyReportData, 'recommendations'> = {
    version: 1,
    lang,
    kind: req.kind,
    tenant,
    company,
    period,
    previous: { from: items.previous.from, to: items.previous.to },
    generatedAt: now,
    events,
    items: reportItems,
    trend: { bucket, buckets: trend.buckets, series: series(trend.series) },
    months: { buckets: monthly.buckets, series: series(monthly.series) },
    virus: {
      bucket,
      buckets: virus.buckets,
      byChannelOverTime: virus.byChannelOverTime,
      byChannelCumulative: virus.byChannelCumulative,
      byChannel: virus.byChannel,
      byFamily: virus.byFamily,
      total: virus.total,
      stopped: reportItems.find((i) => i.item === 'virus')?.stopped ?? 0,
    },
    scenarios: SCENARIO_IDS.map((id) => {
      const r = rateScenario(id, evidence);
      return { id: r.id, level: r.level, reason: r.reason, evidence: r.evidence };
    }),
    usage: usage.items.map((u) => ({ item: u.item, count: u.count, services: u.services })),
    visibility: {
      encryptedShare: visibility.encryptedShare,
      outbound: visibility.outbound,
      encrypted: visibility.encrypted,
      uninspectedKinds: visibility.uninspectedKinds,
      devices,
    },
    alerts: alertsOf(alertRows, lang),
    cases: casesOf(caseRows, period),
    contact: req.contact ?? null,
  };
  return { ...data, recommendations: recommend(data, lang) };
}
