/** Small pure helpers the builders share. */
import type { ChartOption } from './types.js';

export const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Series values aligned to `length` buckets: missing series or missing points count as 0. */
export function aligned(values: readonly number[] | undefined, length: number): number[] {
  return Array.from({ length }, (_, i) => values?.[i] ?? 0);
}

/** A doughnut of named values; empty slices only clutter the labels (the table still lists them). */
export function pieOption(
  all: readonly { name: string; value: number; itemStyle?: { color: string } }[],
  label: string,
): ChartOption {
  return {
    tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['38%', '68%'],
        center: ['50%', '44%'],
        avoidLabelOverlap: true,
        label: { formatter: label },
        data: all.filter((d) => d.value > 0),
      },
    ],
  };
}
