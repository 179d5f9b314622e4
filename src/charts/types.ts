/** What every chart builder returns: exactly what the portal's ChartFigure and the PDF need. */
import type { EChartsCoreOption } from 'echarts/core';

export type ChartLang = 'ja' | 'en';

/** A plain ECharts option: data and strings only, so it renders the same in the browser and on the server. */
export type ChartOption = EChartsCoreOption;

/** The chart's numbers as a table (first column: the row's name). */
export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

export interface ChartSpec {
  option: ChartOption;
  table: ChartTable;
  /** The sum of everything drawn, when a total means something (empty-state and aria text). */
  total?: number;
}

/** A bucket start as the portal API (ISO text) or the server view (epoch milliseconds) carries it. */
export type BucketStart = string | number;
export type BucketSize = 'day' | 'week' | 'month';

/** A chart whose numbers add up to something: `total` is always there. */
export interface TotalledChartSpec extends ChartSpec {
  total: number;
}
