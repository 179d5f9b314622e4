/**
 * The programme report as one CSV for a spreadsheet: one row per figure with the same
 * columns throughout, so the programme office can filter by section (調査対象, 監視項目,
 * 業務外のサービス利用, 脅威シナリオ, 窓口, 月別) or by the stable `code` and pivot on
 * the rest. Numbers are plain (no separators), shares are ratios (0.2 = 20 %). UTF-8
 * with a BOM for Excel; cells a spreadsheet would run as formulas are neutralised.
 */
import { LEVELS } from '../../portal/content.js';
import { CSV_BOM, csvCell } from '../../portal/csv.js';
import { tokyoDay } from './format.js';
import type { ProgrammeReportData, Tally, Timing } from './model.js';
import { fill, type ProgrammeTexts, programmeTexts } from './texts.js';

type Section = keyof ProgrammeTexts['csv']['sections'];
type Unit = keyof ProgrammeTexts['csv']['units'];

interface CsvRow {
  section: Section;
  code: string;
  item: string;
  detail?: string;
  value: number | null;
  /** null: a plain number (the period's days). */
  unit: Unit | null;
  utms?: number;
  utmsOf?: number;
  companies?: number;
  companiesOf?: number;
  note?: string;
  from?: string;
  to?: string;
}

const COLUMNS = [
  'section',
  'code',
  'item',
  'detail',
  'value',
  'unit',
  'utms',
  'utmsOf',
  'companies',
  'companiesOf',
  'share',
  'note',
  'from',
  'to',
] as const;

const ratio = (n: number | undefined, of: number | undefined): number | null =>
  n === undefined || of === undefined || of <= 0 ? null : Math.round((n / of) * 10_000) / 10_000;

export function programmeReportCsv(data: ProgrammeReportData): string {
  const tx = programmeTexts(data.lang);
  const { scope } = data;
  const out: CsvRow[] = [];
  const of = { utmsOf: scope.reportingUtms, companiesOf: scope.reportingCompanies };

  // ---- scope ----
  const sc = tx.csv.scope;
  out.push(
    {
      section: 'scope',
      code: 'scope.utms.reporting',
      item: sc.utmsReporting,
      value: scope.reportingUtms,
      unit: 'utms',
    },
    {
      section: 'scope',
      code: 'scope.utms.registered',
      item: sc.utmsRegistered,
      value: scope.utms,
      unit: 'utms',
    },
    {
      section: 'scope',
      code: 'scope.companies.reporting',
      item: sc.companiesReporting,
      value: scope.reportingCompanies,
      unit: 'companies',
    },
    {
      section: 'scope',
      code: 'scope.companies.registered',
      item: sc.companiesRegistered,
      value: scope.companies,
      unit: 'companies',
    },
    { section: 'scope', code: 'scope.days', item: sc.days, value: data.period.days, unit: null },
  );

  // ---- monitoring and usage: the total with UTMs / companies, then the stopped part ----
  const counted = (section: 'monitoring' | 'usage', code: string, item: string, t: Tally, note: string) => {
    out.push(
      {
        section,
        code,
        item,
        detail: section === 'monitoring' ? tx.monitoring.total : tx.usage.total,
        value: t.total,
        unit: 'events',
        utms: t.utms,
        companies: t.companies,
        ...of,
        note,
      },
      {
        section,
        code: `${code}.stopped`,
        item,
        detail: tx.monitoring.stopped,
        value: t.stopped,
        unit: 'events',
      },
    );
  };
  for (const m of data.monitoring) {
    counted('monitoring', `monitoring.${m.id}`, m.label, m, m.countermeasure);
    out.push({
      section: 'monitoring',
      code: `monitoring.${m.id}.per-utm-day`,
      item: m.label,
      detail: tx.monitoring.perUtmDay,
      value: m.perUtmPerDay,
      unit: 'events',
    });
  }
  for (const u of data.usage) counted('usage', `usage.${u.item}`, u.label, u, u.countermeasure);

  // ---- scenarios: companies at medium or high, each level, the evidence ----
  out.push({
    section: 'scenario',
    code: 'scenario.any',
    item: tx.summary.attention,
    detail: tx.summary.attentionNote,
    value: data.attentionCompanies,
    unit: 'companies',
    companies: data.attentionCompanies,
    companiesOf: scope.reportingCompanies,
  });
  for (const s of data.scenarios) {
    const rated = { companiesOf: s.rated };
    out.push({
      section: 'scenario',
      code: `scenario.${s.id}`,
      item: s.name,
      detail: tx.csv.scenarioSummary,
      value: s.attention,
      unit: 'companies',
      companies: s.attention,
      ...rated,
      note: `${fill(tx.csv.frequencyImpact, { frequency: s.frequencyLabel, impact: s.impactLabel })} ${s.impactText}`,
    });
    for (const l of LEVELS)
      out.push({
        section: 'scenario',
        code: `scenario.${s.id}.level.${l}`,
        item: s.name,
        detail: data.levelLabels[l],
        value: s.levels[l],
        unit: 'companies',
        companies: s.levels[l],
        ...rated,
      });
    for (const e of s.evidence)
      out.push({
        section: 'scenario',
        code: `scenario.${s.id}.evidence.${e.item}${e.channel ? `.${e.channel}` : ''}`,
        item: s.name,
        detail: e.label,
        value: e.total,
        unit: 'events',
        utms: e.utms,
        companies: e.companies,
        ...of,
      });
    for (const f of s.families)
      out.push({
        section: 'scenario',
        code: `scenario.${s.id}.family.${f.family}`,
        item: s.name,
        detail: f.family,
        value: f.companies,
        unit: 'companies',
        companies: f.companies,
        ...rated,
      });
  }

  // ---- desk ----
  const d = data.desk;
  const dt = tx.desk;
  const desk = (code: string, item: string, value: number | null, unit: Unit, detail?: string) =>
    out.push({ section: 'desk', code: `desk.${code}`, item, detail, value, unit });
  desk('consultations', dt.consultations, d.consultations.total, 'cases');
  out.push({
    section: 'desk',
    code: 'desk.consultations.companies',
    item: dt.consultationsCompanies,
    value: d.consultations.companies,
    unit: 'companies',
    companies: d.consultations.companies,
    companiesOf: scope.companies,
  });
  for (const c of d.consultations.byCategory)
    desk(`consultations.category.${c.id}`, dt.byCategory, c.n, 'cases', c.label);
  for (const c of d.consultations.byChannel)
    desk(`consultations.channel.${c.id}`, dt.byChannel, c.n, 'cases', c.label);
  const times = (code: string, item: string, t: Timing) => {
    desk(`${code}.count`, item, t.count, 'cases', dt.cases);
    desk(`${code}.median`, item, t.medianMinutes, 'minutes', dt.median);
    desk(`${code}.p90`, item, t.p90Minutes, 'minutes', dt.p90);
  };
  times('first-response', dt.firstResponse, d.firstResponse);
  times('resolution', dt.resolution, d.resolution);
  desk('sla-breaches.first-response', dt.sla, d.slaBreaches.firstResponse, 'cases', dt.firstResponse);
  desk('sla-breaches.update', dt.sla, d.slaBreaches.update, 'cases', dt.update);
  desk('sla-breaches.resolution', dt.sla, d.slaBreaches.resolution, 'cases', dt.resolution);
  desk('dispatches.requested', dt.dispatches, d.dispatches.requested, 'cases', dt.requested);
  desk('dispatches.completed', dt.dispatches, d.dispatches.completed, 'cases', dt.completed);
  desk('dispatches.companies', dt.dispatches, d.dispatches.companies, 'companies', dt.dispatchCompanies);
  desk('dispatches.on-site-median', dt.dispatches, d.dispatches.medianOnSiteMinutes, 'minutes', dt.onSite);
  desk('dispatches.travel-median', dt.dispatches, d.dispatches.medianTravelMinutes, 'minutes', dt.travel);
  desk('claims.count', dt.claims, d.claims.count, 'cases', dt.claimCount);
  desk('claims.claimed', dt.claims, d.claims.claimedYen, 'yen', dt.claimedYen);
  desk('claims.paid', dt.claims, d.claims.paidYen, 'yen', dt.paidYen);
  desk('alerts.raised', dt.alerts, d.alerts.raised, 'cases', dt.raised);
  desk('alerts.escalated', dt.alerts, d.alerts.escalated, 'cases', dt.escalated);
  desk('alerts.closed-benign', dt.alerts, d.alerts.closedBenign, 'cases', dt.closedBenign);

  // ---- per month ----
  for (const m of data.monthly) {
    const span = { from: tokyoDay(Date.parse(m.from)), to: tokyoDay(Date.parse(m.to) - 1) };
    for (const i of data.items)
      out.push({
        section: 'monthly',
        code: `monthly.${i.item}`,
        item: i.label,
        detail: m.month,
        value: m.totals[i.item],
        unit: 'events',
        utms: m.utms,
        ...span,
      });
  }

  const header = COLUMNS.map((c) => csvCell(tx.csv[c])).join(',');
  const period = { from: data.period.firstDay, to: data.period.lastDay };
  const lines = out.map((r) => {
    const row = { ...period, ...r };
    const cells: Record<(typeof COLUMNS)[number], string | number | null> = {
      section: tx.csv.sections[row.section],
      code: row.code,
      item: row.item,
      detail: row.detail ?? '',
      value: row.value,
      unit: row.value === null || row.unit === null ? '' : tx.csv.units[row.unit],
      utms: row.utms ?? null,
      utmsOf: row.utms === undefined ? null : (row.utmsOf ?? null),
      companies: row.companies ?? null,
      companiesOf: row.companies === undefined ? null : (row.companiesOf ?? null),
      share: ratio(row.utms, row.utmsOf) ?? ratio(row.companies, row.companiesOf),
      note: row.note ?? '',
      from: row.from,
      to: row.to,
    };
    return COLUMNS.map((c) => csvCell(cells[c])).join(',');
  });
  return `${CSV_BOM}${[header, ...lines].join('\r\n')}\r\n`;
}
