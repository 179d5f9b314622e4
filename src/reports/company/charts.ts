/**
 * The report's charts: the portal's own chart definitions (src/charts) fed with the
 * report data and prepared for paper (forPrint: small text, no tooltip, the embedded
 * font). Each answers the option, the size it is drawn at (≈ pt: the PDF places it at
 * the content width) and the builder's table, or null when there is nothing to draw —
 * the report then says so in words rather than showing an empty chart.
 */
import {
  allItemsTrendChart,
  type ChartContext,
  type ChartOption,
  type ChartSpec,
  type ChartTable,
  chartLabels,
  encryptedShareChart,
  forPrint,
  itemsOverviewChart,
  monthsSideBySideChart,
  virusChannelShareChart,
  virusCumulativeChart,
  virusFamilyChart,
  virusOverTimeChart,
  withTheme,
} from '../../charts/index.js';
import { CATEGORIES } from '../../event/event.js';
import { portalContent } from '../../portal/content.js';
import { tokyoDate } from '../../portal/period.js';
import type { CompanyReportData } from './model.js';
import type { ReportTexts } from './texts.js';

export interface ChartPlan {
  option: ChartOption;
  width: number;
  height: number;
  table: ChartTable;
}

/** The family renderChartSvg names; the PDF maps every chart text to its embedded font. */
const FONT_FAMILY = 'Noto Sans JP';
/** Drawing width: about the PDF's content width, so 8 px text prints at about 8 pt. */
const WIDTH = 500;
/** More families than this read better as bars than as pie slices. */
const PIE_MAX_FAMILIES = 6;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Paper-only touches forPrint leaves to the caller: a legend that lists everything (a
 * scrolling legend hides entries on paper); labels without the white halo, which the
 * PDF's SVG reader paints over the glyphs instead of under them; lines without a marker
 * on every point (there is no pointer to hover them, and each marker is a path to draw).
 */
function paper(option: ChartOption): ChartOption {
  const o = option as Obj;
  const out: Obj = { ...o };
  if (isObj(o.legend)) out.legend = { ...o.legend, type: 'plain' };
  if (Array.isArray(o.series))
    out.series = o.series.map((s: unknown) => {
      if (!isObj(s)) return s;
      const t: Obj = { ...s };
      if (isObj(s.label)) t.label = { ...s.label, textBorderWidth: 0, textBorderColor: 'transparent' };
      if (s.type === 'line') t.showSymbol = false;
      return t;
    });
  return out as ChartOption;
}

function plan(spec: ChartSpec, height: number): ChartPlan {
  const option = forPrint(withTheme(spec.option, { animation: false, fontFamily: FONT_FAMILY }), {
    fontFamily: FONT_FAMILY,
  });
  return { option: paper(option), width: WIDTH, height, table: spec.table };
}

/** Chart words in the report's language; items by their short report names, channels as on the portal. */
export function chartContext(d: CompanyReportData, tx: ReportTexts): ChartContext {
  const channels = portalContent().channels;
  return {
    lang: d.lang,
    labels: chartLabels(d.lang, {
      itemName: (item) => (tx.has(`itemShort.${item}`) ? tx.t(`itemShort.${item}`) : item),
      channelName: (c) => channels[c as keyof typeof channels]?.[d.lang] ?? c,
      unknownFamily: tx.t('virus.unknownFamily'),
    }),
  };
}

/** One bar per monitoring item with the period's count. */
export function itemsOverview(d: CompanyReportData, ctx: ChartContext): ChartPlan | null {
  if (d.items.every((i) => i.count === 0)) return null;
  return plan(itemsOverviewChart({ items: d.items }, ctx, { labelWidth: 110 }), 230);
}

const monthKey = (ms: number) => {
  const { y, m } = tokyoDate(ms);
  return `${y}-${String(m).padStart(2, '0')}`;
};

/** The seven months side by side, one small panel per item seen in any of them. */
export function monthsSideBySide(d: CompanyReportData, ctx: ChartContext): ChartPlan | null {
  const items = CATEGORIES.filter((c) => d.months.series[c].some((n) => n > 0));
  if (items.length === 0) return null;
  const spec = monthsSideBySideChart(
    {
      months: d.months.buckets.map(monthKey),
      items: items.map((item) => ({ item, counts: d.months.series[item] })),
    },
    ctx,
    { layout: 'panels', columns: 5, width: WIDTH },
  );
  return plan(spec, items.length > 5 ? 300 : 160);
}

/** Every item seen in the period over time, one line each. */
export function itemsTrend(d: CompanyReportData, ctx: ChartContext): ChartPlan | null {
  const items = CATEGORIES.filter((c) => d.trend.series[c].some((n) => n > 0));
  if (items.length === 0) return null;
  return plan(allItemsTrendChart(d.trend, ctx, items), 250);
}

/** 通信内容別ウイルス検知件数 */
export function virusOverTime(d: CompanyReportData, ctx: ChartContext): ChartPlan | null {
  return d.virus.total === 0 ? null : plan(virusOverTimeChart(d.virus, ctx), 230);
}

/** The period's running total per channel. */
export function virusCumulative(d: CompanyReportData, ctx: ChartContext): ChartPlan | null {
  return d.virus.total === 0 ? null : plan(virusCumulativeChart(d.virus, ctx), 220);
}

/** 期間内累計 通信内容別構成比 */
export function virusChannelShare(d: CompanyReportData, ctx: ChartContext): ChartPlan | null {
  return d.virus.total === 0 ? null : plan(virusChannelShareChart(d.virus, ctx), 190);
}

/** 期間内累計 ウイルス種類別構成比 */
export function virusFamilies(d: CompanyReportData, ctx: ChartContext): ChartPlan | null {
  if (d.virus.total === 0) return null;
  const bars = d.virus.byFamily.length > PIE_MAX_FAMILIES;
  const spec = virusFamilyChart(d.virus, ctx, { kind: bars ? 'bar' : 'pie' });
  return plan(spec, bars ? Math.min(320, 40 + 18 * d.virus.byFamily.length) : 190);
}

/** Encrypted against plain outbound traffic, when any outbound traffic was seen. */
export function encryptedShare(d: CompanyReportData, ctx: ChartContext): ChartPlan | null {
  const s = d.visibility.encryptedShare;
  return s === null ? null : plan(encryptedShareChart(s, ctx), 160);
}
