/**
 * Virus detection status as in the seed: detections by channel over time (stacked bars),
 * the running total by channel, the period's share by channel, and the share by family.
 */
import { CHANNELS } from '../event/event.js';
import { fmtBucket, fmtShare } from './format.js';
import type { ChartContext } from './labels.js';
import { aligned, pieOption, sum } from './series.js';
import { colorOf } from './theme.js';
import type { BucketStart, ChartOption, TotalledChartSpec } from './types.js';

/**
 * The virus view: GET /api/…/virus (`VirusAnswer`) or the server's `virusView` (`VirusView`).
 * Channel keys are the event channels (`mail-send`, `mail-receive`, `web`, `ftp`, `other`).
 */
export interface VirusInput {
  /** 'day' | 'week' | 'month': how bucket starts are labelled. */
  bucket: string;
  /** Start of each bucket, oldest first. */
  buckets: readonly BucketStart[];
  /** Per channel, detections per bucket. */
  byChannelOverTime: Partial<Record<string, readonly number[]>>;
  /** Per channel, detections in the whole period. */
  byChannel: Partial<Record<string, number>>;
  /** Per channel, the running total per bucket; computed from `byChannelOverTime` when absent. */
  byChannelCumulative?: Partial<Record<string, readonly number[]>>;
  /** Detections per virus family, largest first ('unknown' or '' = family not known). */
  byFamily: readonly { family: string; n: number }[];
}

/** The seed's four channels always; "other" only when something came that way. */
export function virusChannels(v: Pick<VirusInput, 'byChannel'>): string[] {
  return CHANNELS.filter((c) => c !== 'other' || (v.byChannel.other ?? 0) > 0);
}

const channelColor = (c: string) => colorOf<string>(CHANNELS, c);

function familyName(family: string, unknown: string): string {
  return family === 'unknown' || !family ? unknown : family;
}

/** Detections per bucket, stacked by channel. `total` is the period's detections. */
export function virusOverTimeChart(v: VirusInput, { lang, labels }: ChartContext): TotalledChartSpec {
  const channels = virusChannels(v);
  const x = v.buckets.map((b) => fmtBucket(b, v.bucket, lang));
  const per = channels.map((c) => aligned(v.byChannelOverTime[c], x.length));
  return {
    option: {
      grid: { left: 48, right: 16, top: 16, bottom: 64 },
      legend: { bottom: 0 },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      xAxis: { type: 'category', data: x },
      yAxis: { type: 'value', minInterval: 1 },
      series: channels.map((c, k) => ({
        type: 'bar',
        stack: 'virus',
        name: labels.channelName(c),
        itemStyle: { color: channelColor(c) },
        data: per[k],
      })),
    },
    table: {
      columns: [labels.date, ...channels.map(labels.channelName), labels.total],
      rows: x.map((l, i) => {
        const vals = per.map((p) => p[i]);
        return [l, ...vals, sum(vals)];
      }),
    },
    total: sum(channels.map((c) => v.byChannel[c] ?? 0)),
  };
}

/** The running total of detections per channel over the period, one line per channel. */
export function virusCumulativeChart(v: VirusInput, { lang, labels }: ChartContext): TotalledChartSpec {
  const channels = virusChannels(v);
  const x = v.buckets.map((b) => fmtBucket(b, v.bucket, lang));
  const per = channels.map((c) => {
    const given = v.byChannelCumulative?.[c];
    if (given) return aligned(given, x.length);
    let run = 0;
    return aligned(v.byChannelOverTime[c], x.length).map((n) => (run += n));
  });
  const last = per.map((p) => p[p.length - 1] ?? 0);
  return {
    option: {
      grid: { left: 48, right: 16, top: 16, bottom: 64 },
      legend: { bottom: 0 },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      xAxis: { type: 'category', data: x },
      yAxis: { type: 'value', minInterval: 1 },
      series: channels.map((c, k) => ({
        type: 'line',
        name: labels.channelName(c),
        itemStyle: { color: channelColor(c) },
        lineStyle: { color: channelColor(c) },
        symbolSize: 4,
        data: per[k],
      })),
    },
    table: {
      columns: [labels.date, ...channels.map(labels.channelName), labels.total],
      rows: x.map((l, i) => {
        const vals = per.map((p) => p[i]);
        return [l, ...vals, sum(vals)];
      }),
    },
    total: sum(last),
  };
}

/** The period's detections by channel as a doughnut, with each channel's share in the table. */
export function virusChannelShareChart(v: VirusInput, { lang, labels }: ChartContext): TotalledChartSpec {
  const channels = virusChannels(v);
  const n = (c: string) => v.byChannel[c] ?? 0;
  const total = sum(channels.map(n));
  return {
    option: pieOption(
      channels.map((c) => ({
        name: labels.channelName(c),
        value: n(c),
        itemStyle: { color: channelColor(c) },
      })),
      '{b}\n{d}%',
    ),
    table: {
      columns: [labels.channel, labels.cumulative, labels.share],
      rows: channels.map((c) => [labels.channelName(c), n(c), fmtShare(n(c), total, lang)]),
    },
    total,
  };
}

export interface VirusFamilyOptions {
  /** 'pie' as in the portal (default); 'bar' (largest on top) reads better with many families. */
  kind?: 'pie' | 'bar';
}

/** The period's detections by virus family, with each family's share in the table. */
export function virusFamilyChart(
  v: Pick<VirusInput, 'byFamily'>,
  { lang, labels }: ChartContext,
  { kind = 'pie' }: VirusFamilyOptions = {},
): TotalledChartSpec {
  const fams = v.byFamily.map((f) => ({ name: familyName(f.family, labels.unknownFamily), value: f.n }));
  const total = sum(fams.map((f) => f.value));
  const option: ChartOption =
    kind === 'pie'
      ? pieOption(fams, '{b}\n{d}%')
      : {
          grid: { left: 16, right: 40, top: 8, bottom: 24 },
          tooltip: { trigger: 'axis', renderMode: 'richText' },
          xAxis: { type: 'value', minInterval: 1 },
          yAxis: { type: 'category', inverse: true, data: fams.map((f) => f.name) },
          series: [
            {
              type: 'bar',
              name: labels.cumulative,
              barMaxWidth: 28,
              label: { show: true, position: 'right' },
              data: fams.map((f) => f.value),
            },
          ],
        };
  return {
    option,
    table: {
      columns: [labels.family, labels.cumulative, labels.share],
      rows: fams.map((f) => [f.name, f.value, fmtShare(f.value, total, lang)]),
    },
    total,
  };
}
