/**
 * The programme report's two figures, prepared for paper like every report chart
 * (src/charts: withTheme + forPrint, the embedded font): the months side by side per
 * monitoring item (the portal's shared builder, one panel and scale per item, so 29
 * viruses stay visible next to millions of blocked connections), and the scenario levels
 * as stacked bars of companies (no shared builder has it: a small pure one here).
 */
import {
  type ChartLang,
  type ChartOption,
  type ChartTable,
  chartLabels,
  forPrint,
  monthsSideBySideChart,
  withTheme,
} from '../../charts/index.js';
import { CATEGORIES, type Category } from '../../event/event.js';
import { LEVELS, type Level } from '../../portal/content.js';
import type { ProgrammeReportData } from './model.js';

/** The attack and threat items of the monitoring table (usage items have their own table). */
export const THREAT_ITEMS: readonly Category[] = [
  'recon',
  'malicious-outbound',
  'intrusion-inbound',
  'virus',
  'spam',
  'harmful-web',
];

/** The family renderChartSvg names; the PDF maps every chart text to its embedded font. */
const FONT_FAMILY = 'Noto Sans JP';
/** Drawing width: about the PDF's content width, so 8 px text prints at about 8 pt. */
export const CHART_WIDTH = 500;

const LEVEL_COLORS: Record<Level, string> = {
  none: '#cbd2d9',
  low: '#9fc4e8',
  medium: '#e8a94f',
  high: '#c2453d',
};

export interface ChartPlan {
  option: ChartOption;
  width: number;
  height: number;
  table: ChartTable;
}

function forPaper(option: ChartOption): ChartOption {
  return forPrint(withTheme(option, { animation: false, fontFamily: FONT_FAMILY }), {
    fontFamily: FONT_FAMILY,
  });
}

/** Every item seen in the period, month by month; null with fewer than two months or nothing seen. */
export function monthlyChart(
  data: ProgrammeReportData,
  shortNames: Readonly<Record<Category, string>>,
): ChartPlan | null {
  const items = CATEGORIES.filter((c) => data.monthly.some((m) => m.totals[c] > 0));
  if (data.monthly.length < 2 || items.length === 0) return null;
  const spec = monthsSideBySideChart(
    {
      months: data.monthly.map((m) => m.month),
      items: items.map((item) => ({ item, counts: data.monthly.map((m) => m.totals[item]) })),
    },
    {
      lang: data.lang as ChartLang,
      labels: chartLabels(data.lang, { itemName: (i) => shortNames[i as Category] ?? i }),
    },
    { layout: 'panels', columns: 5, width: CHART_WIDTH },
  );
  return {
    option: forPaper(spec.option),
    width: CHART_WIDTH,
    height: items.length > 5 ? 300 : 160,
    table: spec.table,
  };
}

/** Companies per level for each scenario, as stacked horizontal bars; null when no company was rated. */
export function scenarioLevelsChart(data: ProgrammeReportData): ChartPlan | null {
  if (data.scenarios.every((s) => s.rated === 0)) return null;
  const option: ChartOption = {
    color: LEVELS.map((l) => LEVEL_COLORS[l]),
    grid: { left: 150, right: 20, top: 10, bottom: 36 },
    legend: { bottom: 0 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: data.scenarios.map((s) => s.name) },
    series: LEVELS.map((l) => ({
      type: 'bar',
      stack: 'levels',
      name: data.levelLabels[l],
      barWidth: 18,
      data: data.scenarios.map((s) => s.levels[l]),
    })),
  };
  return {
    option: forPaper(option),
    width: CHART_WIDTH,
    height: 160,
    table: {
      columns: ['', ...LEVELS.map((l) => data.levelLabels[l])],
      rows: data.scenarios.map((s) => [s.name, ...LEVELS.map((l) => s.levels[l])]),
    },
  };
}
