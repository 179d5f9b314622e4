/** Desk statistics of one month: consultations by category and by how they came in. */
import { CASE_CATEGORIES, CASE_CHANNELS } from '../desk/model.js';
import type { ChartContext } from './labels.js';
import { sum } from './series.js';
import type { TotalledChartSpec } from './types.js';

/** `DeskStats.consultations` (GET /api/desk/stats) or the server's desk statistics. */
export interface ConsultationCounts {
  total: number;
  byCategory: Partial<Record<string, number>>;
  byChannel: Partial<Record<string, number>>;
}

/** Consultations per category as horizontal bars, every category listed (0 included), in the desk's order. */
export function deskCategoryChart(c: ConsultationCounts, { labels }: ChartContext): TotalledChartSpec {
  const rows = CASE_CATEGORIES.map((k) => [labels.deskCategoryName(k), c.byCategory[k] ?? 0] as const);
  return {
    option: {
      grid: { left: 150, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      // Reversed so the first category is on top.
      yAxis: { type: 'category', data: rows.map(([k]) => k).reverse() },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      series: [{ type: 'bar', name: labels.count, data: rows.map(([, v]) => v).reverse() }],
    },
    table: { columns: [labels.deskCategory, labels.count], rows: rows.map(([k, v]) => [k, v]) },
    total: sum(rows.map(([, v]) => v)),
  };
}

/** Consultations per intake channel (portal, phone, mail, alert, visit) as a doughnut. */
export function deskChannelChart(c: ConsultationCounts, { labels }: ChartContext): TotalledChartSpec {
  const rows = CASE_CHANNELS.map((k) => [labels.deskChannelName(k), c.byChannel[k] ?? 0] as const);
  return {
    option: {
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          type: 'pie',
          radius: ['38%', '68%'],
          center: ['50%', '44%'],
          label: { formatter: '{b}\n{c}' },
          data: rows.filter(([, v]) => v > 0).map(([name, value]) => ({ name, value })),
        },
      ],
    },
    table: { columns: [labels.deskChannel, labels.count], rows: rows.map(([k, v]) => [k, v]) },
    total: sum(rows.map(([, v]) => v)),
  };
}
