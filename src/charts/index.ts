/**
 * One set of chart definitions for the portal (canvas, in the browser) and the PDF reports
 * (SVG, ECharts server-side rendering). Every builder is a pure function from the view data to
 * `{ option, table, total? }`: the option is plain data (no functions, no HTML), the table holds
 * the same numbers for screen readers and print.
 *
 * Typical server use:
 *   const ctx = { lang: 'ja', labels: chartLabels('ja', { itemName, channelName }) };
 *   const { option } = virusOverTimeChart(view, ctx);
 *   renderChartSvg(forPrint(withTheme(option, { animation: false, fontFamily: 'Noto Sans JP' })), size);
 */
export { type ConsultationCounts, deskCategoryChart, deskChannelChart } from './desk.js';
export { fmtBucket, fmtMonth, fmtNumber, fmtPercent, fmtShare, localeOf } from './format.js';
export { type ChartContext, type ChartLabels, chartLabels } from './labels.js';
export { forPrint, type PrintOptions } from './print.js';
export {
  type ItemsOverviewInput,
  type ItemsOverviewOptions,
  itemsOverviewChart,
  type MonthsInput,
  type MonthsOptions,
  monthsSideBySideChart,
} from './report.js';
export { BASE_OPTION, BROWSER_FONT, colorOf, PALETTE, type ThemeOptions, withTheme } from './theme.js';
export { allItemsTrendChart, itemTrendChart, type TrendInput } from './trend.js';
export type {
  BucketSize,
  BucketStart,
  ChartLang,
  ChartOption,
  ChartSpec,
  ChartTable,
  TotalledChartSpec,
} from './types.js';
export { encryptedShareChart } from './usage.js';
export {
  type VirusFamilyOptions,
  type VirusInput,
  virusChannelShareChart,
  virusChannels,
  virusCumulativeChart,
  virusFamilyChart,
  virusOverTimeChart,
} from './virus.js';
