/**
 * The programme-wide results report as a PDF, in the seed's format: cover, summary,
 * the monitoring table (total per item, the period, the number of UTMs), usage items as
 * "seen on N of M UTMs", the threat scenarios with frequency, impact and the levels
 * counted over the companies, the desk's figures, and how everything was counted.
 */
import { LEVELS } from '../../portal/content.js';
import { renderChartSvg } from '../pdf/chart-svg.js';
import { ReportPdf, type TableColumn } from '../pdf/doc.js';
import { monthlyChart, scenarioLevelsChart, THREAT_ITEMS } from './charts.js';
import {
  fmtDay,
  fmtGuide,
  fmtInt,
  fmtMinutes,
  fmtMonth,
  fmtPercent,
  fmtYen,
  unitFraction,
} from './format.js';
import type { ProgrammeReportData, UsageRow } from './model.js';
import { fill, type ProgrammeTexts, programmeTexts } from './texts.js';

export interface RenderOptions {
  /** Fixed creation date in the PDF metadata (tests, reproducible output); default: data.createdAt. */
  createdAt?: Date;
}

/** "seen on 20 of all 100 UTMs (1/5)" in the seed's wording. */
export function seenOnPhrase(tx: ProgrammeTexts, n: number, all: number): string {
  if (n === 0) return fill(tx.usage.phraseNone, { all: fmtInt(all) });
  const f = unitFraction(n, all);
  if (f)
    return fill(tx.usage.phraseFraction, {
      n: fmtInt(n),
      all: fmtInt(all),
      fraction: `${f.exact ? '' : tx.usage.about}1/${f.k}`,
    });
  return fill(tx.usage.phrasePercent, { n: fmtInt(n), all: fmtInt(all), percent: fmtPercent(n / all) });
}

const share = (n: number, of: number) => (of > 0 ? fmtPercent(n / of) : '—');

/** The seed's "results of this programme" in a few lines: per-day guides, viruses by route, N of M. */
function summaryLines(data: ProgrammeReportData, tx: ProgrammeTexts): string[] {
  const { reportingUtms } = data.scope;
  const lines: string[] = [];
  const row = (id: string) => data.monitoring.find((m) => m.id === id);
  for (const i of data.items) {
    if (!THREAT_ITEMS.includes(i.item) || i.total === 0) continue;
    if (i.item === 'virus')
      lines.push(
        fill(tx.summary.virus, {
          item: i.label,
          total: fmtInt(i.total),
          web: fmtInt(row('virus-web')?.total ?? 0),
          mail: fmtInt(row('virus-mail')?.total ?? 0),
          other: fmtInt(row('virus-other')?.total ?? 0),
        }),
      );
    else
      lines.push(
        fill(tx.summary.perUtmDay, {
          item: i.label,
          n: fmtGuide(i.total / reportingUtms / data.period.days),
          total: fmtInt(i.total),
        }),
      );
  }
  for (const u of data.usage)
    lines.push(fill(tx.summary.seenOn, { item: u.label, phrase: seenOnPhrase(tx, u.utms, reportingUtms) }));
  const ransom = data.scenarios.find((s) => s.id === 'ransomware');
  if (ransom && ransom.familyCompanies > 0)
    lines.push(fill(tx.summary.ransomware, { companies: fmtInt(ransom.familyCompanies) }));
  return lines;
}

export async function renderProgrammeReport(
  data: ProgrammeReportData,
  opts: RenderOptions = {},
): Promise<{ pdf: Buffer; pages: number }> {
  const lang = data.lang;
  const tx = programmeTexts(lang);
  const from = fmtDay(data.period.firstDay, lang);
  const to = fmtDay(data.period.lastDay, lang);
  const { scope } = data;
  const r = new ReportPdf({
    lang,
    title: fill(tx.docTitle, { from, to }),
    subject: tx.title,
    createdAt: opts.createdAt ?? new Date(data.createdAt),
    pageLabel: (n, total) => fill(tx.page, { n, total }),
  });

  // ---- cover ----
  r.cover({
    kicker: tx.kicker,
    title: tx.title,
    lines: [fill(tx.cover.period, { from, to })],
    facts: [
      [
        tx.cover.utms,
        fill(tx.cover.utmsValue, { reporting: fmtInt(scope.reportingUtms), registered: fmtInt(scope.utms) }),
      ],
      [
        tx.cover.companies,
        fill(tx.cover.companiesValue, {
          reporting: fmtInt(scope.reportingCompanies),
          registered: fmtInt(scope.companies),
        }),
      ],
      [tx.cover.created, fmtDay(data.createdAt.slice(0, 10), lang)],
      [tx.cover.audience, tx.cover.audienceValue],
    ],
    note: tx.cover.note,
  });

  // ---- summary ----
  r.section(tx.summary.title);
  const threats = data.items.filter((i) => THREAT_ITEMS.includes(i.item));
  const threatTotal = threats.reduce((s, i) => s + i.total, 0);
  const threatStopped = threats.reduce((s, i) => s + i.stopped, 0);
  const attention = data.attentionCompanies;
  if (scope.reportingUtms === 0) r.callout(tx.summary.noData, 'warn');
  else
    r.paragraph(
      fill(tx.summary.intro, {
        utms: fmtInt(scope.reportingUtms),
        companies: fmtInt(scope.reportingCompanies),
      }),
    );
  r.keyFigures([
    {
      label: tx.summary.utms,
      value: fmtInt(scope.reportingUtms),
      note: fill(tx.summary.utmsNote, { registered: fmtInt(scope.utms) }),
    },
    {
      label: tx.summary.companies,
      value: fmtInt(scope.reportingCompanies),
      note: fill(tx.summary.companiesNote, { registered: fmtInt(scope.companies) }),
    },
    {
      label: tx.summary.threats,
      value: fmtInt(threatTotal),
      note: fill(tx.summary.threatsNote, { percent: share(threatStopped, threatTotal) }),
      tone: 'info',
    },
    {
      label: tx.summary.attention,
      value: fmtInt(attention),
      note: tx.summary.attentionNote,
      tone: attention > 0 ? 'warn' : undefined,
    },
    {
      label: tx.summary.consultations,
      value: fmtInt(data.desk.consultations.total),
      note: fill(tx.summary.consultationsNote, { companies: fmtInt(data.desk.consultations.companies) }),
    },
    {
      label: tx.summary.dispatches,
      value: fmtInt(data.desk.dispatches.completed),
      note: fill(tx.summary.dispatchesNote, { requested: fmtInt(data.desk.dispatches.requested) }),
    },
  ]);
  if (scope.reportingUtms > 0) r.bullets(summaryLines(data, tx));

  // ---- monitoring table ----
  r.section(tx.monitoring.title);
  r.paragraph(tx.monitoring.intro);
  r.paragraph(
    fill(tx.monitoring.scope, {
      utms: fmtInt(scope.reportingUtms),
      companies: fmtInt(scope.reportingCompanies),
      from,
      to,
    }),
    { bold: true },
  );
  const monCols: TableColumn[] = [
    { header: tx.monitoring.item, width: 2.5 },
    { header: tx.monitoring.total, width: 1.6, align: 'right' },
    { header: tx.monitoring.utms, width: 1.1, align: 'right' },
    { header: tx.monitoring.perUtmDay, width: 1.3, align: 'right' },
    { header: tx.monitoring.stopped, width: 1.1, align: 'right' },
    { header: tx.monitoring.countermeasure, width: 2.3 },
  ];
  r.table(
    monCols,
    data.monitoring.map((m) => [
      m.label,
      fmtInt(m.total),
      fill(tx.usage.cell, { n: fmtInt(m.utms), all: fmtInt(scope.reportingUtms) }),
      m.perUtmPerDay === null ? tx.none : fmtGuide(m.perUtmPerDay),
      share(m.stopped, m.total),
      m.countermeasure,
    ]),
    { size: 8.5 },
  );
  if (data.monthly.length > 1) {
    r.heading(tx.monitoring.monthlyTitle);
    const months = monthlyChart(data, tx.monitoring.short);
    if (months) {
      r.chart(renderChartSvg(months.option, months), months);
      r.paragraph(tx.monitoring.monthlyNote, { size: 8.5, muted: true });
    }
    r.table(
      [
        { header: tx.monitoring.month, width: 1.2 },
        ...THREAT_ITEMS.map((c) => ({ header: tx.monitoring.short[c], width: 1.1, align: 'right' as const })),
        { header: tx.monitoring.monthUtms, width: 0.9, align: 'right' },
      ],
      data.monthly.map((m) => [
        fmtMonth(m.month, lang),
        ...THREAT_ITEMS.map((c) => fmtInt(m.totals[c])),
        fmtInt(m.utms),
      ]),
      { size: 8 },
    );
  }

  // ---- usage ----
  // the usage table is short: keep it with its heading rather than split it
  r.ensureSpace(140 + 34 * data.usage.length);
  r.section(tx.usage.title, { continued: true });
  r.paragraph(tx.usage.intro);
  r.table(
    [
      { header: tx.usage.item, width: 2.4 },
      { header: tx.usage.seenOn, width: 1.3, align: 'right' },
      { header: tx.usage.share, width: 0.7, align: 'right' },
      { header: tx.usage.companies, width: 1.3, align: 'right' },
      { header: tx.usage.total, width: 1.2, align: 'right' },
      { header: tx.usage.stopped, width: 1.4, align: 'right' },
      { header: tx.monitoring.countermeasure, width: 1.8 },
    ],
    data.usage.map((u: UsageRow) => [
      u.label,
      fill(tx.usage.cell, { n: fmtInt(u.utms), all: fmtInt(scope.reportingUtms) }),
      u.share === null ? tx.none : fmtPercent(u.share),
      fmtInt(u.companies),
      fmtInt(u.total),
      fmtInt(u.stopped),
      u.countermeasure,
    ]),
    { size: 8.5 },
  );

  // ---- threat scenarios ----
  r.section(tx.scenarios.title);
  r.paragraph(fill(tx.scenarios.intro, { companies: fmtInt(scope.reportingCompanies) }));
  r.table(
    [
      { header: tx.scenarios.scenario, width: 1.6 },
      { header: tx.scenarios.frequency, width: 0.6, align: 'center' },
      { header: tx.scenarios.impact, width: 3 },
      { header: tx.scenarios.levels, width: 2 },
    ],
    data.scenarios.map((s) => [
      s.name,
      s.frequencyLabel,
      s.impactText,
      LEVELS.map((l) => `${data.levelLabels[l]} ${fmtInt(s.levels[l])}`).join(' / '),
    ]),
  );
  const levels = scenarioLevelsChart(data);
  if (levels) r.chart(renderChartSvg(levels.option, levels), levels);
  for (const s of data.scenarios) {
    r.heading(s.name);
    for (const [label, text] of [
      [tx.scenarios.frequency, s.frequencyText],
      [tx.scenarios.impact, s.impactText],
    ])
      r.paragraph(fill(tx.scenarios.ratingLine, { label, text }), { size: 9, muted: true, gap: 0.2 });
    const lines = [
      fill(tx.scenarios.attention, { n: fmtInt(s.attention), percent: share(s.attention, s.rated) }),
      ...s.evidence.map((e) =>
        e.total > 0
          ? fill(tx.scenarios.evidenceLine, {
              item: e.label,
              total: fmtInt(e.total),
              utms: fmtInt(e.utms),
              companies: fmtInt(e.companies),
            })
          : fill(tx.scenarios.evidenceNone, { item: e.label }),
      ),
    ];
    if (s.id === 'ransomware')
      lines.push(
        s.familyCompanies > 0
          ? fill(tx.scenarios.families, {
              companies: fmtInt(s.familyCompanies),
              families: s.families.map((f) => `${f.family} ${fmtInt(f.companies)}`).join(', '),
            })
          : tx.scenarios.familiesNone,
      );
    r.paragraph(tx.scenarios.findings, { bold: true, gap: 0.2 });
    r.bullets(lines);
  }

  // ---- desk ----
  const d = data.desk;
  r.section(tx.desk.title);
  r.paragraph(tx.desk.intro);
  r.keyFigures([
    { label: tx.desk.consultations, value: fmtInt(d.consultations.total) },
    {
      label: tx.desk.consultationsCompanies,
      value: fmtInt(d.consultations.companies),
      note: fill(tx.desk.companiesShare, { percent: share(d.consultations.companies, scope.companies) }),
    },
    {
      label: tx.desk.firstResponse,
      value: fmtMinutes(d.firstResponse.medianMinutes, lang, tx.none),
      note: tx.desk.median,
    },
  ]);
  if (d.consultations.total === 0) r.paragraph(tx.desk.noCases, { muted: true });
  else {
    r.heading(tx.desk.byCategory);
    r.table(
      [
        { header: tx.desk.category, width: 3 },
        { header: tx.desk.count, align: 'right' },
      ],
      d.consultations.byCategory.map((c) => [c.label, fmtInt(c.n)]),
    );
    r.heading(tx.desk.byChannel);
    r.table(
      [
        { header: tx.desk.channel, width: 3 },
        { header: tx.desk.count, align: 'right' },
      ],
      d.consultations.byChannel.map((c) => [c.label, fmtInt(c.n)]),
    );
  }
  r.heading(tx.desk.times);
  const mins = (m: number | null) => fmtMinutes(m, lang, tx.none);
  r.table(
    [
      { header: tx.desk.measure, width: 2 },
      { header: tx.desk.cases, align: 'right' },
      { header: tx.desk.median, align: 'right' },
      { header: tx.desk.p90, width: 1.6, align: 'right' },
    ],
    [
      [
        tx.desk.firstResponse,
        fmtInt(d.firstResponse.count),
        mins(d.firstResponse.medianMinutes),
        mins(d.firstResponse.p90Minutes),
      ],
      [
        tx.desk.resolution,
        fmtInt(d.resolution.count),
        mins(d.resolution.medianMinutes),
        mins(d.resolution.p90Minutes),
      ],
    ],
  );
  r.paragraph(
    fill(tx.desk.slaBreaches, {
      firstResponse: fmtInt(d.slaBreaches.firstResponse),
      update: fmtInt(d.slaBreaches.update),
      resolution: fmtInt(d.slaBreaches.resolution),
    }),
    { size: 9 },
  );
  r.heading(tx.desk.dispatches);
  r.keyFigures([
    { label: tx.desk.requested, value: fmtInt(d.dispatches.requested) },
    { label: tx.desk.completed, value: fmtInt(d.dispatches.completed) },
    { label: tx.desk.dispatchCompanies, value: fmtInt(d.dispatches.companies) },
    { label: tx.desk.onSite, value: mins(d.dispatches.medianOnSiteMinutes) },
    { label: tx.desk.travel, value: mins(d.dispatches.medianTravelMinutes) },
  ]);
  r.heading(tx.desk.claims);
  r.keyFigures([
    { label: tx.desk.claimCount, value: fmtInt(d.claims.count) },
    { label: tx.desk.claimedYen, value: fmtYen(d.claims.claimedYen, lang) },
    { label: tx.desk.paidYen, value: fmtYen(d.claims.paidYen, lang) },
  ]);
  r.heading(tx.desk.alerts);
  r.keyFigures([
    { label: tx.desk.raised, value: fmtInt(d.alerts.raised) },
    { label: tx.desk.escalated, value: fmtInt(d.alerts.escalated) },
    { label: tx.desk.closedBenign, value: fmtInt(d.alerts.closedBenign) },
  ]);

  // ---- method ----
  r.section(tx.method.title);
  r.bullets([
    tx.method.utm,
    fill(tx.method.period, { from, to }),
    fill(tx.method.perDay, { days: fmtInt(data.period.days) }),
    tx.method.items,
    tx.method.stopped,
    tx.method.scenarios,
    tx.method.desk,
    tx.method.blind,
    tx.method.privacy,
  ]);

  return r.finish();
}
