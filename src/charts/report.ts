/** Charts the monthly report needs first (the portal can show them too). */
import { fmtMonth } from './format.js';
import type { ChartContext } from './labels.js';
import { aligned, sum } from './series.js';
import { PALETTE } from './theme.js';
import type { ChartOption, TotalledChartSpec } from './types.js';

/** Monthly counts per monitoring item, e.g. the last 7 months of a monthly report. */
export interface MonthsInput {
  /** Oldest first. `YYYY-MM` is written as a short month (2026年4月 / Apr 2026); other text is used as is. */
  months: readonly string[];
  /** One entry per item to show, in display order; `counts[i]` belongs to `months[i]`. */
  items: readonly { item: string; counts: readonly number[] }[];
}

export interface MonthsOptions {
  /**
   * 'panels' (default): one small bar chart per item with its own scale, so an item with a few
   * events is as readable as spam with thousands. 'grouped': one axis, a bar series per item
   * (only sensible for a few items of similar size).
   */
  layout?: 'panels' | 'grouped';
  /** Panels per row (default 5: the ten items in two rows). */
  columns?: number;
  /** The width the chart will be drawn at, in px or pt (default 500): panel titles wrap to fit it. */
  width?: number;
}

// Earlier months quieter, the latest month (the one the report is about) in full colour.
const EARLIER = { color: PALETTE[0], opacity: 0.45 };
const LATEST = { color: PALETTE[0] };

/**
 * The last months side by side per monitoring item. The table has one row per item and one
 * column per month; `total` is the sum of all counts shown.
 */
export function monthsSideBySideChart(
  input: MonthsInput,
  { lang, labels }: ChartContext,
  { layout = 'panels', columns = 5, width = 500 }: MonthsOptions = {},
): TotalledChartSpec {
  const long = input.months.map((m) => fmtMonth(m, lang, true));
  const short = input.months.map((m) => fmtMonth(m, lang, false));
  const items = input.items.map((it) => ({
    name: labels.itemName(it.item),
    counts: aligned(it.counts, input.months.length),
  }));
  const table = {
    columns: [labels.item, ...long],
    rows: items.map((it) => [it.name, ...it.counts]),
  };
  const total = sum(items.map((it) => sum(it.counts)));
  const option = layout === 'grouped' ? grouped(items, long) : panels(items, short, columns, width);
  return { option, table, total };
}

function grouped(items: { name: string; counts: number[] }[], months: string[]): ChartOption {
  return {
    grid: { left: 48, right: 16, top: 16, bottom: 64 },
    legend: { bottom: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', minInterval: 1 },
    series: items.map((it) => ({ type: 'bar', name: it.name, data: it.counts })),
  };
}

function panels(
  items: { name: string; counts: number[] }[],
  months: string[],
  columns: number,
  width: number,
): ChartOption {
  if (items.length === 0) return { series: [] };
  const cols = Math.max(1, Math.min(columns, items.length));
  const rows = Math.ceil(items.length / cols);
  const cellW = 100 / cols;
  const cellH = 100 / rows;
  const pct = (n: number) => `${Math.round(n * 100) / 100}%`;
  // The title band: two lines of small text; the rest of the cell holds the axes and bars.
  const titleBand = Math.min(cellH * 0.3, 100 * (30 / 240) * (rows === 1 ? 0.6 : 1));
  const at = (k: number) => ({ col: k % cols, row: Math.floor(k / cols) });
  const last = months.length - 1;
  return {
    title: items.map((it, k) => {
      const { col, row } = at(k);
      return {
        text: it.name,
        left: pct(col * cellW + cellW / 2),
        top: pct(row * cellH),
        textAlign: 'center',
        textStyle: {
          fontSize: 11,
          fontWeight: 'normal',
          width: Math.max(40, Math.floor((width / cols) * 0.88)),
          // Two lines at most; the table below the chart has every name in full.
          overflow: 'break',
          lineOverflow: 'truncate',
          lineHeight: 13,
          height: 26,
        },
      };
    }),
    grid: items.map((_, k) => {
      const { col, row } = at(k);
      return {
        left: pct(col * cellW + 1),
        width: pct(cellW - 2),
        top: pct(row * cellH + titleBand),
        height: pct(cellH - titleBand - 2),
        // The grid box includes its axis labels, so neighbouring panels never overlap.
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      };
    }),
    xAxis: items.map((_, k) => ({
      type: 'category',
      gridIndex: k,
      data: months,
      axisTick: { show: false },
      axisLabel: { fontSize: 9, interval: 0, hideOverlap: true },
    })),
    yAxis: items.map((_, k) => ({
      type: 'value',
      gridIndex: k,
      minInterval: 1,
      splitNumber: 2,
      axisLabel: { fontSize: 9 },
    })),
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    series: items.map((it, k) => ({
      type: 'bar',
      name: it.name,
      xAxisIndex: k,
      yAxisIndex: k,
      barCategoryGap: '25%',
      data: it.counts.map((value, i) => ({ value, itemStyle: i === last ? LATEST : EARLIER })),
    })),
  };
}

/** The period's count per monitoring item: `ItemsAnswer.items` / `ItemsView.items` fit as they are. */
export interface ItemsOverviewInput {
  items: readonly { item: string; count: number }[];
}

export interface ItemsOverviewOptions {
  /** Width of the item-name column in px/pt before names wrap (default 180). */
  labelWidth?: number;
}

/** Horizontal bars of each item's count, first item on top, the count written at each bar's end. */
export function itemsOverviewChart(
  input: ItemsOverviewInput,
  { labels }: ChartContext,
  { labelWidth = 180 }: ItemsOverviewOptions = {},
): TotalledChartSpec {
  const rows = input.items.map((it) => [labels.itemName(it.item), it.count] as [string, number]);
  return {
    option: {
      grid: { left: 8, right: 48, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map(([name]) => name),
        axisLabel: { width: labelWidth, overflow: 'break', interval: 0 },
      },
      series: [
        {
          type: 'bar',
          name: labels.count,
          barMaxWidth: 28,
          label: { show: true, position: 'right' },
          data: rows.map(([, n]) => n),
        },
      ],
    },
    table: { columns: [labels.item, labels.count], rows },
    total: sum(rows.map(([, n]) => n)),
  };
}
