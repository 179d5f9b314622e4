/**
 * Gathers the programme-wide results report: every company's records added up per
 * monitoring item, usage items as "seen on N of M UTMs", the threat-scenario levels of
 * each company counted per level, the desk's figures and per-month totals. Company and
 * device ids are only used to count distinct ones here; none of them leaves this module.
 */
import { listCompanies } from '../../accounts/companies-repo.js';
import type { DeviceRegistry } from '../../devices/registry.js';
import { CATEGORIES, type Category, type Channel } from '../../event/event.js';
import { LEVELS, type Level, portalContent, SCENARIO_IDS } from '../../portal/content.js';
import { evidenceOf, USAGE_ITEMS } from '../../portal/dashboard.js';
import { bucketStarts, iso, nextBucket, type Period } from '../../portal/period.js';
import {
  type Evidence,
  RANSOMWARE_FAMILIES,
  rateScenario,
  SCENARIO_EVIDENCE,
  STOPPED_ACTIONS,
} from '../../portal/scenarios.js';
import type { CountRow, EventStore } from '../../storage/events/event-store.js';
import type { StateDb } from '../../storage/state/state-db.js';
import { deskPeriodStats } from './desk-period.js';
import { tokyoDay, tokyoMonth } from './format.js';
import {
  MONITORING_ROWS,
  type MonitoringRow,
  type MonitoringRowId,
  type MonthTotals,
  type ProgrammeReportData,
  REPORT_VERSION,
  type ScenarioEvidence,
  type ScenarioFinding,
  type Tally,
  type UsageRow,
  VIRUS_ROW_CHANNELS,
} from './model.js';
import { type Lang, programmeTexts } from './texts.js';

const DAY_MS = 86_400_000;
/** Per-company queries in flight at once (DuckDB answers them one by one anyway). */
const CONCURRENCY = 4;

export interface ProgrammeReportDeps {
  store: EventStore;
  db: StateDb;
  registry: DeviceRegistry;
}

export interface ProgrammeReportRequest {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  lang: Lang;
  now?: number;
}

/** Distinct UTMs and companies behind a count, kept only while gathering. */
class Counter {
  total = 0;
  stopped = 0;
  readonly utms = new Set<string>();
  readonly companies = new Set<string>();

  add(tenant: string, device: string | null | undefined, n: number, stopped: number): void {
    if (n <= 0) return;
    this.total += n;
    this.stopped += stopped;
    this.companies.add(tenant);
    if (device) this.utms.add(device);
  }

  tally(): Tally {
    return { total: this.total, stopped: this.stopped, utms: this.utms.size, companies: this.companies.size };
  }
}

function virusRow(channel: string | null | undefined): MonitoringRowId {
  for (const [row, chans] of Object.entries(VIRUS_ROW_CHANNELS))
    if ((chans as readonly string[]).includes(channel ?? 'other')) return row as MonitoringRowId;
  return 'virus-other';
}

async function mapLimit<T, R>(xs: readonly T[], limit: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  let next = 0;
  const worker = async () => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await f(xs[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, xs.length) }, worker));
  return out;
}

interface TenantFacts {
  tenant: string;
  rows: CountRow[];
  evidence: Evidence;
}

export async function gatherProgrammeReport(
  deps: ProgrammeReportDeps,
  req: ProgrammeReportRequest,
): Promise<ProgrammeReportData> {
  if (!(Number.isFinite(req.from) && Number.isFinite(req.to) && req.from < req.to))
    throw new RangeError('programme report: from must be before to');
  const now = req.now ?? Date.now();
  const period: Period = { from: req.from, to: req.to };
  const range = { from: iso(period.from), to: iso(period.to) };
  const tx = programmeTexts(req.lang);
  const content = portalContent();
  const itemName = (c: Category) => content.items[c][req.lang].name;

  const [tenantRows, devices, companies, desk] = await Promise.all([
    deps.store.tenantCounts(range),
    deps.registry.listDevices(),
    listCompanies(deps.db),
    deskPeriodStats(deps.db, period, now),
  ]);
  const tenants = [...new Set(tenantRows.map((r) => r.tenant))].sort();
  const facts: TenantFacts[] = await mapLimit(tenants, CONCURRENCY, async (tenant) => {
    const [rows, evidence] = await Promise.all([
      deps.store.counts(tenant, { ...range, groupBy: ['device', 'category', 'channel', 'action'] }),
      evidenceOf(deps.store, tenant, period),
    ]);
    return { tenant, rows, evidence };
  });

  // ---- per item and per monitoring row ----
  const items = new Map<Category, Counter>(CATEGORIES.map((c) => [c, new Counter()]));
  const rows = new Map<MonitoringRowId, Counter>(MONITORING_ROWS.map((r) => [r, new Counter()]));
  const reportingUtms = new Set<string>();
  const reportingCompanies = new Set<string>();
  for (const f of facts)
    for (const r of f.rows) {
      if (r.n <= 0) continue;
      reportingCompanies.add(f.tenant);
      if (r.keys.device) reportingUtms.add(r.keys.device);
      const c = r.keys.category as Category | null | undefined;
      const counter = c ? items.get(c) : undefined;
      if (!c || !counter) continue;
      const stopped = r.keys.action && STOPPED_ACTIONS.has(r.keys.action) ? r.n : 0;
      counter.add(f.tenant, r.keys.device, r.n, stopped);
      const rowId = c === 'virus' ? virusRow(r.keys.channel) : (c as MonitoringRowId);
      rows.get(rowId)?.add(f.tenant, r.keys.device, r.n, stopped);
    }

  const utmCount = reportingUtms.size;
  const companyCount = reportingCompanies.size;
  const days = Math.max(
    1,
    Math.ceil((Math.min(period.to, Math.max(now, period.from)) - period.from) / DAY_MS),
  );
  const rowLabel = (id: MonitoringRowId): string =>
    id === 'virus-web'
      ? tx.monitoring.virusWeb
      : id === 'virus-mail'
        ? tx.monitoring.virusMail
        : id === 'virus-other'
          ? tx.monitoring.virusOther
          : itemName(id);
  const monitoring: MonitoringRow[] = MONITORING_ROWS.map((id) => {
    const item: Category = id.startsWith('virus-') ? 'virus' : (id as Category);
    const t = (rows.get(id) as Counter).tally();
    return {
      id,
      item,
      label: rowLabel(id),
      countermeasure: tx.monitoring.counter[item],
      ...t,
      perUtmPerDay: utmCount > 0 ? Math.round((t.total / utmCount / days) * 10_000) / 10_000 : null,
    };
  });
  const usage: UsageRow[] = USAGE_ITEMS.map((item) => {
    const t = (items.get(item) as Counter).tally();
    return {
      item,
      label: itemName(item),
      countermeasure: tx.monitoring.counter[item],
      ...t,
      share: utmCount > 0 ? Math.round((t.utms / utmCount) * 10_000) / 10_000 : null,
    };
  });

  // ---- threat scenarios: each company rated on its own evidence, then counted ----
  const attention = new Set<string>();
  const scenarios: ScenarioFinding[] = SCENARIO_IDS.map((id) => {
    const s = content.scenarios[id];
    const levels = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
    const evidence = new Map<Category, { total: number; companies: number }>(
      SCENARIO_EVIDENCE[id].map((item) => [item, { total: 0, companies: 0 }]),
    );
    const families = new Map<string, Set<string>>();
    const familyCompanies = new Set<string>();
    for (const f of facts) {
      const rating = rateScenario(id, f.evidence);
      levels[rating.level]++;
      if (rating.level === 'medium' || rating.level === 'high') attention.add(f.tenant);
      for (const e of rating.evidence) {
        const acc = evidence.get(e.item);
        if (!acc) continue;
        acc.total += e.count;
        if (e.count > 0) acc.companies++;
      }
      if (id === 'ransomware')
        for (const item of ['virus', 'malicious-outbound'] as const)
          for (const fam of f.evidence[item]?.families ?? [])
            if (RANSOMWARE_FAMILIES.has(fam)) {
              familyCompanies.add(f.tenant);
              const set = families.get(fam) ?? new Set<string>();
              set.add(f.tenant);
              families.set(fam, set);
            }
    }
    const mailOnly = id === 'targeted-attack';
    const ev: ScenarioEvidence[] = [...evidence.entries()].map(([item, acc]) => {
      const channel: Channel | null = mailOnly && item === 'virus' ? 'mail-receive' : null;
      const utms = channel
        ? (rows.get('virus-mail') as Counter).utms.size
        : (items.get(item) as Counter).utms.size;
      return {
        item,
        channel,
        label: channel ? tx.scenarios.mailVirus : itemName(item),
        total: acc.total,
        utms,
        companies: acc.companies,
      };
    });
    return {
      id,
      name: s[req.lang].name,
      frequency: s.frequency,
      frequencyLabel: content.ratings[s.frequency][req.lang],
      frequencyText: s[req.lang].frequency,
      impact: s.impact,
      impactLabel: content.ratings[s.impact][req.lang],
      impactText: s[req.lang].impact,
      levels,
      rated: facts.length,
      attention: levels.medium + levels.high,
      evidence: ev,
      families: [...families.entries()]
        .map(([family, set]) => ({ family, companies: set.size }))
        .sort((a, b) => b.companies - a.companies || a.family.localeCompare(b.family)),
      familyCompanies: familyCompanies.size,
    };
  });

  // ---- per month (Tokyo months, clipped to the period) ----
  const monthly: MonthTotals[] = await Promise.all(
    bucketStarts(period, 'month').map(async (start) => {
      const sub = { from: Math.max(start, period.from), to: Math.min(nextBucket(start, 'month'), period.to) };
      const t = await deps.store.programmeTotals({ from: iso(sub.from), to: iso(sub.to) });
      const totals = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
      for (const r of t.items) if (r.category in totals) totals[r.category as Category] = r.n;
      return { month: tokyoMonth(start), from: iso(sub.from), to: iso(sub.to), utms: t.devices, totals };
    }),
  );

  // registered: the ledger now, plus anything that sent records without being in it
  const registeredUtms = new Set([...devices.map((d) => d.id), ...reportingUtms]);
  const registeredCompanies = new Set([
    ...companies.map((c) => c.id),
    ...devices.map((d) => d.tenant),
    ...reportingCompanies,
  ]);

  return {
    version: REPORT_VERSION,
    lang: req.lang,
    createdAt: iso(now),
    period: {
      from: range.from,
      to: range.to,
      firstDay: tokyoDay(period.from),
      lastDay: tokyoDay(period.to - 1),
      days,
    },
    scope: {
      utms: registeredUtms.size,
      companies: registeredCompanies.size,
      reportingUtms: utmCount,
      reportingCompanies: companyCount,
    },
    items: CATEGORIES.map((item) => ({
      item,
      label: itemName(item),
      ...(items.get(item) as Counter).tally(),
    })),
    monitoring,
    usage,
    scenarios,
    attentionCompanies: attention.size,
    levelLabels: Object.fromEntries(LEVELS.map((l) => [l, content.levels[l][req.lang].label])) as Record<
      Level,
      string
    >,
    desk: {
      ...desk,
      consultations: {
        ...desk.consultations,
        byCategory: desk.consultations.byCategory.map((r) => ({
          ...r,
          label: (tx.desk.categories as Record<string, string>)[r.id] ?? r.id,
        })),
        byChannel: desk.consultations.byChannel.map((r) => ({
          ...r,
          label: (tx.desk.channels as Record<string, string>)[r.id] ?? r.id,
        })),
      },
    },
    monthly,
  };
}
