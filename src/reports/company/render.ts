/**
 * The per-company diagnostic report as a PDF (A4, embedded Japanese font, page numbers):
 * cover, a summary an owner reads in a minute, the ten monitoring items, the seed's
 * virus charts, the threat scenarios at this company's level, alerts and consultations,
 * ranked recommendations, what the UTM cannot see, and how to reach the desk. Pure
 * function of the gathered data (no I/O beyond the cached fonts and texts), so it can
 * run in a worker thread.
 */

import type { ChartContext } from '../../charts/index.js';
import type { Category } from '../../event/event.js';
import { type Level, type PortalContent, portalContent } from '../../portal/content.js';
import { RANSOMWARE_FAMILIES } from '../../portal/scenarios.js';
import { renderChartSvg } from '../pdf/chart-svg.js';
import { type KeyFigure, ReportPdf, type Tone } from '../pdf/doc.js';
import {
  type ChartPlan,
  chartContext,
  encryptedShare,
  itemsOverview,
  itemsTrend,
  monthsSideBySide,
  virusChannelShare,
  virusCumulative,
  virusFamilies,
  virusOverTime,
} from './charts.js';
import type { CompanyReportData, ReportItem } from './model.js';
import { fmtPct, type ReportTexts, reportTexts } from './texts.js';

export interface RenderCompanyOptions {
  /** Called with 0–100 as sections are drawn (the archive shows progress). */
  onProgress?: (pct: number) => void;
  /** Creation date in the PDF metadata; default: the data's generatedAt. */
  createdAt?: Date;
}

/** The items about attacks from outside and viruses; the other four are usage. */
export const THREAT_ITEMS: readonly Category[] = [
  'recon',
  'malicious-outbound',
  'intrusion-inbound',
  'virus',
  'spam',
  'harmful-web',
];
const LEVEL_ORDER: readonly Level[] = ['none', 'low', 'medium', 'high'];
const LEVEL_TONE: Record<Level, Tone> = { none: 'good', low: 'info', medium: 'warn', high: 'bad' };

interface Ctx {
  d: CompanyReportData;
  tx: ReportTexts;
  pc: PortalContent;
  r: ReportPdf;
  charts: ChartContext;
  companyName: string;
  periodText: string;
}

function chartSvg(plan: ChartPlan): string {
  return renderChartSvg(plan.option, plan);
}

/** Height a chart takes on the page (it is scaled to the content width). */
function chartHeight(c: Ctx, plan: ChartPlan): number {
  return (plan.height * Math.min(c.r.width, plan.width)) / plan.width + 8;
}

function textHeight(c: Ctx, text: string, size = 10): number {
  return c.r.doc.fontSize(size).heightOfString(text, { width: c.r.width, lineGap: 2 });
}

/** A heading, an optional help line and the chart, kept together on one page. */
function chartBlock(c: Ctx, title: string, plan: ChartPlan | null, help?: string): void {
  if (!plan) return;
  c.r.ensureSpace(40 + (help ? textHeight(c, help, 9) + 6 : 0) + chartHeight(c, plan));
  c.r.heading(title);
  if (help) c.r.paragraph(help, { muted: true, size: 9 });
  c.r.chart(chartSvg(plan), plan);
}

/**
 * A section starts a page of its own unless the page it would leave is still mostly
 * empty (a short spill of the section before): then it follows on the same page.
 */
function section(c: Ctx, title: string, o: { ownPage?: boolean } = {}): void {
  const d = c.r.doc;
  const top = d.page.margins.top;
  const used = (d.y - top) / (d.page.height - d.page.margins.bottom - top);
  if (o.ownPage || used > 0.45) c.r.section(title);
  else {
    d.moveDown(1.5);
    c.r.section(title, { continued: true });
  }
}

function itemName(c: Ctx, item: Category): string {
  return c.pc.items[item][c.d.lang].name;
}

function changeText(c: Ctx, i: ReportItem): string {
  const { tx } = c;
  if (i.count === 0 && i.previousCount === 0) return tx.t('items.changeNone');
  if (i.previousCount === 0) return tx.t('items.changeNew');
  if (i.count === i.previousCount) return tx.t('items.changeSame');
  const pct = fmtPct(Math.abs(i.count - i.previousCount) / i.previousCount);
  return tx.t(i.count > i.previousCount ? 'items.changeUp' : 'items.changeDown', { pct });
}

function threatTotals(d: CompanyReportData): { n: number; stopped: number; previous: number } {
  const t = d.items.filter((i) => THREAT_ITEMS.includes(i.item));
  return {
    n: t.reduce((a, i) => a + i.count, 0),
    stopped: t.reduce((a, i) => a + Math.min(i.stopped, i.count), 0),
    previous: t.reduce((a, i) => a + i.previousCount, 0),
  };
}

/** A share that never reads "100%" while something got through (99.7 stays 99.7). */
function stoppedPct(stopped: number, n: number): string {
  const p = fmtPct(stopped / n);
  return p === '100' && stopped < n ? (Math.floor((stopped / n) * 1000) / 10).toFixed(1) : p;
}

function worstScenario(d: CompanyReportData) {
  return [...d.scenarios].sort((a, b) => LEVEL_ORDER.indexOf(b.level) - LEVEL_ORDER.indexOf(a.level))[0];
}

// ---- sections ----

function cover(c: Ctx): void {
  const { d, tx, r } = c;
  const devices = d.visibility.devices.filter((x) => x.enabled).length;
  r.cover({
    kicker: tx.t('provider'),
    title: tx.t(d.kind === 'monthly' ? 'titleMonthly' : 'title'),
    lines: [tx.t('companyLine', { company: c.companyName }), tx.t('periodLine', { period: c.periodText })],
    facts: [
      [tx.t('cover.period'), c.periodText],
      [tx.t('cover.created'), tx.date(d.generatedAt, 'day')],
      [tx.t('cover.devices'), tx.t('cover.devicesValue', { n: devices })],
      [tx.t('cover.kind'), tx.t(d.kind === 'monthly' ? 'cover.monthly' : 'cover.onDemand')],
      [tx.t('cover.provider'), tx.t('provider')],
    ],
    note: tx.t('cover.note'),
  });
}

function summarySentences(c: Ctx): string[] {
  const { d, tx } = c;
  const out: string[] = [];
  const threats = threatTotals(d);
  if (d.events === 0) out.push(tx.t('summary.noData'));
  else if (threats.n === 0) out.push(tx.t('summary.quiet'));
  else {
    out.push(
      threats.stopped >= threats.n
        ? tx.t('summary.attacksAllStopped', { period: c.periodText, n: threats.n })
        : tx.t('summary.attacks', {
            period: c.periodText,
            n: threats.n,
            stoppedPct: stoppedPct(threats.stopped, threats.n),
          }),
    );
    const top = [...d.items]
      .filter((i) => THREAT_ITEMS.includes(i.item))
      .sort((a, b) => b.count - a.count)[0];
    const change =
      top.previousCount === 0
        ? tx.t('summary.topChangeNew')
        : top.count === top.previousCount
          ? tx.t('summary.topChangeSame')
          : tx.t(top.count > top.previousCount ? 'summary.topChangeUp' : 'summary.topChangeDown', {
              pct: fmtPct(Math.abs(top.count - top.previousCount) / top.previousCount),
            });
    out.push(tx.t('summary.top', { item: itemName(c, top.item), n: top.count, change }));
    out.push(
      d.virus.total === 0
        ? tx.t('summary.noVirus')
        : d.virus.stopped >= d.virus.total
          ? tx.t('summary.virusAllStopped', { n: d.virus.total })
          : tx.t('summary.virus', { n: d.virus.total, stopped: d.virus.stopped }),
    );
  }
  if (d.events > 0) {
    const worst = worstScenario(d);
    const name = c.pc.scenarios[worst.id][d.lang].name;
    out.push(
      worst.level === 'high'
        ? tx.t('summary.scenarioHigh', { name })
        : worst.level === 'medium'
          ? tx.t('summary.scenarioMedium', { name })
          : tx.t('summary.scenarioLow'),
    );
  }
  out.push(
    d.alerts.total > 0
      ? tx.t('summary.alerts', { n: d.alerts.total, cases: d.cases.opened })
      : tx.t('summary.noAlerts'),
  );
  return out;
}

function summary(c: Ctx): void {
  const { d, tx, r } = c;
  section(c, tx.t('sections.summary'), { ownPage: true });
  r.paragraph(summarySentences(c).join(tx.lang === 'ja' ? '' : ' '), { size: 11 });
  const threats = threatTotals(d);
  const spam = d.items.find((i) => i.item === 'spam');
  const worst = worstScenario(d);
  const count = (n: number) => tx.t('summary.figures.count', { n });
  const figs: KeyFigure[] = [
    {
      label: tx.t('summary.figures.attacks'),
      value: count(threats.n),
      note: tx.t('summary.figures.previous', { n: threats.previous }),
    },
    {
      label: tx.t('summary.figures.virus'),
      value: count(d.virus.total),
      note: tx.t('summary.figures.stopped', { n: d.virus.stopped }),
      ...(d.virus.total > 0 ? { tone: 'warn' as const } : {}),
    },
    {
      label: tx.t('summary.figures.spam'),
      value: count(spam?.count ?? 0),
      note: tx.t('summary.figures.previous', { n: spam?.previousCount ?? 0 }),
    },
    {
      label: tx.t('summary.figures.alerts'),
      value: count(d.alerts.total),
      ...(d.alerts.byLevel.high + d.alerts.byLevel.critical > 0 ? { tone: 'bad' as const } : {}),
    },
    {
      label: tx.t('summary.figures.cases'),
      value: count(d.cases.list.length),
      note: tx.t('summary.figures.casesNote', { opened: d.cases.opened, closed: d.cases.closed }),
    },
    {
      label: tx.t('summary.figures.scenario'),
      value: c.pc.levels[worst.level][d.lang].label,
      note: worst.level === 'none' ? tx.t('summary.figures.none') : c.pc.scenarios[worst.id][d.lang].name,
      tone: LEVEL_TONE[worst.level],
    },
  ];
  r.doc.moveDown(0.5);
  r.keyFigures(figs, 3);
  const first = d.recommendations[0];
  if (first)
    r.callout(
      `${first.title}\n${first.text}`,
      first.id === 'keep-basics' ? 'good' : 'warn',
      tx.t('summary.first'),
    );
}

function items(c: Ctx): void {
  const { d, tx, r, pc } = c;
  section(c, tx.t('sections.items'));
  r.paragraph(tx.t('items.intro', { previous: tx.period(d.previous) }));
  r.table(
    [
      { header: tx.t('items.table.item'), width: 4.2 },
      { header: tx.t('items.table.count'), width: 1.2, align: 'right' },
      { header: tx.t('items.table.change'), width: 1.9 },
      { header: tx.t('items.table.handled'), width: 1.7 },
    ],
    d.items.map((i) => [
      itemName(c, i.item),
      i.count,
      changeText(c, i),
      tx.t(`items.handledShort.${i.count > 0 ? i.handled : 'none'}`),
    ]),
  );
  const any = d.items.some((i) => i.count > 0);
  if (!any) r.callout(tx.t('items.nothing'), 'good');
  chartBlock(c, tx.t('items.overview'), itemsOverview(d, c.charts));
  const months = monthsSideBySide(d, c.charts);
  if (months) {
    const span = {
      from: tx.date(d.months.buckets[0], 'month'),
      to: tx.date(d.months.buckets[d.months.buckets.length - 1], 'month'),
    };
    chartBlock(c, tx.t('items.months'), months, tx.t('items.monthsHelp', span));
    // the builder's table, with months short enough for seven columns
    const [item] = months.table.columns;
    tableOf(c, {
      ...months,
      table: {
        ...months.table,
        columns: [item, ...d.months.buckets.map((b) => tx.date(b, 'monthYearShort'))],
      },
    });
  }
  chartBlock(
    c,
    tx.t('items.trend'),
    itemsTrend(d, c.charts),
    tx.t('items.trendHelp', { bucket: tx.t(`items.bucket.${d.trend.bucket}`) }),
  );
  r.heading(tx.t('items.meanings'));
  for (const i of d.items) {
    const t = pc.items[i.item][d.lang];
    r.paragraph(tx.t('items.meaningTitle', { name: t.name, n: i.count }), { bold: true, gap: 0.15 });
    r.paragraph(t.explain, { gap: 0.15 });
    r.paragraph(
      `${t.handled[i.count > 0 ? i.handled : 'none']} ${tx.t('items.countermeasure', { text: t.countermeasure })}`,
      {
        muted: true,
        size: 9,
        gap: 0.7,
      },
    );
  }
}

/** A chart's numbers as printed under it: names on the left, figures to the right. */
function tableOf(c: Ctx, plan: ChartPlan, size = 9): void {
  const [first, ...rest] = plan.table.columns;
  c.r.table(
    [
      { header: first, width: Math.max(2, rest.length / 3) },
      ...rest.map((h) => ({ header: h, align: 'right' as const })),
    ],
    plan.table.rows,
    { size },
  );
}

function virus(c: Ctx): void {
  const { d, tx, r } = c;
  section(c, tx.t('sections.virus'));
  if (d.virus.total === 0) {
    r.callout(tx.t('virus.none'), 'good', tx.t('virus.noneTitle'));
    return;
  }
  r.paragraph(tx.t('virus.help', { n: d.virus.total, stopped: d.virus.stopped }));
  chartBlock(c, tx.t('virus.overTime'), virusOverTime(d, c.charts));
  chartBlock(c, tx.t('virus.cumulative'), virusCumulative(d, c.charts));
  const share = virusChannelShare(d, c.charts);
  chartBlock(c, tx.t('virus.byChannel'), share);
  if (share) tableOf(c, share);
  const fams = virusFamilies(d, c.charts);
  chartBlock(c, tx.t('virus.byFamily'), fams);
  if (fams) tableOf(c, fams);
  const ransom = d.virus.byFamily.map((f) => f.family).filter((f) => RANSOMWARE_FAMILIES.has(f));
  if (ransom.length > 0)
    r.callout(tx.t('virus.ransomwareNote', { families: ransom.join(tx.t('summary.listSep')) }), 'bad');
}

function scenarios(c: Ctx): void {
  const { d, tx, r, pc } = c;
  const lang = d.lang;
  section(c, tx.t('sections.scenarios'));
  r.paragraph(tx.t('scenarios.intro'));
  r.table(
    [
      { header: tx.t('scenarios.table.scenario'), width: 3 },
      { header: tx.t('scenarios.table.frequency'), width: 1.2, align: 'center' },
      { header: tx.t('scenarios.table.impact'), width: 1.2, align: 'center' },
      { header: tx.t('scenarios.table.level'), width: 1.4, align: 'center' },
    ],
    d.scenarios.map((s) => {
      const sc = pc.scenarios[s.id];
      return [
        sc[lang].name,
        pc.ratings[sc.frequency][lang],
        pc.ratings[sc.impact][lang],
        pc.levels[s.level][lang].label,
      ];
    }),
  );
  for (const s of d.scenarios) {
    const t = pc.scenarios[s.id][lang];
    r.ensureSpace(200);
    r.heading(t.name);
    r.callout(
      pc.levels[s.level][lang].text,
      LEVEL_TONE[s.level],
      tx.t('scenarios.levelLine', { level: pc.levels[s.level][lang].label }),
    );
    r.paragraph(t.summary);
    const list = s.evidence
      .map((e) => tx.t('scenarios.evidenceItem', { item: tx.t(`itemShort.${e.item}`), n: e.count }))
      .join(tx.t('summary.listSep'));
    r.paragraph(tx.t('scenarios.evidence', { list }), { muted: true, size: 9 });
    r.paragraph(tx.t('scenarios.steps'), { bold: true, gap: 0.2 });
    r.bullets(t.steps);
    r.paragraph(tx.t('scenarios.countermeasures'), { bold: true, gap: 0.2 });
    r.bullets(t.countermeasures);
  }
}

function desk(c: Ctx): void {
  const { d, tx, r } = c;
  section(c, tx.t('sections.desk'));
  r.heading(tx.t('desk.alertsTitle'));
  if (d.alerts.total === 0) r.paragraph(tx.t('desk.alertsNone'));
  else {
    r.paragraph(
      `${tx.t('desk.alertsIntro')}${tx.lang === 'ja' ? '' : ' '}${tx.t('desk.alertsCount', { n: d.alerts.total, ...d.alerts.byLevel })}`,
    );
    r.table(
      [
        { header: tx.t('desk.alertsTable.when'), width: 1.5 },
        { header: tx.t('desk.alertsTable.level'), width: 0.9, align: 'center' },
        { header: tx.t('desk.alertsTable.title'), width: 4 },
        { header: tx.t('desk.alertsTable.count'), width: 0.8, align: 'right' },
        { header: tx.t('desk.alertsTable.state'), width: 1.8 },
      ],
      d.alerts.top.map((a) => [
        tx.date(a.firstSeenAt, 'dateTime'),
        tx.has(`desk.level.${a.level}`) ? tx.t(`desk.level.${a.level}`) : a.level,
        a.title,
        a.count,
        tx.t(`desk.state.${a.state}`) + (a.caseNumber ? tx.t('desk.caseRef', { number: a.caseNumber }) : ''),
      ]),
    );
    for (const a of d.alerts.top) {
      r.ensureSpace(70);
      r.paragraph(a.title, { bold: true, gap: 0.15 });
      if (a.explain) r.paragraph(a.explain, { size: 9, gap: 0.15 });
      if (a.advice) r.paragraph(tx.t('desk.advice', { text: a.advice }), { size: 9, muted: true, gap: 0.6 });
    }
  }
  r.heading(tx.t('desk.casesTitle'));
  if (d.cases.list.length === 0) r.paragraph(tx.t('desk.casesNone'));
  else {
    r.paragraph(
      tx.t('desk.casesCount', { opened: d.cases.opened, closed: d.cases.closed, open: d.cases.open }),
    );
    r.table(
      [
        { header: tx.t('desk.casesTable.number'), width: 1.4 },
        { header: tx.t('desk.casesTable.title'), width: 3.6 },
        { header: tx.t('desk.casesTable.category'), width: 1.6 },
        { header: tx.t('desk.casesTable.status'), width: 1.3 },
        { header: tx.t('desk.casesTable.created'), width: 1.4 },
      ],
      d.cases.list.map((k) => [
        k.number,
        k.title,
        tx.has(`desk.caseCategory.${k.category}`) ? tx.t(`desk.caseCategory.${k.category}`) : k.category,
        tx.has(`desk.caseStatus.${k.status}`) ? tx.t(`desk.caseStatus.${k.status}`) : k.status,
        tx.date(k.createdAt, 'day'),
      ]),
    );
  }
}

function recommendations(c: Ctx): void {
  const { d, tx, r } = c;
  section(c, tx.t('sections.recommendations'));
  r.paragraph(tx.t('recommendations.intro'));
  for (const rec of d.recommendations) {
    // keep each heading with its text
    r.ensureSpace(40 + textHeight(c, rec.text));
    r.heading(tx.t('recommendations.numbered', { n: rec.rank, title: rec.title }));
    r.paragraph(rec.text);
  }
}

function visibility(c: Ctx): void {
  const { d, tx, r, pc } = c;
  const lang = d.lang;
  const v = d.visibility;
  section(c, tx.t('sections.visibility'));
  r.paragraph(pc.visibility.general[lang]);
  r.heading(pc.visibility.encrypted[lang].title);
  r.paragraph(pc.visibility.encrypted[lang].text);
  r.paragraph(
    v.encryptedShare === null
      ? tx.t('visibility.encryptedNone')
      : tx.t('visibility.encryptedShare', { pct: fmtPct(v.encryptedShare) }),
    { bold: v.encryptedShare !== null },
  );
  const enc = encryptedShare(d, c.charts);
  if (enc) {
    r.ensureSpace(chartHeight(c, enc));
    r.chart(chartSvg(enc), enc);
  }
  r.heading(tx.t('visibility.kindsTitle'));
  if (v.uninspectedKinds.length === 0) r.paragraph(tx.t('visibility.kindsAll'));
  else
    r.bullets(
      v.uninspectedKinds.map((k) =>
        tx.t('visibility.kindLine', {
          name: pc.visibility.kinds[k][lang].name,
          text: pc.visibility.kinds[k][lang].missing,
        }),
      ),
    );
  r.heading(tx.t('visibility.devicesTitle'));
  if (v.devices.length === 0) r.paragraph(tx.t('visibility.devicesNone'));
  else {
    r.table(
      [
        { header: tx.t('visibility.devicesTable.device'), width: 1.6 },
        { header: tx.t('visibility.devicesTable.vendor'), width: 1.2 },
        { header: tx.t('visibility.devicesTable.events'), width: 1.2, align: 'right' },
        { header: tx.t('visibility.devicesTable.lastSeen'), width: 1.8 },
        { header: tx.t('visibility.devicesTable.state'), width: 1.8 },
      ],
      v.devices.map((x) => [
        x.id,
        x.vendor ?? tx.t('visibility.unknownVendor'),
        x.eventsInPeriod,
        x.lastSeenAt === null ? tx.t('visibility.never') : tx.date(x.lastSeenAt, 'dayTime'),
        tx.t(
          `visibility.deviceState.${!x.enabled ? 'disabled' : x.silent ? 'silent' : x.eventsInPeriod === 0 ? 'quiet' : 'ok'}`,
        ),
      ]),
    );
    if (v.devices.some((x) => x.enabled && (x.silent || x.eventsInPeriod === 0)))
      r.callout(pc.visibility.silent[lang].text, 'warn', pc.visibility.silent[lang].title);
  }
}

function closing(c: Ctx): void {
  const { d, tx, r } = c;
  section(c, tx.t('sections.closing'));
  r.paragraph(tx.t('closing.intro'), { size: 11 });
  r.heading(tx.t('closing.how'));
  const how = [tx.t('closing.portal')];
  const k = d.contact;
  if (k?.url) how.push(tx.t('closing.portalUrl', { url: k.url }));
  if (k?.phone) how.push(tx.t('closing.phone', { phone: k.phone }));
  if (k?.email) how.push(tx.t('closing.email', { email: k.email }));
  if (k?.hours) how.push(tx.t('closing.hours', { hours: k.hours }));
  r.bullets(how);
  r.heading(tx.t('closing.urgentTitle'));
  r.callout(
    tx
      .list('closing.urgent')
      .map((s, i) => `${i + 1}. ${s}`)
      .join('\n'),
    'warn',
  );
  r.heading(tx.t('closing.aboutTitle'));
  r.paragraph(tx.t('closing.about'), { muted: true, size: 9 });
}

export async function renderCompanyReport(
  data: CompanyReportData,
  opts: RenderCompanyOptions = {},
): Promise<{ pdf: Buffer; pages: number }> {
  const tx = reportTexts(data.lang);
  const pc = portalContent();
  const companyName = data.lang === 'en' ? (data.company.nameEn ?? data.company.name) : data.company.name;
  const periodText = tx.period(data.period);
  const r = new ReportPdf({
    lang: data.lang,
    title: tx.t('docTitle', { company: companyName, period: periodText }),
    subject: tx.t(data.kind === 'monthly' ? 'titleMonthly' : 'title'),
    author: tx.t('provider'),
    createdAt: opts.createdAt ?? new Date(data.generatedAt),
    pageLabel: (n, total) => tx.t('pageLabel', { n, total }),
  });
  const c: Ctx = { d: data, tx, pc, r, charts: chartContext(data, tx), companyName, periodText };
  const steps = [cover, summary, items, virus, scenarios, desk, recommendations, visibility, closing];
  steps.forEach((step, i) => {
    step(c);
    opts.onProgress?.(Math.round(((i + 1) / (steps.length + 1)) * 100));
  });
  const out = await r.finish();
  opts.onProgress?.(100);
  return out;
}
