/** Monitoring-item counts per time bucket (day, week or month). */
import { CATEGORIES } from '../event/event.js';
import { fmtBucket } from './format.js';
import type { ChartContext } from './labels.js';
import { aligned, sum } from './series.js';
import type { BucketStart, TotalledChartSpec } from './types.js';

/**
 * Counts per bucket and monitoring item: GET /api/…/trend (`TrendAnswer`, ISO bucket starts)
 * or the server's `trendView` (`TrendView`, epoch-millisecond bucket starts).
 */
export interface TrendInput {
  /** 'day' | 'week' | 'month': how bucket starts are labelled. */
  bucket: string;
  /** Start of each bucket, oldest first. */
  buckets: readonly BucketStart[];
  /** Per monitoring item, one count per bucket; a missing item counts as all zero. */
  series: Partial<Record<string, readonly number[]>>;
}

/** One item's counts as bars per bucket (the portal's "trend" figure). `total` is the item's sum. */
export function itemTrendChart(
  input: TrendInput,
  item: string,
  { lang, labels }: ChartContext,
): TotalledChartSpec {
  const x = input.buckets.map((b) => fmtBucket(b, input.bucket, lang));
  const values = aligned(input.series[item], x.length);
  const name = labels.itemName(item);
  return {
    option: {
      grid: { left: 56, right: 16, top: 16, bottom: 40 },
      xAxis: { type: 'category', data: x },
      yAxis: { type: 'value', minInterval: 1 },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      series: [{ type: 'bar', name, data: values }],
    },
    table: { columns: [labels.date, name], rows: x.map((l, i) => [l, values[i]]) },
    total: sum(values),
  };
}

/**
 * Several items over time as lines, one per item that has any count (an all-zero item would
 * only add a flat line and a legend entry; the table still lists it). `items` defaults to the
 * ten monitoring items in their usual order.
 */
export function allItemsTrendChart(
  input: TrendInput,
  { lang, labels }: ChartContext,
  items: readonly string[] = CATEGORIES,
): TotalledChartSpec {
  const x = input.buckets.map((b) => fmtBucket(b, input.bucket, lang));
  const values = items.map((item) => aligned(input.series[item], x.length));
  return {
    option: {
      grid: { left: 56, right: 16, top: 16, bottom: 72 },
      legend: { bottom: 0, type: 'scroll' },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      xAxis: { type: 'category', data: x },
      yAxis: { type: 'value', minInterval: 1 },
      series: items
        .map((item, k) => ({ item, data: values[k] }))
        .filter((s) => s.data.some((n) => n > 0))
        .map((s) => ({ type: 'line', name: labels.itemName(s.item), data: s.data, symbolSize: 4 })),
    },
    table: {
      columns: [labels.date, ...items.map(labels.itemName), labels.total],
      rows: x.map((l, i) => {
        const row = values.map((v) => v[i]);
        return [l, ...row, sum(row)];
      }),
    },
    total: sum(values.map(sum)),
  };
}
